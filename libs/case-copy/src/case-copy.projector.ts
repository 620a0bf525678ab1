import { EntityManager } from 'typeorm';

import { EventContract, EventEnvelope, eventType } from '@opis/contracts-envelope';
import {
  caseRegisteredV1,
  caseRegisteredV2,
  CaseRegistered,
  caseTransferredV1,
  CaseTransferredV1,
  caseUpdatedV1,
  CaseUpdatedV1,
} from '@opis/contracts-intake';
import { moveStoredAnswers } from '@opis/platform';

import { CaseCopy } from './case-copy';
import { applyToCopy, copyOfRegistration, isNewer } from './case-copy-rules';
import { CaseCopyStore } from './case-copy.repository';

/**
 * The intake events every copy applies. Both versions of the registration: intake publishes v2
 * and then v1 as the case's next version, and the copy opens from whichever comes first (v1 alone
 * in a stream written before v2 existed); the other finds the copy open and changes nothing.
 */
export const CASE_COPY_EVENTS: readonly EventContract[] = [caseRegisteredV2, caseRegisteredV1, caseUpdatedV1, caseTransferredV1];

/** An intake event applied to a copy: its common columns before and after. */
export interface CaseCopyChange<TData extends object = object> {
  before: CaseCopy;
  after: CaseCopy;
  envelope: EventEnvelope<TData>;
}

/** What a service does on top of the common columns, in the consumer's transaction. */
export interface CaseCopyHooks {
  /**
   * Writes the copy of a newly registered case (the common columns of `copy` and the service's
   * own, and whatever opens with it); false when the case has a copy already.
   */
  open(manager: EntityManager, copy: CaseCopy, envelope: EventEnvelope<CaseRegistered>): Promise<boolean>;
  /** After a correction reached the common columns: the service's own columns and effects. */
  corrected?(manager: EntityManager, change: CaseCopyChange<CaseUpdatedV1>): Promise<void>;
  /** After a transfer moved the copy from `before.officeCode` to `after.officeCode` (they may be equal). */
  transferred?(manager: EntityManager, change: CaseCopyChange<CaseTransferredV1>): Promise<void>;
  /** Further intake events the copy follows, under the same version check (a notification, a hand-over). */
  follows?: readonly EventContract[];
  followed?(manager: EntityManager, change: CaseCopyChange): Promise<void>;
}

/** Opened a copy, applied an event, skipped an event not newer than the copy, or an event the copy does not follow. */
export type CaseCopyOutcome = 'opened' | 'applied' | 'stale' | 'ignored';

/** An event about a case whose registration was not applied yet: thrown plain, so the consumer retries it. */
export class CaseCopyNotOpened extends Error {
  constructor(caseId: string, type: string) {
    super(`${type} for case ${caseId} arrived before the case's registration; retrying`);
  }
}

const REGISTERED = eventType(caseRegisteredV1.name);
const UPDATED = eventType(caseUpdatedV1.name);
const TRANSFERRED = eventType(caseTransferredV1.name);

/**
 * One service's copy of intake's cases: opens it from `intake.case.registered`, keeps its office
 * and categories from corrections and transfers, and applies an event only if its `caseVersion`
 * is newer than the copy's. The service's hooks do the rest.
 */
export class CaseCopyProjector {
  /** The consumer's `handles`: the intake events this copy applies. */
  public readonly handles: readonly EventContract[];
  private readonly followed: ReadonlySet<string>;

  constructor(
    private readonly copies: CaseCopyStore,
    private readonly hooks: CaseCopyHooks,
  ) {
    this.handles = [...CASE_COPY_EVENTS, ...(hooks.follows ?? [])];
    this.followed = new Set((hooks.follows ?? []).map((contract) => eventType(contract.name)));
  }

  public async apply(manager: EntityManager, envelope: EventEnvelope): Promise<CaseCopyOutcome> {
    if (envelope.type === REGISTERED) {
      const registration = envelope as EventEnvelope<CaseRegistered>;
      if (await this.hooks.open(manager, copyOfRegistration(registration), registration)) return 'opened';
      // The other version of the same registration (v1 after v2): nothing new, but the copy is at this case version now.
      const opened = await this.copies.find(manager, envelope.caseId);
      if (!opened || !isNewer(opened, envelope)) return 'stale';
      await this.copies.save(manager, { ...opened, intakeCaseVersion: envelope.caseVersion });
      return 'applied';
    }
    const isCopied = envelope.type === UPDATED || envelope.type === TRANSFERRED;
    if (!isCopied && !this.followed.has(envelope.type)) return 'ignored';
    const before = await this.copies.find(manager, envelope.caseId);
    if (!before) throw new CaseCopyNotOpened(envelope.caseId, envelope.type);
    if (!isNewer(before, envelope)) return 'stale';
    const after = isCopied
      ? applyToCopy(before, envelope as EventEnvelope<CaseUpdatedV1 | CaseTransferredV1>)
      : { ...before, intakeCaseVersion: envelope.caseVersion };
    await this.copies.save(manager, after);
    if (envelope.type === UPDATED) await this.hooks.corrected?.(manager, { before, after, envelope: envelope as EventEnvelope<CaseUpdatedV1> });
    else if (envelope.type === TRANSFERRED) {
      // Answers stored for keyed requests about the case follow it: a replay after it left is 404.
      await moveStoredAnswers(manager, envelope.caseId, after.officeCode);
      await this.hooks.transferred?.(manager, { before, after, envelope: envelope as EventEnvelope<CaseTransferredV1> });
    }
    else await this.hooks.followed?.(manager, { before, after, envelope });
    return 'applied';
  }
}
