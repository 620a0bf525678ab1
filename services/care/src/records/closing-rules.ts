import { CareErrorCode, CareConflict } from '../cases/care.exception';
import { CareRecordEntity } from './care-record.entity';

type Closable = Pick<CareRecordEntity, 'closedAt'>;

/**
 * LM-01, DOMAIN.md 4.2 TRANSFERRED: once the child is handed to DIF, INM's care record takes only
 * what happened before the hand-over, as a late record (it is LM-11 evidence, often written up
 * after the fact); anything dated after it is DIF's care, not INM's, and is refused.
 */
export function assertBeforeClosing(record: Closable, at: Date, field: string): void {
  if (!record.closedAt || at.getTime() <= record.closedAt.getTime()) return;
  const closedAt = record.closedAt.toISOString();
  throw new CareConflict(
    CareErrorCode.RECORD_CLOSED,
    `The care record closed at ${closedAt}, when the child was handed to DIF, which continues care outside INM (LM-01): only what happened before the hand-over can still be recorded.`,
    'LM-01',
    [{ field, rule: 'beforeHandover', message: `${field} must not be after the hand-over to DIF (${closedAt})` }],
  );
}

/** A placement decides where the child stays now: after the hand-over that is DIF's decision. */
export function assertOpenForPlacement(record: Closable): void {
  if (!record.closedAt) return;
  throw new CareConflict(
    CareErrorCode.RECORD_CLOSED,
    `The care record closed at ${record.closedAt.toISOString()}, when the child was handed to DIF: INM no longer places the child (LM-01).`,
    'LM-01',
  );
}
