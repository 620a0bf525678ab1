import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Post, Put, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';

import { ApiCreated, Caller, created, CurrentCaller, InvalidInputError, Role, Roles, uuidPipe } from '@opis/platform';

import { CreateSuspensionDto, PutHolidayDto, WithdrawSuspensionDto } from './calendar.dto';
import { CalendarAdminService, CalendarView, HolidayView, SuspensionRecordView, suspensionLocation, WithdrawnSuspensionView } from './calendar.service';

const yearPipe = new ParseIntPipe({
  optional: true,
  exceptionFactory: () => new InvalidInputError([{ field: 'year', rule: 'isInt', message: 'year must be an integer' }]),
});

const suspensionIdPipe = uuidPipe('id');

/** Every role that works on cases reads the calendar its deadlines are counted on. */
const CALENDAR_READERS: readonly Role[] = ['officer', 'supervisor', 'office-admin', 'auditor', 'national', 'national-admin'];
/**
 * A holiday or a suspension moves COMAR and other deadlines in every office: national reference
 * data, kept only by a national-admin (issue 19). Not an office-admin, whose remit is one office,
 * nor `national`, which reads every office's cases and is held by desks and integrations.
 */
const CALENDAR_KEEPERS: readonly Role[] = ['national-admin'];

const ApiHolidayDay = () => ApiParam({ name: 'day', description: 'The calendar day, YYYY-MM-DD', schema: { type: 'string', format: 'date' } });
const ApiSuspensionId = () => ApiParam({ name: 'id', description: 'The suspension’s id', schema: { type: 'string', format: 'uuid' } });

@ApiTags('working-day calendar')
@Controller('v1/calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarAdminService) {}

  @Get()
  @Roles(...CALENDAR_READERS)
  @ApiOperation({ summary: 'The federal rest days of a year (LFT art. 74) with the national administrator’s holidays and suspensions, and withdrawn suspensions' })
  @ApiQuery({ name: 'year', required: false, description: 'The year of the federal rest days (default: this year)', schema: { type: 'integer' } })
  public async view(@Query('year', yearPipe) year: number | undefined): Promise<CalendarView> {
    return this.calendar.view(year ?? new Date().getUTCFullYear());
  }

  @Put('holidays/:day')
  @Roles(...CALENDAR_KEEPERS)
  @ApiOperation({ summary: 'Add a rest day on which legal terms do not run (national-admin; audited)' })
  @ApiHolidayDay()
  public async putHoliday(
    @CurrentCaller() caller: Caller,
    @Param('day') day: string,
    @Body() body: PutHolidayDto,
  ): Promise<HolidayView> {
    return this.calendar.putHoliday(caller, day, body);
  }

  @Delete('holidays/:day')
  @ApiOperation({ summary: 'Remove an administrator-defined holiday (national-admin; audited)' })
  @HttpCode(204)
  @Roles(...CALENDAR_KEEPERS)
  @ApiHolidayDay()
  public async deleteHoliday(@CurrentCaller() caller: Caller, @Param('day') day: string): Promise<void> {
    await this.calendar.deleteHoliday(caller, day);
  }

  @Post('suspensions')
  @Roles(...CALENDAR_KEEPERS)
  @ApiOperation({ summary: 'A period in which terms are suspended by official notice (IP-08; national-admin; audited)' })
  @ApiCreated('The suspension, in force; Location reads it')
  public async addSuspension(
    @CurrentCaller() caller: Caller,
    @Body() body: CreateSuspensionDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SuspensionRecordView> {
    const suspension = await this.calendar.addSuspension(caller, body);
    created(reply, suspensionLocation(suspension.id));
    return suspension;
  }

  @Get('suspensions/:id')
  @Roles(...CALENDAR_READERS)
  @ApiOperation({ summary: 'One suspension of terms, in force or withdrawn (with when and why)' })
  @ApiSuspensionId()
  public async suspension(@Param('id', suspensionIdPipe) id: string): Promise<SuspensionRecordView> {
    return this.calendar.suspension(id);
  }

  @Post('suspensions/:id/withdrawal')
  @HttpCode(200)
  @Roles(...CALENDAR_KEEPERS)
  @ApiOperation({ summary: 'Withdraw a suspension, with the reason: its days count again and the suspension stays on record (national-admin; audited)' })
  @ApiSuspensionId()
  public async withdrawSuspension(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() body: WithdrawSuspensionDto,
  ): Promise<WithdrawnSuspensionView> {
    return this.calendar.withdrawSuspension(caller, id, body);
  }
}
