import { Body, Controller, Get, Param, ParseEnumPipe, Put } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { IsIn, IsInt, Max, Min } from 'class-validator';

import { OFFICE_CODES, OfficeCode } from '@opis/contracts-envelope';
import { Caller, CurrentCaller, CurrentPrincipal, InvalidInputError, Page, Principal, Roles } from '@opis/platform';

import { Trigger, TRIGGERS } from '../triggers/trigger-catalog';
import { EscalationRule, NATIONAL_DEFAULT } from './escalation-rule.repository';
import { EscalationRuleService } from './escalation-rule.service';

const WEEK_MINUTES = 7 * 24 * 60;

export class SetEscalationRuleDto {
  /** Who is reached first: the case's officer (else the officers on shift), or the office's supervisors. */
  @IsIn(['OFFICER', 'SUPERVISOR'])
  public addressedRole!: 'OFFICER' | 'SUPERVISOR';

  @IsInt()
  @Min(1)
  @Max(WEEK_MINUTES)
  public dueMinutes!: number;

  /** Unacknowledged this long after opening: escalated. */
  @IsInt()
  @Min(1)
  @Max(WEEK_MINUTES)
  public ackMinutes!: number;

  /** Then this long at the supervisors: to the national duty officer. */
  @IsInt()
  @Min(1)
  @Max(WEEK_MINUTES)
  public supervisorMinutes!: number;
}

export interface EscalationRuleView {
  trigger: string;
  /** An office, or `*` for the national default every office without its own follows. */
  officeCode: string;
  addressedRole: 'OFFICER' | 'SUPERVISOR';
  dueMinutes: number;
  ackMinutes: number;
  supervisorMinutes: number;
  updatedBy: string;
  updatedAt: string;
}

const toView = (rule: EscalationRule): EscalationRuleView => ({ ...rule, updatedAt: rule.updatedAt.toISOString() });

const triggerPipe = new ParseEnumPipe(Object.fromEntries(TRIGGERS.map((trigger) => [trigger, trigger])), {
  exceptionFactory: () => new InvalidInputError([{ field: 'trigger', rule: 'isIn', message: `trigger must be one of ${TRIGGERS.join(', ')}` }]),
});
const officePipe = new ParseEnumPipe(Object.fromEntries(OFFICE_CODES.map((office) => [office, office])), {
  exceptionFactory: () => new InvalidInputError([{ field: 'officeCode', rule: 'isIn', message: 'officeCode must be an office code' }]),
});

/** The national defaults (national-admin) and each office's own rules (its office-admin). */
@ApiTags('escalation-rules')
@Controller('v1/escalation-rules')
export class EscalationRuleController {
  constructor(private readonly rules: EscalationRuleService) {}

  @Get()
  @Roles('supervisor', 'office-admin', 'national', 'national-admin')
  @ApiOperation({ summary: "The national defaults and your offices' own rules, by trigger" })
  public async list(@CurrentPrincipal() principal: Principal): Promise<Page<EscalationRuleView>> {
    const rules = await this.rules.list(principal);
    return { items: rules.map(toView), nextCursor: null };
  }

  @Put(':trigger/national')
  @Roles('national-admin')
  @ApiParam({ name: 'trigger', enum: TRIGGERS })
  @ApiOperation({ summary: "Set a trigger's national default" })
  public async setNational(
    @CurrentCaller() caller: Caller,
    @Param('trigger', triggerPipe) trigger: Trigger,
    @Body() body: SetEscalationRuleDto,
  ): Promise<EscalationRuleView> {
    return toView(await this.rules.set(caller, trigger, NATIONAL_DEFAULT, body));
  }

  @Put(':trigger/offices/:officeCode')
  @Roles('office-admin')
  @ApiParam({ name: 'trigger', enum: TRIGGERS })
  @ApiParam({ name: 'officeCode', enum: OFFICE_CODES })
  @ApiOperation({ summary: "Set an office's own rule for a trigger (its office-admin)" })
  public async setOffice(
    @CurrentCaller() caller: Caller,
    @Param('trigger', triggerPipe) trigger: Trigger,
    @Param('officeCode', officePipe) officeCode: OfficeCode,
    @Body() body: SetEscalationRuleDto,
  ): Promise<EscalationRuleView> {
    return toView(await this.rules.set(caller, trigger, officeCode, body));
  }
}
