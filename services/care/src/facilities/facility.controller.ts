import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { CurrentPrincipal, CurrentRequestMeta, Principal, RequestMeta, Roles } from '@opis/platform';

import { FacilityService, FacilityView } from './facility.service';
import { ListFacilitiesQuery, RegisterFacilityDto } from './register-facility.dto';

@ApiTags('facilities')
@Controller('v1/facilities')
export class FacilityController {
  constructor(private readonly facilities: FacilityService) {}

  @Post()
  @Roles('office-admin', 'supervisor')
  @ApiOperation({ summary: 'Register a DIF shelter, CAS, hospital or INM office (never a migration station: LM-08)' })
  public async register(
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestMeta() meta: RequestMeta,
    @Body() body: RegisterFacilityDto,
  ): Promise<FacilityView> {
    return this.facilities.register({ principal, meta }, body);
  }

  @Get()
  @Roles('officer', 'supervisor', 'office-admin', 'auditor', 'national')
  @ApiOperation({ summary: 'Facilities of your offices with capacity and current occupancy' })
  public async list(
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestMeta() meta: RequestMeta,
    @Query() query: ListFacilitiesQuery,
  ): Promise<{ items: FacilityView[] }> {
    return { items: await this.facilities.list({ principal, meta }, query) };
  }
}
