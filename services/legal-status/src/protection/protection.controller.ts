import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { Caller, CaseIdParam, CurrentCaller, Roles } from '@opis/platform';

import { ApiCaseId } from '../procedure/procedure.controller';
import { LegalRecordView } from '../records/legal-record.view';
import { AppealDecisionDto, AppealDto, DatedActDto, DecisionDto, FileClaimDto, IdentifyNeedDto, LiftFearDto, WithdrawalDto } from './protection.dto';
import { ProtectionService } from './protection.service';

@ApiTags('international protection')
@ApiCaseId()
@Controller('v1/cases/:caseId/protection')
export class ProtectionController {
  constructor(private readonly protection: ProtectionService) {}

  @Post('need')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'A protection need was identified (GD-03, LM-12): locks return and consular contact' })
  public async need(@CurrentCaller() caller: Caller, @CaseIdParam() caseId: string, @Body() body: IdentifyNeedDto): Promise<LegalRecordView> {
    return this.protection.identifyNeed(caller, caseId, body);
  }

  @Post('claim')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'File the COMAR claim: representative and interpreter (IP-05, LM-18); reasons past 30 working days, never a refusal (IP-01)' })
  public async claim(@CurrentCaller() caller: Caller, @CaseIdParam() caseId: string, @Body() body: FileClaimDto): Promise<LegalRecordView> {
    return this.protection.fileClaim(caller, caseId, body);
  }

  @Post('comar-notice')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'COMAR’s notice to INM of the claim was received (IP-04, 72 h)' })
  public async comarNotice(@CurrentCaller() caller: Caller, @CaseIdParam() caseId: string, @Body() body: DatedActDto): Promise<LegalRecordView> {
    return this.protection.recordComarNotice(caller, caseId, body);
  }

  @Post('extension')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'COMAR extended the decision term, once (IP-03)' })
  public async extension(@CurrentCaller() caller: Caller, @CaseIdParam() caseId: string, @Body() body: DatedActDto): Promise<LegalRecordView> {
    return this.protection.grantExtension(caller, caseId, body);
  }

  @Post('decision')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'COMAR’s decision: REFUGEE, COMPLEMENTARY_PROTECTION or DENIED (IP-02, IP-06)' })
  public async decision(@CurrentCaller() caller: Caller, @CaseIdParam() caseId: string, @Body() body: DecisionDto): Promise<LegalRecordView> {
    return this.protection.decide(caller, caseId, body);
  }

  @Post('appeal')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'A denial was appealed (recurso de revisión or amparo, IP-07)' })
  public async appeal(@CurrentCaller() caller: Caller, @CaseIdParam() caseId: string, @Body() body: AppealDto): Promise<LegalRecordView> {
    return this.protection.appeal(caller, caseId, body);
  }

  @Post('appeal-decision')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'The appeal was decided (IP-07)' })
  public async appealDecision(@CurrentCaller() caller: Caller, @CaseIdParam() caseId: string, @Body() body: AppealDecisionDto): Promise<LegalRecordView> {
    return this.protection.decideAppeal(caller, caseId, body);
  }

  @Post('appeal-window-closed')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'The appeal window passed unused: the denial is final (IP-07)' })
  public async appealWindowClosed(@CurrentCaller() caller: Caller, @CaseIdParam() caseId: string): Promise<LegalRecordView> {
    return this.protection.closeAppealWindow(caller, caseId);
  }

  @Post('fear-lifted')
  @HttpCode(200)
  @Roles('supervisor')
  @ApiOperation({
    summary: 'A Procuraduría decision lifted fear of return, with the child heard (GD-08, INF-04): a supervisor records it; other lock reasons stay',
  })
  public async fearLifted(@CurrentCaller() caller: Caller, @CaseIdParam() caseId: string, @Body() body: LiftFearDto): Promise<LegalRecordView> {
    return this.protection.liftFear(caller, caseId, body);
  }

  @Post('withdrawal')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: 'The child withdrew the claim: only with the Procuraduría representative and the child’s views (INV-13)' })
  public async withdrawal(@CurrentCaller() caller: Caller, @CaseIdParam() caseId: string, @Body() body: WithdrawalDto): Promise<LegalRecordView> {
    return this.protection.withdraw(caller, caseId, body);
  }
}
