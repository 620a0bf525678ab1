import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { CurrentPrincipal, CurrentRequestMeta, Principal, RequestMeta, Roles } from '@opis/platform';

import { ReceivingCountryDto, RepatriationPointDto } from './country.dto';
import { ReceivingCountryRow, RepatriationPointRow } from './country.repository';
import { CountryService } from './country.service';
import { NATIONAL_REFERENCE_WRITERS, POINT_WRITERS, REFERENCE_READERS } from './reference-admin';

@ApiTags('reference tables')
@Controller('v1')
export class CountryController {
  constructor(private readonly countries: CountryService) {}

  @Get('receiving-countries')
  @Roles(...REFERENCE_READERS)
  @ApiOperation({ summary: 'Return arrangements per country: points of exit, receiving authorities, window, notice (RP-07, RP-08)' })
  public async list(): Promise<ReceivingCountryRow[]> {
    return this.countries.list();
  }

  @Put('receiving-countries/:country')
  @Roles(...NATIONAL_REFERENCE_WRITERS)
  @ApiOperation({ summary: 'Replace a country’s return arrangement (from the operative MOU annex, RP-07, RP-08); national-admin only, audited' })
  public async replace(
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestMeta() meta: RequestMeta,
    @Param('country') country: string,
    @Body() body: ReceivingCountryDto,
  ): Promise<ReceivingCountryRow> {
    return this.countries.replace({ principal, meta }, country, body);
  }

  @Get('repatriation-points')
  @Roles(...REFERENCE_READERS)
  @ApiOperation({ summary: 'Registered points for children returned from the USA, with hours for unaccompanied children (US-03)' })
  public async points(): Promise<RepatriationPointRow[]> {
    return this.countries.points();
  }

  @Put('repatriation-points/:code')
  @Roles(...POINT_WRITERS)
  @ApiOperation({ summary: 'Register or change a repatriation point (from the LRA annexes, US-03): an office-admin only of its own offices, a national-admin any; audited' })
  public async upsertPoint(
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestMeta() meta: RequestMeta,
    @Param('code') code: string,
    @Body() body: RepatriationPointDto,
  ): Promise<RepatriationPointRow> {
    return this.countries.upsertPoint({ principal, meta }, code, body);
  }
}
