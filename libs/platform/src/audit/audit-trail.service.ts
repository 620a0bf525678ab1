import { OfficeCode, uuidv7 } from '@opis/contracts-envelope';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

import { Principal } from '../auth/principal';
import { RequestMeta } from '../auth/request-meta.decorator';
import { SqlWrite } from '../database/single-statement-write';
import { DomainError } from '../errors/domain-error';
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
    const [id] = await this.recordMany([entry], manager);
    return id;
  }

  /**
   * Runs a change that concerns no case (reference data): a refusal by a rule or by scope is
   * recorded with its code and rule, outside the change's rolled-back transaction, and rethrown.
   */
  public async refusalsRecorded<T>(
    caller: { principal: Pick<Principal, 'subject' | 'roles'>; meta?: Partial<RequestMeta> },
    action: string,
    change: () => Promise<T>,
    officeCode: OfficeCode | null = null,
  ): Promise<T> {
    try {
      return await change();
    } catch (error) {
      if (error instanceof DomainError) {
        await this.record({ actor: caller.principal, action, officeCode, outcome: 'refused', reason: error.rule ? `${error.code} ${error.rule}` : error.code, ...caller.meta });
      }
      throw error;
    }
  }

  /** Records several entries in one statement (e.g. every case a list showed). */
  public async recordMany(entries: readonly AuditEntry[], manager?: EntityManager): Promise<string[]> {
    if (entries.length === 0) return [];
    const { ids, write } = this.entriesWrite(entries);
    await (manager ?? this.dataSource.manager).query(write.sql, write.params as unknown[]);
    return ids;
  }

  /** The insert of `entries` as a write to combine with a state change (`writeAtomically`). */
  public entriesWrite(entries: readonly AuditEntry[]): { ids: string[]; write: SqlWrite } {
    const ids = entries.map(() => uuidv7());
    const column = <T>(pick: (entry: AuditEntry) => T) => entries.map(pick);
    const write: SqlWrite = {
      sql: `INSERT INTO audit_log
         (id, occurred_at, actor_subject, actor_roles, action, case_id, office_code, outcome, reason, source_ip, request_id)
       SELECT e.id, e.occurred_at, e.actor_subject, string_to_array(e.actor_roles, ','), e.action, e.case_id,
              e.office_code, e.outcome, e.reason, e.source_ip, e.request_id
       FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::uuid[], $7::text[],
                   $8::text[], $9::text[], $10::text[], $11::text[])
         AS e(id, occurred_at, actor_subject, actor_roles, action, case_id, office_code, outcome, reason, source_ip, request_id)`,
      params: [
        ids,
        column((entry) => entry.occurredAt ?? new Date()),
        column((entry) => entry.actor.subject),
        // Roles are fixed words without commas, so a joined list round-trips through unnest.
        column((entry) => entry.actor.roles.join(',')),
        column((entry) => entry.action),
        column((entry) => entry.caseId ?? null),
        column((entry) => entry.officeCode ?? null),
        column((entry) => entry.outcome),
        column((entry) => entry.reason ?? null),
        column((entry) => entry.sourceIp ?? null),
        column((entry) => entry.requestId ?? null),
      ],
    };
    return { ids, write };
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
