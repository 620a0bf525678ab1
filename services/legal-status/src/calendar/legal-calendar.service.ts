import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { WorkingDayCalendar } from '@opis/platform';

import { LegalRepository } from '../records/legal.repository';

/** The federal calendar with the administrator's holidays and suspensions as stored now (IP-08). */
@Injectable()
export class LegalCalendar {
  constructor(private readonly records: LegalRepository) {}

  public async load(manager: EntityManager): Promise<WorkingDayCalendar> {
    const holidays = await this.records.findHolidays(manager);
    const suspensions = await this.records.findSuspensions(manager);
    return new WorkingDayCalendar({
      extraHolidays: holidays.map((holiday) => holiday.day),
      suspensions: suspensions.map((suspension) => ({ from: suspension.startsOn, to: suspension.endsOn })),
    });
  }
}
