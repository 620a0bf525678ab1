/**
 * Where the service reads the time for its timers (task opening, escalation, shifts on duty).
 * Injected so that a test can move time forward instead of waiting for it.
 */
export abstract class Clock {
  public abstract now(): Date;
}

export class SystemClock extends Clock {
  public now(): Date {
    return new Date();
  }
}

/** A clock a test moves by hand; it starts at the real time. */
export class ControllableClock extends Clock {
  private offsetMs = 0;

  public now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  public advance(minutes: number): Date {
    this.offsetMs += minutes * 60_000;
    return this.now();
  }
}
