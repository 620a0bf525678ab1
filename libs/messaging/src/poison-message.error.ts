/**
 * Thrown by a handler (or the decoder) for a message that can never be handled: it goes to
 * the dead letters at once instead of being retried.
 */
export class PoisonMessageError extends Error {
  public override readonly name = 'PoisonMessageError';

  constructor(public readonly reason: string) {
    super(reason);
  }
}
