import { uuidv7 } from '@opis/contracts-envelope';

import { DeliveryQueue, laneOf } from './delivery-queue';

describe('DeliveryQueue', () => {
  it('gives the taker everything that arrived, up to the limit, in order', async () => {
    const queue = new DeliveryQueue<number>(10);
    for (const n of [1, 2, 3, 4, 5]) await queue.put(n);
    expect(await queue.take(3)).toEqual([1, 2, 3]);
    expect(await queue.take(3)).toEqual([4, 5]);
  });

  it('wakes a waiting taker with the first item', async () => {
    const queue = new DeliveryQueue<string>(10);
    const taking = queue.take(5);
    await queue.put('a');
    expect(await taking).toEqual(['a']);
  });

  it('holds the giver while full, until a take makes room', async () => {
    const queue = new DeliveryQueue<number>(2);
    await queue.put(1);
    let admitted = false;
    const putting = queue.put(2).then(() => (admitted = true));
    await Promise.resolve();
    expect(admitted).toBe(false);
    expect(await queue.take(1)).toEqual([1]);
    await putting;
    expect(admitted).toBe(true);
  });

  it('after close: refuses puts, lets the rest be taken, then answers empty', async () => {
    const queue = new DeliveryQueue<number>(10);
    await queue.put(1);
    queue.close();
    expect(await queue.put(2)).toBe(false);
    expect(await queue.take(5)).toEqual([1]);
    expect(await queue.take(5)).toEqual([]);
  });

  it('close releases a blocked giver and a waiting taker', async () => {
    const full = new DeliveryQueue<number>(1);
    const putting = full.put(1);
    const empty = new DeliveryQueue<number>(1);
    const taking = empty.take(1);
    full.close();
    empty.close();
    await expect(putting).resolves.toBe(true);
    await expect(taking).resolves.toEqual([]);
  });

  it('drain hands back what is queued', async () => {
    const queue = new DeliveryQueue<number>(10);
    await queue.put(1);
    await queue.put(2);
    expect(queue.drain()).toEqual([1, 2]);
    expect(queue.size).toBe(0);
  });
});

describe('laneOf', () => {
  it('puts a case always in the same lane, and spreads cases over all lanes', () => {
    const cases = Array.from({ length: 400 }, () => uuidv7());
    const perLane = [0, 0, 0, 0];
    for (const caseId of cases) {
      const lane = laneOf(caseId, 4);
      expect(laneOf(caseId, 4)).toBe(lane);
      perLane[lane] = (perLane[lane] ?? 0) + 1;
    }
    for (const count of perLane) expect(count).toBeGreaterThan(50);
  });

  it('has one lane when there is no concurrency', () => {
    expect(laneOf(uuidv7(), 1)).toBe(0);
  });
});
