import { CaseOrder1764460000004 } from './case-order.migration';
import { InboxCheckpoint1764460000003 } from './inbox-checkpoint.migration';
import { MessagingTables1764460000000 } from './messaging-tables.migration';
import { OutboxWakeByWriters1764460000002 } from './outbox-wake.migration';

/** The messaging tables' migrations, in order: spread them into every service's migration list. */
export const MESSAGING_MIGRATIONS = [
  MessagingTables1764460000000,
  OutboxWakeByWriters1764460000002,
  InboxCheckpoint1764460000003,
  CaseOrder1764460000004,
];
