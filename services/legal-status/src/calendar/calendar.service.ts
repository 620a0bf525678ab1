import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { uuidv7 } from '@opis/contracts-envelope';
import { AuditTrail, Caller, DomainError, ErrorKind, federalRestDays, InvalidInputError, isCalendarDate, ResourceNotFoundError } from '@opis/platform';

import { CreateSuspensionDto, PutHolidayDto, WithdrawSuspensionDto } from './calendar.dto';
import { CalendarRepository, SuspensionRow } from './calendar.repository';

export interface SuspensionView {
  id: string;
  from: string;
  to: string;
  legalBasis: string;
}

export interface WithdrawnSuspensionView extends SuspensionView {
  withdrawnAt: string;
  reason: string;
}

/** One suspension as it stands: in force while `withdrawal` is null. */
export interface SuspensionRecordView extends SuspensionView {
  withdrawal: { withdrawnAt: string; reason: string } | null;
}

/** A rest day the national administrator added to the federal ones. */
export interface HolidayView {
  /** The day, YYYY-MM-DD. */
  day: string;
  description: string;
}

export interface CalendarView {
  year: number;
  federalRestDays: string[];
  holidays: HolidayView[];
  /** In force: terms do not run on these days. */
  suspensions: SuspensionView[];
  /** Withdrawn, so counted again as working days; listed so that a deadline that moved back can be explained. */
  withdrawnSuspensions: WithdrawnSuspensionView[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function suspensionView(suspension: SuspensionRow): SuspensionView {
  return { id: suspension.id, from: suspension.from, to: suspension.to, legalBasis: suspension.legalBasis };
}

function suspensionRecordView(suspension: SuspensionRow): SuspensionRecordView {
  const { withdrawal } = suspension;
  return { ...suspensionView(suspension), withdrawal: withdrawal ? { withdrawnAt: withdrawal.withdrawnAt.toISOString(), reason: withdrawal.reason } : null };
}

/** Where a suspension can be read: the Location of its creation. */
export const suspensionLocation = (id: string): string => `/v1/calendar/suspensions/${id}`;

/**
 * The administrator's part of the working-day calendar: extra holidays and suspensions (IP-08).
 * National reference data: it moves COMAR and other deadlines in every office, so a national-admin
 * keeps it (the controller's roles), and every change, or change refused by a rule, is audited
 * with the request id and source address, like a change of a case.
 */
@Injectable()
export class CalendarAdminService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly calendar: CalendarRepository,
    private readonly audit: AuditTrail,
  ) {}

  public async view(year: number): Promise<CalendarView> {
    const manager = this.dataSource.manager;
    const suspensions = await this.calendar.findSuspensions(manager);
    return {
      year,
      federalRestDays: federalRestDays(year),
      holidays: (await this.calendar.findHolidays(manager)).map((holiday) => ({ day: holiday.day, description: holiday.description })),
      suspensions: suspensions.filter((suspension) => suspension.withdrawal === null).map(suspensionView),
      withdrawnSuspensions: suspensions.flatMap((suspension) =>
        suspension.withdrawal ? [{ ...suspensionView(suspension), withdrawnAt: suspension.withdrawal.withdrawnAt.toISOString(), reason: suspension.withdrawal.reason }] : [],
      ),
    };
  }

  /** One suspension, in force or withdrawn (with when and why). */
  public async suspension(id: string): Promise<SuspensionRecordView> {
    const suspension = await this.calendar.findSuspension(this.dataSource.manager, id);
    if (!suspension) throw new ResourceNotFoundError('suspension');
    return suspensionRecordView(suspension);
  }

  public async putHoliday(caller: Caller, day: string, dto: PutHolidayDto): Promise<HolidayView> {
    return this.audit.refusalsRecorded(caller, 'calendar.holiday.put', async () => {
      if (!isCalendarDate(day)) throw new InvalidInputError([{ field: 'day', rule: 'isDate', message: 'day must be a date (YYYY-MM-DD)' }]);
      await this.dataSource.transaction(async (manager) => {
        await this.calendar.upsertHoliday(manager, { day, description: dto.description, createdBy: caller.principal.subject, createdAt: new Date() });
        await this.audit.record({ actor: caller.principal, action: 'calendar.holiday.put', outcome: 'allowed', ...caller.meta }, manager);
      });
      return { day, description: dto.description };
    });
  }

  public async deleteHoliday(caller: Caller, day: string): Promise<void> {
    await this.audit.refusalsRecorded(caller, 'calendar.holiday.delete', async () => {
      if (!isCalendarDate(day)) throw new InvalidInputError([{ field: 'day', rule: 'isDate', message: 'day must be a date (YYYY-MM-DD)' }]);
      await this.dataSource.transaction(async (manager) => {
        if (!(await this.calendar.deleteHoliday(manager, day))) throw new ResourceNotFoundError('holiday');
        await this.audit.record({ actor: caller.principal, action: 'calendar.holiday.delete', outcome: 'allowed', ...caller.meta }, manager);
      });
    });
  }

  public async addSuspension(caller: Caller, dto: CreateSuspensionDto): Promise<SuspensionRecordView> {
    return this.audit.refusalsRecorded(caller, 'calendar.suspension.add', async () => {
      const violations = [
        ...(isCalendarDate(dto.from) ? [] : [{ field: 'from', rule: 'isDate', message: 'from must be a real date' }]),
        ...(isCalendarDate(dto.to) ? [] : [{ field: 'to', rule: 'isDate', message: 'to must be a real date' }]),
      ];
      if (violations.length === 0 && dto.to < dto.from) violations.push({ field: 'to', rule: 'notBeforeFrom', message: 'to must not be before from' });
      if (violations.length > 0) throw new InvalidInputError(violations);
      const id = uuidv7();
      await this.dataSource.transaction(async (manager) => {
        await this.calendar.insertSuspension(manager, { id, startsOn: dto.from, endsOn: dto.to, legalBasis: dto.legalBasis, createdBy: caller.principal.subject, createdAt: new Date() });
        await this.audit.record({ actor: caller.principal, action: 'calendar.suspension.add', outcome: 'allowed', ...caller.meta }, manager);
      });
      return { id, from: dto.from, to: dto.to, legalBasis: dto.legalBasis, withdrawal: null };
    });
  }

  /**
   * Withdraws a suspension declared by mistake or revoked: its days count again, so deadlines it
   * moved move back. The suspension stays on record with the reason, who and which request.
   */
  public async withdrawSuspension(caller: Caller, id: string, dto: WithdrawSuspensionDto): Promise<WithdrawnSuspensionView> {
    return this.audit.refusalsRecorded(caller, 'calendar.suspension.withdraw', async () => {
      if (!UUID.test(id)) throw new InvalidInputError([{ field: 'id', rule: 'isUUID', message: 'id must be a UUID' }]);
      return this.dataSource.transaction(async (manager) => {
        const suspension = await this.calendar.findSuspensionForUpdate(manager, id);
        if (!suspension) throw new ResourceNotFoundError('suspension');
        if (suspension.withdrawal) {
          throw new DomainError({
            code: 'SUSPENSION_ALREADY_WITHDRAWN',
            kind: ErrorKind.CONFLICT,
            detail: `The suspension was withdrawn at ${suspension.withdrawal.withdrawnAt.toISOString()}.`,
            violations: [{ field: 'id', rule: 'notWithdrawn', message: 'the suspension is already withdrawn' }],
          });
        }
        const withdrawnAt = new Date();
        const reason = dto.reason.trim();
        await this.calendar.insertWithdrawal(manager, { suspensionId: id, reason, withdrawnBy: caller.principal.subject, withdrawnAt, requestId: caller.meta.requestId });
        await this.audit.record({ actor: caller.principal, action: 'calendar.suspension.withdraw', outcome: 'allowed', ...caller.meta }, manager);
        return { ...suspensionView(suspension), withdrawnAt: withdrawnAt.toISOString(), reason };
      });
    });
  }
}
