import { AsyncLocalStorage } from 'node:async_hooks';

import { OfficeCode } from '@opis/contracts-envelope';
import { EntityManager } from 'typeorm';

import { SqlWrite } from '../../database/single-statement-write';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';
const KEY = /^[\x21-\x7e]{1,200}$/;

export function isIdempotencyKey(value: string): boolean {
  return KEY.test(value);
}

/** The claim a keyed POST makes: written in the same statement or transaction as its change. */
export interface IdempotencyClaim {
  subject: string;
  key: string;
  requestHash: string;
  /** Set once a write carried the claim into the database. */
  claimed: boolean;
  /** What carried it: the transaction (query runner) or statement whose failure gives it back. */
  carrier?: object;
  /** What the request makes or acts on, when the service names it before its commit (describeIdempotentOutcome). */
  outcome?: IdempotentOutcome;
}

/** The resource a keyed request makes or acts on, recorded with its claim in the change's transaction. */
export interface IdempotentOutcome {
  caseId?: string;
  officeCode?: OfficeCode;
  location?: string;
}

const currentClaim = new AsyncLocalStorage<IdempotencyClaim>();

/** Runs a keyed request's handler with its claim, for the commit paths to pick up. */
export function runWithIdempotencyClaim<T>(claim: IdempotencyClaim, handler: () => Promise<T>): Promise<T> {
  return currentClaim.run(claim, handler);
}

export function claimInsert(claim: Pick<IdempotencyClaim, 'subject' | 'key' | 'requestHash' | 'outcome'>): SqlWrite {
  return {
    sql: `INSERT INTO idempotency_key (subject, idempotency_key, request_hash, response_case_id, response_office_code, response_location)
          VALUES ($1, $2, $3, $4, $5, $6)`,
    params: [claim.subject, claim.key, claim.requestHash, claim.outcome?.caseId ?? null, claim.outcome?.officeCode ?? null, claim.outcome?.location ?? null],
  };
}

/**
 * Names what the keyed request being served makes or acts on, before its change commits: the key
 * is then linked to it in the same transaction, so that a service stopped between its commit and
 * its answer still tells a retry where the result is (IDEMPOTENCY_KEY_OUTCOME_UNRECORDED with its
 * Location) and who may see it. Without a key in the request it does nothing.
 */
export function describeIdempotentOutcome(outcome: IdempotentOutcome): void {
  const claim = currentClaim.getStore();
  if (claim && !claim.claimed) claim.outcome = { ...claim.outcome, ...outcome };
}

/**
 * The claim of the request being served, if it has one not yet written: the first write of a
 * keyed request takes it, so the key is stored in the change's own statement or transaction (a
 * second request with the key fails on the primary key and undoes nothing but itself).
 */
export function takePendingClaim(carrier: object): SqlWrite | undefined {
  const claim = currentClaim.getStore();
  if (!claim || claim.claimed) return undefined;
  claim.claimed = true;
  claim.carrier = carrier;
  return claimInsert(claim);
}

/** Gives the claim back when what carried it did not commit (its statement or transaction failed). */
export function releaseClaim(carrier: object): void {
  const claim = currentClaim.getStore();
  if (claim?.claimed && claim.carrier === carrier) {
    claim.claimed = false;
    claim.carrier = undefined;
  }
}

/** True when `error` is the primary-key violation of a concurrent request with the same key. */
export function isIdempotencyKeyTaken(error: unknown): boolean {
  const candidate = error as { code?: unknown; constraint?: unknown; driverError?: { code?: unknown; constraint?: unknown } };
  const driverError = candidate?.driverError ?? candidate;
  return driverError?.code === '23505' && driverError.constraint === 'pk_idempotency_key';
}

/**
 * A case moved office (intake's transfer, every copy's transferred event): the answers stored for
 * its keyed requests now belong to the new office, so a replay to someone who lost the case is 404.
 * In the transaction that moves the case.
 */
export async function moveStoredAnswers(manager: EntityManager, caseId: string, toOffice: OfficeCode): Promise<void> {
  await manager.query('UPDATE idempotency_key SET response_office_code = $2 WHERE response_case_id = $1', [caseId, toOffice]);
}
