import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';

import { ApiCreated, ApiUuidParam, Caller, created, CurrentCaller, Page, Roles, uuidPipe } from '@opis/platform';

import { CreateShiftDto, ListShiftsQuery, UpdateShiftDto } from './shift.dto';
import { ShiftService, ShiftView } from './shift.service';

const shiftIdPipe = uuidPipe('shiftId');

const KEEPERS = ['supervisor', 'office-admin', 'national-admin'] as const;
const READERS = ['officer', 'supervisor', 'office-admin', 'national', 'national-admin'] as const;

@ApiTags('shifts')
@Controller('v1/shifts')
export class ShiftController {
  constructor(private readonly shifts: ShiftService) {}

  @Post()
  @Roles(...KEEPERS)
  @ApiOperation({ summary: "Put someone on an office's roster (supervisor, office-admin) or on national duty (national-admin)" })
  @ApiCreated('The shift; Location reads it back')
  public async create(
    @CurrentCaller() caller: Caller,
    @Body() body: CreateShiftDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ShiftView> {
    const shift = await this.shifts.create(caller, body);
    created(reply, `/v1/shifts/${shift.shiftId}`);
    return shift;
  }

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: 'Shifts of your offices (and national duty) still to end, in start order' })
  public async list(@CurrentCaller() caller: Caller, @Query() query: ListShiftsQuery): Promise<Page<ShiftView>> {
    return this.shifts.list(caller, query);
  }

  @Get(':shiftId')
  @Roles(...READERS)
  @ApiUuidParam('shiftId', 'The shift')
  @ApiOperation({ summary: "One shift; another office's is answered 404" })
  public async get(@CurrentCaller() caller: Caller, @Param('shiftId', shiftIdPipe) shiftId: string): Promise<ShiftView> {
    return this.shifts.get(caller, shiftId);
  }

  @Put(':shiftId')
  @Roles(...KEEPERS)
  @ApiUuidParam('shiftId', 'The shift')
  @ApiOperation({ summary: 'Set a shift again as a whole (who, role, when, contacts); its office stays' })
  public async update(
    @CurrentCaller() caller: Caller,
    @Param('shiftId', shiftIdPipe) shiftId: string,
    @Body() body: UpdateShiftDto,
  ): Promise<ShiftView> {
    return this.shifts.update(caller, shiftId, body);
  }

  @Post(':shiftId/cancel')
  @HttpCode(200)
  @Roles(...KEEPERS)
  @ApiUuidParam('shiftId', 'The shift')
  @ApiOperation({ summary: 'Cancel a shift: nobody is reached through it any more' })
  public async cancel(@CurrentCaller() caller: Caller, @Param('shiftId', shiftIdPipe) shiftId: string): Promise<ShiftView> {
    return this.shifts.cancel(caller, shiftId);
  }
}
