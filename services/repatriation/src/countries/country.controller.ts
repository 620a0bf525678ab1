import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { CurrentPrincipal, CurrentRequestMeta, Principal, RequestMeta, Roles } from '@opis/platform';

import { ReceivingCountryDto, RepatriationPointDto } from './country.dto';
import { ReceivingCountryRow, RepatriationPointRow } from './country.repository';
import { CountryService } from './country.service';

@ApiTags('reference tables')
@Controller('v1')
export class CountryController {
  constructor(private readonly countries: CountryService) {}

  @Get('receiving-countries')
  @Roles('officer', 'supervisor', 'office-admin', 'auditor', 'national')
  @ApiOperation({ summary: 'Return arrangements per country: points of exit, receiving authorities, window, notice (RP-07, RP-08)' })
  public async list(): Promise<ReceivingCountryRow[]> {
    return this.countries.list();
  }

  @Put('receiving-countries/:country')
  @Roles('office-admin', 'national')
  @ApiOperation({ summary: 'Replace a country’s return arrangement (from the operative MOU annex, RP-07, RP-08)' })
  public async replace(
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestMeta() meta: RequestMeta,
    @Param('country') country: string,
    @Body() body: ReceivingCountryDto,
  ): Promise<ReceivingCountryRow> {
    return this.countries.replace({ principal, meta }, country, body);
  }

  @Get('repatriation-points')
  @Roles('officer', 'supervisor', 'office-admin', 'auditor', 'national')
  @ApiOperation({ summary: 'Registered points for children returned from the USA, with hours for unaccompanied children (US-03)' })
  public async points(): Promise<RepatriationPointRow[]> {
    return this.countries.points();
  }

  @Put('repatriation-points/:code')
  @Roles('office-admin', 'national')
  @ApiOperation({ summary: 'Register or change a repatriation point (from the LRA annexes, US-03)' })
  public async upsertPoint(
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestMeta() meta: RequestMeta,
    @Param('code') code: string,
    @Body() body: RepatriationPointDto,
  ): Promise<RepatriationPointRow> {
    return this.countries.upsertPoint({ principal, meta }, code, body);
  }
}
