import { ClaimDecision } from './case-order';
import { SelfTestFault } from './event-consumer-options';

/** A consumer's deliberate breakage for the chaos run's self-test (SELF_TEST_FAULTS); none without a fault. */
export class DeliberateFaults {
  private dropCounter = 0;

  constructor(private readonly fault: SelfTestFault | undefined) {}

  /** Applies an event that a correct consumer parks or skips. */
  public appliesAnyway(decision: ClaimDecision['decision']): boolean {
    return (this.fault === 'out-of-order' && decision === 'park') || (this.fault === 'no-dedup' && decision === 'skip');
  }

  /** Leaves an applied event to the handler every 25th time. */
  public drops(): boolean {
    if (this.fault !== 'drop') return false;
    this.dropCounter += 1;
    return this.dropCounter % 25 === 0;
  }
}
