import { parseEvents, reconnectDelayMs } from './task-stream';

describe('the task stream', () => {
  it('reads complete events, skips comments, and keeps what is not complete yet', () => {
    const { events, rest } = parseEvents(': connected\n\nevent: task\ndata: {"seq":1}\n\n: keep-alive\n\nevent: task\r\ndata: {"seq"');
    expect(events).toEqual([{ event: 'task', data: '{"seq":1}' }]);
    expect(rest).toBe('event: task\ndata: {"seq"');
    expect(parseEvents(`${rest}:2}\n\n`).events).toEqual([{ event: 'task', data: '{"seq":2}' }]);
  });

  it('waits longer after each failure, never more than a minute', () => {
    expect([1, 2, 3, 10].map(reconnectDelayMs)).toEqual([2_000, 4_000, 8_000, 60_000]);
  });
});
