import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsUUID } from 'class-validator';

import { OFFICE_CODES, OfficeCode } from '@opis/contracts-envelope';
import { PageQuery } from '@opis/platform';

import { PERSON_OUTCOMES, PersonOutcome, TASK_STATUSES, TaskStatus } from './task.repository';

const booleanQuery = Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value));

/** Tasks newest first: yours, or your offices'. */
export class ListTasksQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only tasks addressed to you (as assigned officer, on shift, supervisor or national duty officer)', type: 'boolean' })
  @IsOptional()
  @booleanQuery
  @IsBoolean()
  public mine?: boolean;

  @ApiPropertyOptional({ enum: TASK_STATUSES, description: 'One status; every status when absent' })
  @IsOptional()
  @IsIn(TASK_STATUSES)
  public status?: TaskStatus;

  @ApiPropertyOptional({ enum: OFFICE_CODES, description: 'One of your offices; all of them when absent' })
  @IsOptional()
  @IsIn(OFFICE_CODES)
  public office?: OfficeCode;

  @ApiPropertyOptional({ format: 'uuid', description: 'The tasks of one case' })
  @IsOptional()
  @IsUUID()
  public caseId?: string;
}

/** The live stream's filter. */
export class TaskStreamQuery {
  @ApiPropertyOptional({ description: 'Only changes of tasks addressed to you', type: 'boolean' })
  @IsOptional()
  @booleanQuery
  @IsBoolean()
  public mine?: boolean;
}

/** How the person closing a task dealt with it: a code, never an account of the child. */
export class CloseTaskDto {
  @IsIn(PERSON_OUTCOMES)
  public outcome!: PersonOutcome;
}
