import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { Caller, CurrentCaller, Roles } from '@opis/platform';

import { DuplicateCheckDto } from './duplicate-check.dto';
import { DuplicateCheckService, DuplicateCheckView } from './duplicate-check.service';

@ApiTags('possible duplicates')
@Controller('v1/duplicate-checks')
export class DuplicateCheckController {
  constructor(private readonly checks: DuplicateCheckService) {}

  /** A POST, not a GET: the child's name stays out of URLs, and so out of access logs. */
  @Post()
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  @ApiOperation({
    summary: 'Before registering a child: earlier records of the same child in your offices, and how many in others (nothing is written but the audit entry)',
  })
  public async check(@CurrentCaller() caller: Caller, @Body() body: DuplicateCheckDto): Promise<DuplicateCheckView> {
    return this.checks.check(caller, body);
  }
}
