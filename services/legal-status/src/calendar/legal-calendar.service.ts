import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { WorkingDayCalendar } from '@opis/platform';

import { CalendarRepository } from './calendar.repository';

/** The federal calendar with the administrator's holidays and suspensions as stored now (IP-08). */
@Injectable()
export class LegalCalendar {
  constructor(private readonly calendar: CalendarRepository) {}

  public async load(manager: EntityManager): Promise<WorkingDayCalendar> {
    const holidays = await this.calendar.findHolidays(manager);
    // A withdrawn suspension no longer stops terms: the deadlines it moved move back.
    const suspensions = (await this.calendar.findSuspensions(manager)).filter((suspension) => suspension.withdrawal === null);
    return new WorkingDayCalendar({
      extraHolidays: holidays.map((holiday) => holiday.day),
      suspensions: suspensions.map((suspension) => ({ from: suspension.from, to: suspension.to })),
    });
  }
}
