import { CareErrorCode, CareConflict } from '../cases/care.exception';
import { CareRecordEntity } from './care-record.entity';

type Closable = Pick<CareRecordEntity, 'status' | 'closedAt'>;

/** Why INM's care of the child ended, and the rule that says so. */
function closing(record: Closable): { why: string; rule: string } {
  return record.status === 'EXIT_ADULT_FLOW'
    ? { why: 'a competent age determination took the person out of the child flow', rule: 'GD-12' }
    : { why: 'the child was handed to DIF, which continues care outside INM', rule: 'LM-01' };
}

/**
 * LM-01, DOMAIN.md 4.2 TRANSFERRED: once the child is handed to DIF, INM's care record takes only
 * what happened before the hand-over, as a late record (it is LM-11 evidence, often written up
 * after the fact); anything dated after it is DIF's care, not INM's, and is refused. The same
 * holds after an exit from the child flow (GD-12).
 */
export function assertBeforeClosing(record: Closable, at: Date, field: string): void {
  if (!record.closedAt || at.getTime() <= record.closedAt.getTime()) return;
  const closedAt = record.closedAt.toISOString();
  const { why, rule } = closing(record);
  throw new CareConflict(
    CareErrorCode.RECORD_CLOSED,
    `The care record closed at ${closedAt}: ${why}. Only what happened before can still be recorded.`,
    rule,
    [{ field, rule: 'beforeClosing', message: `${field} must not be after the record closed (${closedAt})` }],
  );
}

/** A placement decides where the child stays now: after the closing that is no longer INM's care. */
export function assertOpenForPlacement(record: Closable): void {
  if (!record.closedAt) return;
  const { why, rule } = closing(record);
  throw new CareConflict(CareErrorCode.RECORD_CLOSED, `The care record closed at ${record.closedAt.toISOString()}: ${why}. INM no longer places the child.`, rule);
}
