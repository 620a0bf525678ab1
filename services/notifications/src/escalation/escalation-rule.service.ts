import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { OfficeCode } from '@opis/contracts-envelope';
import { AuditTrail, Caller, Principal, visibleOffices } from '@opis/platform';

import { NotificationsConfig } from '../notifications.config';
import { OfficeNotAllowed } from '../notifications.exception';
import { Trigger } from '../triggers/trigger-catalog';
import { EscalationRule, EscalationRuleRepository, NATIONAL_DEFAULT } from './escalation-rule.repository';

export type EscalationSettings = Pick<EscalationRule, 'addressedRole' | 'dueMinutes' | 'ackMinutes' | 'supervisorMinutes'>;

/**
 * Escalation rules are data: the national default per trigger (national-admin), and an office's
 * own (its office-admin). A new rule applies to tasks opened after it; open tasks keep their timers.
 */
@Injectable()
export class EscalationRuleService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rules: EscalationRuleRepository,
    private readonly audit: AuditTrail,
    private readonly config: NotificationsConfig,
  ) {}

  public async list(principal: Principal): Promise<EscalationRule[]> {
    return this.rules.list(this.dataSource.manager, visibleOffices(principal, this.config.OFFICES));
  }

  /** `officeCode` is an office, or NATIONAL_DEFAULT; a refusal is audited like the change. */
  public async set(caller: Caller, trigger: Trigger, officeCode: string, settings: EscalationSettings): Promise<EscalationRule> {
    const { principal, meta } = caller;
    const office = officeCode === NATIONAL_DEFAULT ? null : (officeCode as OfficeCode);
    return this.audit.refusalsRecorded(
      caller,
      'escalation-rule.set',
      async () => {
        if (office && (!principal.offices.includes(office) || (this.config.OFFICES && !this.config.OFFICES.includes(office)))) {
          throw new OfficeNotAllowed('the escalation rules', 'officeCode');
        }
        return this.dataSource.transaction(async (manager) => {
          const rule = await this.rules.upsert(manager, { trigger, officeCode, ...settings, updatedBy: principal.subject });
          await this.audit.record({ actor: principal, action: 'escalation-rule.set', officeCode: office, outcome: 'allowed', ...meta }, manager);
          return rule;
        });
      },
      office,
    );
  }
}
