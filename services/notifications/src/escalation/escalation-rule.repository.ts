import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';

import { EscalationRuleEntity } from './escalation-rule.entity';

/** The national default's office: every office without a rule of its own follows it. */
export const NATIONAL_DEFAULT = '*';

export interface EscalationRule {
  trigger: string;
  /** An office code, or `*` for the national default. */
  officeCode: string;
  addressedRole: 'OFFICER' | 'SUPERVISOR';
  dueMinutes: number;
  /** Unacknowledged this long after opening: to the office's supervisors (or, if they were addressed, the national duty officer). */
  ackMinutes: number;
  /** Then unacknowledged this long at the supervisors: to the national duty officer. */
  supervisorMinutes: number;
  updatedBy: string;
  updatedAt: Date;
}

interface RuleRecord {
  trigger: string;
  office_code: string;
  addressed_role: 'OFFICER' | 'SUPERVISOR';
  due_minutes: number;
  ack_minutes: number;
  supervisor_minutes: number;
  updated_by: string;
  updated_at: Date;
}

const toRule = (record: RuleRecord): EscalationRule => ({
  trigger: record.trigger,
  officeCode: record.office_code,
  addressedRole: record.addressed_role,
  dueMinutes: record.due_minutes,
  ackMinutes: record.ack_minutes,
  supervisorMinutes: record.supervisor_minutes,
  updatedBy: record.updated_by,
  updatedAt: record.updated_at,
});

/** When no row exists at all for a trigger (a trigger added without its migration): address supervisors, escalate fast. */
const FALLBACK: Omit<EscalationRule, 'trigger' | 'officeCode' | 'updatedAt'> = {
  addressedRole: 'SUPERVISOR',
  dueMinutes: 60,
  ackMinutes: 15,
  supervisorMinutes: 30,
  updatedBy: 'fallback',
};

/** Escalation rules as data: per trigger and office, the national default where an office has none. */
@Injectable()
export class EscalationRuleRepository {
  public async ruleFor(manager: EntityManager, trigger: string, officeCode: string): Promise<EscalationRule> {
    const records: RuleRecord[] = await manager.query(
      `SELECT * FROM escalation_rule WHERE trigger = $1 AND office_code IN ($2, '*') ORDER BY (office_code = '*') LIMIT 1`,
      [trigger, officeCode],
    );
    return records[0] ? toRule(records[0]) : { ...FALLBACK, trigger, officeCode: NATIONAL_DEFAULT, updatedAt: new Date(0) };
  }

  /** The national defaults and the rules of these offices, by trigger then office ('*' first). */
  public async list(manager: EntityManager, offices: string[]): Promise<EscalationRule[]> {
    return manager.find(EscalationRuleEntity, { where: { officeCode: In([NATIONAL_DEFAULT, ...offices]) }, order: { trigger: 'ASC', officeCode: 'ASC' } });
  }

  public async upsert(manager: EntityManager, rule: Omit<EscalationRule, 'updatedAt'>): Promise<EscalationRule> {
    const [record]: RuleRecord[] = await manager.query(
      `INSERT INTO escalation_rule (trigger, office_code, addressed_role, due_minutes, ack_minutes, supervisor_minutes, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (trigger, office_code) DO UPDATE SET addressed_role = $3, due_minutes = $4, ack_minutes = $5,
         supervisor_minutes = $6, updated_by = $7, updated_at = clock_timestamp()
       RETURNING *`,
      [rule.trigger, rule.officeCode, rule.addressedRole, rule.dueMinutes, rule.ackMinutes, rule.supervisorMinutes, rule.updatedBy],
    );
    return toRule(record);
  }
}
