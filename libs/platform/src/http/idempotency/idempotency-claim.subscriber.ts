import { EntitySubscriberInterface, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';

import { releaseClaim, takePendingClaim } from './idempotency-key';

/**
 * Writes a keyed POST's Idempotency-Key claim into the first transaction it commits, for changes
 * that go through `dataSource.transaction` rather than writeAtomically.
 */
export class IdempotencyClaimSubscriber implements EntitySubscriberInterface {
  public async beforeTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    const claim = takePendingClaim(event.queryRunner);
    if (claim) await event.queryRunner.query(claim.sql, claim.params as unknown[]);
  }

  public afterTransactionRollback(event: TransactionRollbackEvent): void {
    releaseClaim(event.queryRunner);
  }
}
