import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';

import { IdentityReply, IdentityRequest, INTAKE_IDENTITY_PATTERN } from '@opis/contracts-intake';

import { IdentityService } from './identity.service';

/** Request/reply adapter: `opis.intake.q.identity`. */
@Controller()
export class IdentityController {
  constructor(private readonly identities: IdentityService) {}

  @MessagePattern(INTAKE_IDENTITY_PATTERN)
  public async identity(@Payload() request: IdentityRequest): Promise<IdentityReply> {
    return this.identities.identityFor(request);
  }
}
