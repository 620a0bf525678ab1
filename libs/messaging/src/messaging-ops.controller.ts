import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { isOfficeCode, OFFICE_CODES, OfficeCode } from '@opis/contracts-envelope';
import { canAccessOffice, CurrentPrincipal, Principal, Roles } from '@opis/platform';

import { DeadLetterDesk, DeadLetterView, HeldCase, OutboxDeadLetter } from './dead-letter-desk';
import { MessagingSnapshot, MessagingStats } from './messaging-stats';

export interface MessagingOpsReport extends MessagingSnapshot {
  heldCases: HeldCase[];
  openDeadLetters: DeadLetterView[];
  outboxDeadLetters: OutboxDeadLetter[];
}

/**
 * What operators need when a case is held back: which version each consumer waits for and why
 * (an open dead letter, a failing event, one not yet arrived), with case ids only. The figures
 * are per service, for national staff and auditors; the case-level lists only name cases of the
 * offices the caller sees (a dead letter's office is its subject's last token; held cases, which
 * carry no office, only to whoever sees every office).
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
  public async report(@CurrentPrincipal() principal: Principal): Promise<MessagingOpsReport> {
    const [snapshot, heldCases, openDeadLetters, outboxDeadLetters] = await Promise.all([
      this.stats.snapshot(),
      this.desk.heldCases(),
      this.desk.list({ open: true }),
      this.desk.outboxDeadLetters(),
    ]);
    const seesSubject = (subject: string): boolean => {
      const office = subject.split('.').at(-1) ?? '';
      return isOfficeCode(office) && canAccessOffice(principal, office as OfficeCode);
    };
    const seesEveryOffice = OFFICE_CODES.every((office) => canAccessOffice(principal, office));
    return {
      ...snapshot,
      heldCases: seesEveryOffice ? heldCases : [],
      openDeadLetters: openDeadLetters.filter((letter) => seesSubject(letter.subject)),
      outboxDeadLetters: outboxDeadLetters.filter((letter) => seesSubject(letter.subject)),
    };
  }
}
