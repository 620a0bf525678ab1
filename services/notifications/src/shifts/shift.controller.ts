import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';

import { ApiCreated, ApiUuidParam, created, CurrentPrincipal, CurrentRequestMeta, Page, Principal, RequestMeta, Roles, uuidPipe } from '@opis/platform';

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
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestMeta() meta: RequestMeta,
    @Body() body: CreateShiftDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ShiftView> {
    const shift = await this.shifts.create({ principal, meta }, body);
    created(reply, `/v1/shifts/${shift.shiftId}`);
    return shift;
  }

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: 'Shifts of your offices (and national duty) still to end, in start order' })
  public async list(@CurrentPrincipal() principal: Principal, @CurrentRequestMeta() meta: RequestMeta, @Query() query: ListShiftsQuery): Promise<Page<ShiftView>> {
    return this.shifts.list({ principal, meta }, query);
  }

  @Get(':shiftId')
  @Roles(...READERS)
  @ApiUuidParam('shiftId', 'The shift')
  @ApiOperation({ summary: "One shift; another office's is answered 404" })
  public async get(@CurrentPrincipal() principal: Principal, @CurrentRequestMeta() meta: RequestMeta, @Param('shiftId', shiftIdPipe) shiftId: string): Promise<ShiftView> {
    return this.shifts.get({ principal, meta }, shiftId);
  }

  @Put(':shiftId')
  @Roles(...KEEPERS)
  @ApiUuidParam('shiftId', 'The shift')
  @ApiOperation({ summary: 'Set a shift again as a whole (who, role, when, contacts); its office stays' })
  public async update(
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestMeta() meta: RequestMeta,
    @Param('shiftId', shiftIdPipe) shiftId: string,
    @Body() body: UpdateShiftDto,
  ): Promise<ShiftView> {
    return this.shifts.update({ principal, meta }, shiftId, body);
  }

  @Post(':shiftId/cancel')
  @HttpCode(200)
  @Roles(...KEEPERS)
  @ApiUuidParam('shiftId', 'The shift')
  @ApiOperation({ summary: 'Cancel a shift: nobody is reached through it any more' })
  public async cancel(@CurrentPrincipal() principal: Principal, @CurrentRequestMeta() meta: RequestMeta, @Param('shiftId', shiftIdPipe) shiftId: string): Promise<ShiftView> {
    return this.shifts.cancel({ principal, meta }, shiftId);
  }
}
