import { uuidv7 } from '@opis/contracts-envelope';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

import { AuditEntry, AuditOutcome, AuditRecord } from './audit-entry';

interface AuditRow {
  id: string;
  occurred_at: Date;
  actor_subject: string;
  actor_roles: string[];
  action: string;
  case_id: string | null;
  office_code: string | null;
  outcome: AuditOutcome;
  reason: string | null;
  source_ip: string | null;
  request_id: string | null;
}

/** Writes and reads the service's append-only audit trail (table `audit_log`). */
@Injectable()
export class AuditTrail {
  constructor(private readonly dataSource: DataSource) {}

  /** Records one entry; with `manager`, inside the caller's transaction so both commit or neither. */
  public async record(entry: AuditEntry, manager?: EntityManager): Promise<string> {
    const id = uuidv7();
    await (manager ?? this.dataSource.manager).query(
      `INSERT INTO audit_log
         (id, occurred_at, actor_subject, actor_roles, action, case_id, office_code, outcome, reason, source_ip, request_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        id,
        entry.occurredAt ?? new Date(),
        entry.actor.subject,
        [...entry.actor.roles],
        entry.action,
        entry.caseId ?? null,
        entry.officeCode ?? null,
        entry.outcome,
        entry.reason ?? null,
        entry.sourceIp ?? null,
        entry.requestId ?? null,
      ],
    );
    return id;
  }

  /** A case's entries, oldest first: for auditors and tests. */
  public async listForCase(caseId: string, manager?: EntityManager): Promise<AuditRecord[]> {
    const rows: AuditRow[] = await (manager ?? this.dataSource.manager).query(
      `SELECT * FROM audit_log WHERE case_id = $1 ORDER BY occurred_at, id`,
      [caseId],
    );
    return rows.map((row) => ({
      id: row.id,
      occurredAt: row.occurred_at,
      actorSubject: row.actor_subject,
      actorRoles: row.actor_roles,
      action: row.action,
      caseId: row.case_id,
      officeCode: row.office_code,
      outcome: row.outcome,
      reason: row.reason,
      sourceIp: row.source_ip,
      requestId: row.request_id,
    }));
  }
}
