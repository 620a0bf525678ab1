/**
 * Hand-over from the puller to the applier. The applier takes everything that arrived while it
 * was busy (up to a limit), so a burst becomes one transaction and a lone message waits for
 * nothing; the puller waits while the queue is full, so unacked messages do not pile up here.
 * One giver and one taker: a second waiting taker (or giver) would never be woken.
 */
export class DeliveryQueue<T> {
  private items: T[] = [];
  private closed = false;
  private wakeTaker: (() => void) | undefined;
  private wakeGiver: (() => void) | undefined;

  constructor(private readonly capacity: number) {
    if (!(capacity >= 1)) throw new Error(`queue capacity must be at least 1, got ${capacity}`);
  }

  public get size(): number {
    return this.items.length;
  }

  public get isClosed(): boolean {
    return this.closed;
  }

  /** False when the queue is closed (the caller gives the item back); otherwise resolves once there is room. */
  public async put(item: T): Promise<boolean> {
    if (this.closed) return false;
    this.items.push(item);
    this.wake('taker');
    while (this.items.length >= this.capacity && !this.closed) {
      await new Promise<void>((resolve) => (this.wakeGiver = resolve));
    }
    return true;
  }

  /** Up to `max` items in arrival order, waiting for the first; empty once closed and drained. */
  public async take(max: number): Promise<T[]> {
    while (this.items.length === 0 && !this.closed) {
      await new Promise<void>((resolve) => (this.wakeTaker = resolve));
    }
    const taken = this.items.splice(0, Math.max(1, max));
    this.wake('giver');
    return taken;
  }

  /** No more puts; a waiting take gets what is left, then empty. */
  public close(): void {
    this.closed = true;
    this.wake('taker');
    this.wake('giver');
  }

  /** Removes and returns everything still queued. */
  public drain(): T[] {
    const left = this.items;
    this.items = [];
    this.wake('giver');
    return left;
  }

  private wake(who: 'taker' | 'giver'): void {
    const wake = who === 'taker' ? this.wakeTaker : this.wakeGiver;
    if (who === 'taker') this.wakeTaker = undefined;
    else this.wakeGiver = undefined;
    wake?.();
  }
}

/**
 * The lane (0 .. lanes - 1) of a case: a hash of its id (FNV-1a), so all events of one case go
 * through one lane, in order, whatever instance or run computes it.
 */
export function laneOf(caseId: string, lanes: number): number {
  if (lanes <= 1) return 0;
  let hash = 0x811c9dc5;
  for (let i = 0; i < caseId.length; i += 1) {
    hash ^= caseId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % lanes;
}
