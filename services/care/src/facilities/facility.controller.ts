import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';

import { ApiCreated, Caller, created, CurrentCaller, Page, Roles, uuidPipe } from '@opis/platform';

import { FacilityService, FacilityView } from './facility.service';
import { ListFacilitiesQuery, RegisterFacilityDto } from './register-facility.dto';

const facilityIdPipe = uuidPipe('facilityId');

const READERS = ['officer', 'supervisor', 'office-admin', 'auditor', 'national'] as const;

@ApiTags('facilities')
@Controller('v1/facilities')
export class FacilityController {
  constructor(private readonly facilities: FacilityService) {}

  @Post()
  @Roles('office-admin', 'supervisor')
  @ApiOperation({ summary: 'Register a DIF shelter, CAS, hospital or INM office (never a migration station: LM-08)' })
  @ApiCreated('The facility registered; Location reads it back')
  public async register(
    @CurrentCaller() caller: Caller,
    @Body() body: RegisterFacilityDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<FacilityView> {
    const facility = await this.facilities.register(caller, body);
    created(reply, `/v1/facilities/${facility.facilityId}`);
    return facility;
  }

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: 'Facilities of your offices with capacity and current occupancy, in registration order' })
  public async list(
    @CurrentCaller() caller: Caller,
    @Query() query: ListFacilitiesQuery,
  ): Promise<Page<FacilityView>> {
    return this.facilities.list(caller, query);
  }

  @Get(':facilityId')
  @Roles(...READERS)
  @ApiOperation({ summary: "One facility of your offices with capacity and current occupancy; another office's is answered 404" })
  @ApiParam({ name: 'facilityId', format: 'uuid' })
  public async get(
    @CurrentCaller() caller: Caller,
    @Param('facilityId', facilityIdPipe) facilityId: string,
  ): Promise<FacilityView> {
    return this.facilities.get(caller, facilityId);
  }
}
