import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { CaseStatusReply, CaseStatusRequest, LEGAL_CASE_STATUS_PATTERN } from '@opis/contracts-legal-status';

import { CaseStatusService } from './case-status.service';

/** Request/reply adapter: `opis.legal-status.q.case-status`. */
@Controller()
export class CaseStatusController {
  constructor(private readonly status: CaseStatusService) {}

  @MessagePattern(LEGAL_CASE_STATUS_PATTERN)
  public async caseStatus(@Payload() request: CaseStatusRequest): Promise<CaseStatusReply> {
    return this.status.caseStatus(request);
  }
}
