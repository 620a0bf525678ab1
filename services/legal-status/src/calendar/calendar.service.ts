import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { uuidv7 } from '@opis/contracts-envelope';
import { AuditTrail, federalRestDays, InvalidInputError, isCalendarDate, Principal, ResourceNotFoundError } from '@opis/platform';

import { LegalRepository } from '../records/legal.repository';
import { CreateSuspensionDto, PutHolidayDto } from './calendar.dto';

export interface CalendarView {
  year: number;
  federalRestDays: string[];
  holidays: Array<{ day: string; description: string }>;
  suspensions: Array<{ id: string; from: string; to: string; legalBasis: string }>;
}

/** The administrator's part of the working-day calendar: extra holidays and suspensions (IP-08). */
@Injectable()
export class CalendarAdminService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly records: LegalRepository,
    private readonly audit: AuditTrail,
  ) {}

  public async view(year: number): Promise<CalendarView> {
    const manager = this.dataSource.manager;
    return {
      year,
      federalRestDays: federalRestDays(year),
      holidays: (await this.records.findHolidays(manager)).map((holiday) => ({ day: holiday.day, description: holiday.description })),
      suspensions: (await this.records.findSuspensions(manager)).map((s) => ({ id: s.id, from: s.startsOn, to: s.endsOn, legalBasis: s.legalBasis })),
    };
  }

  public async putHoliday(principal: Principal, day: string, dto: PutHolidayDto): Promise<{ day: string; description: string }> {
    if (!isCalendarDate(day)) throw new InvalidInputError([{ field: 'day', rule: 'isDate', message: 'day must be a date (YYYY-MM-DD)' }]);
    await this.dataSource.transaction(async (manager) => {
      await this.records.upsertHoliday(manager, { day, description: dto.description, createdBy: principal.subject, createdAt: new Date() });
      await this.audit.record({ actor: principal, action: 'calendar.holiday.put', outcome: 'allowed' }, manager);
    });
    return { day, description: dto.description };
  }

  public async deleteHoliday(principal: Principal, day: string): Promise<void> {
    if (!isCalendarDate(day)) throw new InvalidInputError([{ field: 'day', rule: 'isDate', message: 'day must be a date (YYYY-MM-DD)' }]);
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.records.deleteHoliday(manager, day))) throw new ResourceNotFoundError('holiday');
      await this.audit.record({ actor: principal, action: 'calendar.holiday.delete', outcome: 'allowed' }, manager);
    });
  }

  public async addSuspension(principal: Principal, dto: CreateSuspensionDto): Promise<{ id: string; from: string; to: string; legalBasis: string }> {
    const violations = [
      ...(isCalendarDate(dto.from) ? [] : [{ field: 'from', rule: 'isDate', message: 'from must be a real date' }]),
      ...(isCalendarDate(dto.to) ? [] : [{ field: 'to', rule: 'isDate', message: 'to must be a real date' }]),
    ];
    if (violations.length === 0 && dto.to < dto.from) violations.push({ field: 'to', rule: 'notBeforeFrom', message: 'to must not be before from' });
    if (violations.length > 0) throw new InvalidInputError(violations);
    const id = uuidv7();
    await this.dataSource.transaction(async (manager) => {
      await this.records.insertSuspension(manager, { id, startsOn: dto.from, endsOn: dto.to, legalBasis: dto.legalBasis, createdBy: principal.subject, createdAt: new Date() });
      await this.audit.record({ actor: principal, action: 'calendar.suspension.add', outcome: 'allowed' }, manager);
    });
    return { id, from: dto.from, to: dto.to, legalBasis: dto.legalBasis };
  }
}
