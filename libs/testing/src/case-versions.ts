import { ServiceName } from '@opis/contracts-envelope';

/**
 * The `caseVersion` of each event a test publishes straight to NATS, as the producer's outbox
 * would give it: per producing stream and case, 1 for the first event, then one more per event,
 * with no gaps (consumers apply a case's events in this order and wait for a missing one). A test
 * that redelivers or reorders an event on purpose publishes the envelope it got again instead.
 */
export class CaseVersions {
  private readonly last = new Map<string, number>();

  /** The version of the next event of `caseId` in `stream`'s stream. */
  public next(stream: ServiceName, caseId: string): number {
    const version = this.current(stream, caseId) + 1;
    this.last.set(key(stream, caseId), version);
    return version;
  }

  /** The version given last (0 before the first). */
  public current(stream: ServiceName, caseId: string): number {
    return this.last.get(key(stream, caseId)) ?? 0;
  }
}

const key = (stream: ServiceName, caseId: string): string => `${stream} ${caseId}`;
