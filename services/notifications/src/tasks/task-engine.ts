import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { EventEnvelope, uuidv7 } from '@opis/contracts-envelope';
import { CaseTransferredV1 } from '@opis/contracts-intake';

import { CaseDirectory } from '../cases/case-directory';
import { Clock } from '../clock';
import { EscalationRuleRepository } from '../escalation/escalation-rule.repository';
import { NotificationsConfig } from '../notifications.config';
import { OnDuty, ShiftRepository } from '../shifts/shift.repository';
import { decide, DeadLetterOpening, TaskOpening } from '../triggers/trigger-catalog';
import { NewDelivery, RecipientReason, TaskRepository, TaskRow } from './task.repository';
import { ESCALATION_ACTOR, SERVICE_ACTOR, TaskChanges } from './task-changes';

/** Levels of a task: whom it was addressed to, the office's supervisors, the national duty officer. */
export const LEVEL_ADDRESSED = 0;
export const LEVEL_SUPERVISOR = 1;
export const LEVEL_NATIONAL = 2;

interface Recipient extends OnDuty {
  reason: RecipientReason;
}

const minutesAfter = (at: Date, minutes: number): Date => new Date(at.getTime() + minutes * 60_000);

/**
 * Opens, clears and escalates tasks, in the caller's transaction: a consumer's batch, or the
 * escalation job's claim. Whom a level reaches is read from the roster at that moment.
 */
@Injectable()
export class TaskEngine {
  constructor(
    private readonly tasks: TaskRepository,
    private readonly changes: TaskChanges,
    private readonly rules: EscalationRuleRepository,
    private readonly shifts: ShiftRepository,
    private readonly cases: CaseDirectory,
    private readonly clock: Clock,
    private readonly config: NotificationsConfig,
  ) {}

  /** Applies one event of any stream: the case directory, then what the trigger catalog decides. */
  public async applyEvent(envelope: EventEnvelope, manager: EntityManager): Promise<void> {
    if (this.cases.handles(envelope)) await this.cases.apply(manager, envelope);
    const decision = decide(envelope);
    const now = this.clock.now();
    if (decision.clear) {
      const closed = await this.tasks.closeConditions(manager, envelope.caseId, decision.clear.conditions, {
        at: now,
        by: 'system',
        outcome: 'CLEARED',
        eventId: envelope.id,
      });
      for (const task of closed) await this.changes.closed(manager, task, { at: now, outcome: 'CLEARED' }, SERVICE_ACTOR);
    }
    if (decision.open) await this.open(manager, envelope, decision.open, now);
    if (envelope.type === 'intake.case.transferred') await this.transfer(manager, envelope.caseId, (envelope.data as CaseTransferredV1).toOffice, now);
  }

  /**
   * A transferred case's open tasks go with it: the receiving office's people of the task's level
   * are added (the sending office's stay, so that nobody loses sight of what they acknowledged).
   */
  private async transfer(manager: EntityManager, caseId: string, officeCode: string, now: Date): Promise<void> {
    for (const task of await this.tasks.moveOpenTasks(manager, caseId, officeCode)) {
      const recipients =
        task.level === LEVEL_NATIONAL
          ? []
          : task.level === LEVEL_SUPERVISOR || task.addressedRole === 'SUPERVISOR'
            ? await this.supervisors(manager, officeCode, now)
            : await this.officers(manager, caseId, officeCode, now);
      if (task.status === 'OPEN') await this.reach(manager, task.id, recipients, task.level, now);
      else await this.tasks.addRecipients(manager, task.id, recipients, task.level, now);
      await this.changes.transferred(manager, task, officeCode, now);
    }
  }

  /** A task about the case a dead letter holds back (once per dead letter). */
  public async openDeadLetter(manager: EntityManager, opening: DeadLetterOpening): Promise<void> {
    await this.open(manager, { id: opening.sourceId, caseId: opening.caseId, officeCode: opening.officeCode }, opening, this.clock.now());
  }

  private async open(manager: EntityManager, envelope: Pick<EventEnvelope, 'id' | 'caseId' | 'officeCode'>, opening: TaskOpening, now: Date): Promise<void> {
    const rule = await this.rules.ruleFor(manager, opening.trigger, envelope.officeCode);
    const id = uuidv7();
    const dueAt = minutesAfter(now, rule.dueMinutes);
    const inserted = await this.tasks.insert(manager, {
      id,
      trigger: opening.trigger,
      subjectCode: opening.subject,
      conditionKey: opening.condition,
      sourceEventId: envelope.id,
      caseId: envelope.caseId,
      officeCode: envelope.officeCode,
      addressedRole: rule.addressedRole,
      openedAt: now,
      dueAt,
      escalateAt: minutesAfter(now, rule.ackMinutes),
      supervisorMinutes: rule.supervisorMinutes,
    });
    if (!inserted) return;
    // A later alert of the same condition (the breach after the warning, COMAR's day 40 after day 30) replaces the earlier task.
    const superseded = await this.tasks.closeConditions(manager, envelope.caseId, [opening.condition], {
      at: now,
      by: 'system',
      outcome: 'SUPERSEDED',
      eventId: envelope.id,
      exceptId: id,
    });
    for (const task of superseded) await this.changes.closed(manager, task, { at: now, outcome: 'SUPERSEDED' }, SERVICE_ACTOR);
    const recipients = rule.addressedRole === 'SUPERVISOR' ? await this.supervisors(manager, envelope.officeCode, now) : await this.officers(manager, envelope.caseId, envelope.officeCode, now);
    await this.reach(manager, id, recipients, LEVEL_ADDRESSED, now);
    await this.changes.opened(
      manager,
      { id, trigger: opening.trigger, caseId: envelope.caseId, officeCode: envelope.officeCode, level: LEVEL_ADDRESSED, openedAt: now, addressedRole: rule.addressedRole, dueAt },
      SERVICE_ACTOR,
    );
  }

  /**
   * The next level of a task whose timer ran out (claimed and locked by the caller): the office's
   * supervisors, then the national duty officer. A task addressed to supervisors goes straight to
   * the national duty officer.
   */
  public async escalate(manager: EntityManager, task: TaskRow, now: Date): Promise<number> {
    const next = task.level === LEVEL_ADDRESSED && task.addressedRole === 'OFFICER' ? LEVEL_SUPERVISOR : LEVEL_NATIONAL;
    const escalateAt = next === LEVEL_SUPERVISOR ? minutesAfter(now, task.supervisorMinutes) : null;
    await this.tasks.setLevel(manager, task.id, next, escalateAt);
    const recipients = next === LEVEL_SUPERVISOR ? await this.supervisors(manager, task.officeCode, now) : await this.nationalDuty(manager, now);
    await this.reach(manager, task.id, recipients, next, now);
    await this.changes.escalated(manager, { ...task, level: next }, now, ESCALATION_ACTOR);
    return next;
  }

  /** The assigned officer (who sees it in their list even off duty), and the officers on shift unless the assigned one is. */
  private async officers(manager: EntityManager, caseId: string, officeCode: string, now: Date): Promise<Recipient[]> {
    const assignedTo = (await this.cases.find(manager, caseId))?.assignedOfficer;
    const recipients: Recipient[] = [];
    if (assignedTo) {
      const contact = await this.shifts.contactOf(manager, assignedTo, now);
      // Off duty, the assigned officer keeps it in their list but is not woken: the officers on shift are.
      recipients.push(contact.onDuty ? { ...contact, reason: 'ASSIGNED' } : { subject: assignedTo, email: null, phone: null, reason: 'ASSIGNED' });
      if (contact.onDuty) return recipients;
    }
    const onShift = await this.shifts.onDuty(manager, officeCode, 'OFFICER', now);
    return [...recipients, ...onShift.filter((duty) => duty.subject !== assignedTo).map((duty) => ({ ...duty, reason: 'ON_SHIFT' as const }))];
  }

  /** The office's supervisors on duty; if none is (a gap in the roster), those of the last shift. */
  private async supervisors(manager: EntityManager, officeCode: string, now: Date): Promise<Recipient[]> {
    const onDuty = await this.shifts.onDuty(manager, officeCode, 'SUPERVISOR', now);
    const reached = onDuty.length > 0 ? onDuty : await this.shifts.lastOnDuty(manager, officeCode, 'SUPERVISOR', now);
    return reached.map((duty) => ({ ...duty, reason: 'SUPERVISOR' as const }));
  }

  /** The national duty officer on duty; if none is, the last one. */
  private async nationalDuty(manager: EntityManager, now: Date): Promise<Recipient[]> {
    const onDuty = await this.shifts.onDuty(manager, null, 'NATIONAL_DUTY', now);
    const reached = onDuty.length > 0 ? onDuty : await this.shifts.lastOnDuty(manager, null, 'NATIONAL_DUTY', now);
    return reached.map((duty) => ({ ...duty, reason: 'NATIONAL_DUTY' as const }));
  }

  /** Puts the recipients on the task and queues their email and SMS (the channels this deployment has). */
  private async reach(manager: EntityManager, taskId: string, recipients: Recipient[], level: number, now: Date): Promise<void> {
    const added = new Set(await this.tasks.addRecipients(manager, taskId, recipients, level, now));
    const deliveries: NewDelivery[] = [];
    for (const recipient of recipients) {
      // Someone already on the task from a lower level is reached again at this one (a supervisor who ignored it).
      if (!added.has(recipient.subject) && level === LEVEL_ADDRESSED) continue;
      if (recipient.email && this.config.NOTIFY_SMTP_URL) deliveries.push({ taskId, channel: 'EMAIL', recipient: recipient.subject, address: recipient.email, level, at: now });
      if (recipient.phone && this.config.NOTIFY_SMS_WEBHOOK_URL) deliveries.push({ taskId, channel: 'SMS', recipient: recipient.subject, address: recipient.phone, level, at: now });
    }
    await this.tasks.addDeliveries(manager, deliveries);
  }
}
