/** Resolves after `ms`, or at once when `signal` aborts (stopping must not wait out a backoff). */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Exponential backoff with jitter, so several instances do not retry in step. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30), maxMs);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** A wake-up flag: a notify that comes while nobody waits is kept for the next wait. */
export class WakeSignal {
  private pending = false;
  private release: (() => void) | undefined;

  public notify(): void {
    this.pending = true;
    this.release?.();
  }

  public reset(): void {
    this.pending = false;
  }

  public wait(timeoutMs: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.release = undefined;
        this.pending = false;
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.release = done;
    });
  }
}
