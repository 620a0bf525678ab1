import { distinctCasePrefix, isRefusal, isSilence, outboxReadFloor } from './relay-batch';

describe('distinctCasePrefix', () => {
  it('stops before the first case seen twice', () => {
    const rows = ['a', 'b', 'c', 'a', 'd'].map((caseId, i) => ({ caseId, i }));
    expect(distinctCasePrefix(rows).map((r) => r.i)).toEqual([0, 1, 2]);
  });

  it('takes one row when one case has many events', () => {
    expect(distinctCasePrefix([{ caseId: 'a' }, { caseId: 'a' }])).toHaveLength(1);
    expect(distinctCasePrefix([])).toEqual([]);
  });
});

describe('isRefusal', () => {
  const named = (name: string, message = 'x'): Error => Object.assign(new Error(message), { name });

  it('counts JetStream refusing this message, not silence that says nothing about it', () => {
    expect(isRefusal(named('JetStreamApiError', 'message size exceeds maximum allowed'))).toBe(true);
    expect(isRefusal(named('InvalidArgumentError'))).toBe(true);
    expect(isRefusal(new Error('MAX_PAYLOAD_EXCEEDED: max payload exceeded'))).toBe(true);
    expect(isRefusal(named('TimeoutError', 'timeout'))).toBe(false);
    expect(isRefusal(named('NoRespondersError', 'no responders'))).toBe(false);
    expect(isRefusal(named('ClosedConnectionError', 'closed connection'))).toBe(false);
    expect(isRefusal('not an error')).toBe(false);
  });

  it('calls timeouts and lost connections silence, which never count against a message', () => {
    expect(isSilence(named('TimeoutError', 'timeout'))).toBe(true);
    expect(isSilence(named('ClosedConnectionError', 'closed connection'))).toBe(true);
    expect(isSilence(named('JetStreamNotEnabled', 'jetstream is not enabled'))).toBe(false);
    expect(isSilence(named('NoRespondersError', 'no responders'))).toBe(false);
  });
});

describe('outboxReadFloor', () => {
  const settings = { laggardWindow: 256, fullScanIntervalMs: 1_000 };

  it('reads from the start before anything was published and whenever a full read is due', () => {
    expect(outboxReadFloor({ ...settings, now: 10_000, lastFullScanAt: 9_900, highestPublished: 0n })).toBe(0n);
    expect(outboxReadFloor({ ...settings, now: 10_000, lastFullScanAt: 9_000, highestPublished: 5_000n })).toBe(0n);
  });

  it('reads from the window below the highest published position in between', () => {
    expect(outboxReadFloor({ ...settings, now: 10_000, lastFullScanAt: 9_500, highestPublished: 5_000n })).toBe(4_744n);
    expect(outboxReadFloor({ ...settings, now: 10_000, lastFullScanAt: 9_500, highestPublished: 100n })).toBe(0n);
  });
});
