import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { CurrentPrincipal, InvalidInputError, Principal, Roles } from '@opis/platform';

import { CreateSuspensionDto, PutHolidayDto } from './calendar.dto';
import { CalendarAdminService, CalendarView } from './calendar.service';

const yearPipe = new ParseIntPipe({
  optional: true,
  exceptionFactory: () => new InvalidInputError([{ field: 'year', rule: 'isInt', message: 'year must be an integer' }]),
});

@ApiTags('working-day calendar')
@Controller('v1/calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarAdminService) {}

  @Get()
  @Roles('officer', 'supervisor', 'office-admin', 'auditor', 'national')
  @ApiOperation({ summary: 'The federal rest days of a year (LFT art. 74) with the administrator’s holidays and suspensions' })
  public async view(@Query('year', yearPipe) year: number | undefined): Promise<CalendarView> {
    return this.calendar.view(year ?? new Date().getUTCFullYear());
  }

  @Put('holidays/:day')
  @Roles('office-admin', 'national')
  @ApiOperation({ summary: 'Add a rest day on which legal terms do not run' })
  public async putHoliday(@CurrentPrincipal() principal: Principal, @Param('day') day: string, @Body() body: PutHolidayDto) {
    return this.calendar.putHoliday(principal, day, body);
  }

  @Delete('holidays/:day')
  @ApiOperation({ summary: 'Remove an administrator-defined holiday' })
  @HttpCode(204)
  @Roles('office-admin', 'national')
  public async deleteHoliday(@CurrentPrincipal() principal: Principal, @Param('day') day: string): Promise<void> {
    await this.calendar.deleteHoliday(principal, day);
  }

  @Post('suspensions')
  @Roles('office-admin', 'national')
  @ApiOperation({ summary: 'A period in which terms are suspended by official notice (IP-08)' })
  public async addSuspension(@CurrentPrincipal() principal: Principal, @Body() body: CreateSuspensionDto) {
    return this.calendar.addSuspension(principal, body);
  }
}
