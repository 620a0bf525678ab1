import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { Roles } from '@opis/platform';

import { DeadLetterDesk, DeadLetterView, HeldCase, OutboxDeadLetter } from './dead-letter-desk';
import { MessagingSnapshot, MessagingStats } from './messaging-stats';

export interface MessagingOpsReport extends MessagingSnapshot {
  heldCases: HeldCase[];
  openDeadLetters: DeadLetterView[];
  outboxDeadLetters: OutboxDeadLetter[];
}

/**
 * What operators need when a case is held back: which version each consumer waits for and why
 * (an open dead letter, a failing event, one not yet arrived), with case ids only. National
 * staff and auditors see every office, as the figures are per service, not per office.
 */
@ApiTags('operations')
@Controller('v1/ops/messaging')
export class MessagingOpsController {
  constructor(
    private readonly stats: MessagingStats,
    private readonly desk: DeadLetterDesk,
  ) {}

  @Get()
  @Roles('national', 'auditor')
  @ApiOperation({ summary: 'Outbox backlog, consumer lag, cases held back by a missing version, open dead letters' })
  public async report(): Promise<MessagingOpsReport> {
    const [snapshot, heldCases, openDeadLetters, outboxDeadLetters] = await Promise.all([
      this.stats.snapshot(),
      this.desk.heldCases(),
      this.desk.list({ open: true }),
      this.desk.outboxDeadLetters(),
    ]);
    return { ...snapshot, heldCases, openDeadLetters, outboxDeadLetters };
  }
}
