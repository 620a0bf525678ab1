import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { LEGAL_MOVE_CLEARANCE_PATTERN, MoveClearanceReply, MoveClearanceRequest } from '@opis/contracts-legal-status';

import { MoveClearanceService } from './move-clearance.service';

/** Request/reply adapter: `opis.legal-status.q.move-clearance`. */
@Controller()
export class MoveClearanceController {
  constructor(private readonly clearance: MoveClearanceService) {}

  @MessagePattern(LEGAL_MOVE_CLEARANCE_PATTERN)
  public async moveClearance(@Payload() request: MoveClearanceRequest): Promise<MoveClearanceReply> {
    return this.clearance.clear(request);
  }
}
