import { applyDecorators, Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';

import { Caller, CaseIdParam, CurrentCaller, Roles, uuidPipe } from '@opis/platform';

import { FamilyRecordService } from './family-record.service';
import { FamilyRecordView } from './family-record.view';


export const contactIdPipe = uuidPipe('contactId');

/** The path's `caseId`, documented as the pipe checks it: a uuid (intake's case id). */
export function ApiCaseId(): MethodDecorator {
  return applyDecorators(ApiParam({ name: 'caseId', format: 'uuid', description: 'The case (its id in intake)' }));
}

/** The path's `contactId`: a uuid, a contact of that case. */
export function ApiContactId(): MethodDecorator {
  return applyDecorators(ApiParam({ name: 'contactId', format: 'uuid', description: 'A contact of the case, as recording it answered' }));
}

@ApiTags('family records')
@Controller('v1/cases')
export class FamilyRecordController {
  constructor(private readonly records: FamilyRecordService) {}

  @Get(':caseId/family')
  @Roles('officer', 'supervisor', 'office-admin', 'auditor', 'national')
  @ApiOperation({ summary: 'A case’s family-contact record: status, first-call deadline, calls, tracing, members (no names or numbers)' })
  @ApiCaseId()
  public async get(
    @CurrentCaller() caller: Caller,
    @CaseIdParam() caseId: string,
  ): Promise<FamilyRecordView> {
    return this.records.get(caller, caseId);
  }
}
