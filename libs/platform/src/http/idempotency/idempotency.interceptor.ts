import { createHash } from 'node:crypto';

import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, Observable } from 'rxjs';
import { DataSource } from 'typeorm';

import { isOfficeCode } from '@opis/contracts-envelope';

import { AuditTrail } from '../../audit/audit-trail.service';
import { PinoLoggerService } from '../../logging/pino-logger.service';
import { canAccessOffice } from '../../auth/office-scope';
import { Principal } from '../../auth/principal';
import { FieldCipher } from '../../crypto/field-cipher';
import { DomainError, InvalidInputError, ResourceNotFoundError } from '../../errors/domain-error';
import { ErrorKind } from '../../errors/error-kind';
import {
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENT_REPLAYED_HEADER,
  IdempotencyClaim,
  isIdempotencyKey,
  isIdempotencyKeyTaken,
  runWithIdempotencyClaim,
} from './idempotency-key';

/** How long a key answers with its first outcome. */
export const IDEMPOTENCY_KEY_TTL_HOURS = 24;

interface StoredOutcome {
  request_hash: string;
  response_status: number | null;
  response_location: string | null;
  response_body: string | null;
  response_body_sealed: boolean;
  response_office_code: string | null;
  response_case_id: string | null;
  age_seconds: number;
}

/** A claim without an answer younger than this is still being served; older, its process stopped. */
const IN_PROGRESS_SECONDS = 30;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const bodyContext = (subject: string, key: string): string => `idempotency_key.response_body:${subject}:${key}`;

/**
 * `Idempotency-Key` on every POST, for every service, in one place. The key is claimed in the
 * change's own statement or transaction (the commit paths of libs/platform take the pending
 * claim), so a change and its key commit together or not at all; the answer is stored once served
 * and replayed for a day to the same caller. Same key, different request: 422. Same key while the
 * first is still being served: 409. A replay is answered only if the caller can still see the
 * office the answer belongs to (a case transferred away answers 404, like any unknown id).
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private cipher: FieldCipher | null | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly moduleRef: ModuleRef,
    private readonly auditTrail: AuditTrail,
    private readonly logger: PinoLoggerService,
  ) {}

  public intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest & { principal?: Principal }>();
    const header = request.headers[IDEMPOTENCY_KEY_HEADER.toLowerCase()];
    if (request.method !== 'POST' || header === undefined) return next.handle();
    const key = Array.isArray(header) ? header[0] : header;
    if (!isIdempotencyKey(key)) {
      throw new InvalidInputError([{ field: IDEMPOTENCY_KEY_HEADER, rule: 'isKey', message: `${IDEMPOTENCY_KEY_HEADER} must be 1 to 200 visible ASCII characters` }]);
    }
    const principal = request.principal;
    if (!principal) return next.handle();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return from(this.serve(request, reply, principal, key, () => lastValueFrom(next.handle(), { defaultValue: undefined })));
  }

  private async serve(request: FastifyRequest, reply: FastifyReply, principal: Principal, key: string, handle: () => Promise<unknown>): Promise<unknown> {
    const requestHash = createHash('sha256')
      .update(JSON.stringify([request.method, request.url, request.body ?? null]))
      .digest('base64url');
    const earlier = await this.find(principal.subject, key);
    if (earlier) return this.replay(earlier, requestHash, principal, key, reply, String(request.id));

    const claim: IdempotencyClaim = { subject: principal.subject, key, requestHash, claimed: false };
    let result: unknown;
    try {
      result = await runWithIdempotencyClaim(claim, handle);
    } catch (error) {
      if (isIdempotencyKeyTaken(error)) {
        const winner = await this.find(principal.subject, key);
        if (winner) return this.replay(winner, requestHash, principal, key, reply, String(request.id));
      }
      // A handler that committed its claim in a first transaction and then failed leaves the key free for a retry.
      if (claim.claimed) await this.forget(principal.subject, key, requestHash).catch(() => undefined);
      throw error;
    }
    // The change has committed: failing to record its answer (the database gone a moment later)
    // must not turn it into a 503 that says nothing was written. A retry then finds the claim.
    await this.remember(claim, reply, result).catch((error: unknown) => {
      this.logger.pino.warn({ err: error, requestId: String(request.id) }, 'idempotent answer not recorded; a retry with the key will be told the outcome is unrecorded');
    });
    return result;
  }

  private async find(subject: string, key: string): Promise<StoredOutcome | undefined> {
    const rows = (await this.dataSource.query(
      `SELECT request_hash, response_status, response_location, response_body, response_body_sealed, response_office_code, response_case_id,
              extract(epoch FROM now() - created_at)::float8 AS age_seconds
         FROM idempotency_key
        WHERE subject = $1 AND idempotency_key = $2 AND created_at > now() - make_interval(hours => $3)`,
      [subject, key, IDEMPOTENCY_KEY_TTL_HOURS],
    )) as StoredOutcome[];
    return rows[0];
  }

  private async replay(earlier: StoredOutcome, requestHash: string, principal: Principal, key: string, reply: FastifyReply, requestId: string): Promise<unknown> {
    if (earlier.request_hash !== requestHash) {
      throw new DomainError({
        kind: ErrorKind.RULE_VIOLATION,
        code: 'IDEMPOTENCY_KEY_REUSED',
        detail: 'This Idempotency-Key was used with a different request.',
        violations: [{ field: IDEMPOTENCY_KEY_HEADER, rule: 'sameRequest', message: 'a key identifies one request' }],
      });
    }
    const office = earlier.response_office_code;
    if (earlier.response_status === null) {
      if (earlier.age_seconds < IN_PROGRESS_SECONDS) {
        void reply.header('retry-after', '1');
        throw new DomainError({
          kind: ErrorKind.CONFLICT,
          code: 'IDEMPOTENCY_KEY_IN_PROGRESS',
          detail: 'A request with this Idempotency-Key is still being served; try again shortly.',
        });
      }
      // Committed, then the service stopped before it recorded its answer: the change stands.
      if (office === null || !isOfficeCode(office) || canAccessOffice(principal, office)) {
        if (earlier.response_location) void reply.header('location', earlier.response_location);
        throw new DomainError({
          kind: ErrorKind.CONFLICT,
          code: 'IDEMPOTENCY_KEY_OUTCOME_UNRECORDED',
          detail: 'The request with this Idempotency-Key was applied, but its answer was not recorded (the service stopped): read the result where Location says, do not send it again with a new key.',
        });
      }
    }
    if (earlier.response_status === null || (office !== null && isOfficeCode(office) && !canAccessOffice(principal, office))) {
      await this.auditTrail.record({
        actor: principal,
        action: 'idempotent.replay',
        caseId: earlier.response_case_id,
        officeCode: office !== null && isOfficeCode(office) ? office : null,
        outcome: 'refused',
        reason: 'CASE_NOT_FOUND',
        requestId: requestId,
      });
      // The answer an unknown id gets: a transfer away must not tell what the case has become.
      throw new ResourceNotFoundError('case');
    }
    void reply.status(earlier.response_status).header(IDEMPOTENT_REPLAYED_HEADER.toLowerCase(), 'true');
    if (earlier.response_location) void reply.header('location', earlier.response_location);
    if (earlier.response_body === null) return undefined;
    const cipher = this.fieldCipher();
    if (earlier.response_body_sealed && !cipher) throw new Error('a sealed idempotent answer, and no field key to open it');
    const text = earlier.response_body_sealed && cipher ? cipher.decrypt(earlier.response_body, bodyContext(principal.subject, key)) : earlier.response_body;
    return JSON.parse(text) as unknown;
  }

  private async remember(claim: IdempotencyClaim, reply: FastifyReply, result: unknown): Promise<void> {
    const cipher = this.fieldCipher();
    const json = result === undefined ? null : JSON.stringify(result);
    const body = json !== null && cipher ? cipher.encrypt(json, bodyContext(claim.subject, claim.key)) : json;
    const { officeCode: office, caseId } = (result ?? {}) as { officeCode?: unknown; caseId?: unknown };
    const location = reply.getHeader('location');
    const outcome = [
      reply.statusCode,
      typeof location === 'string' ? location : null,
      body,
      json !== null && cipher !== null,
      typeof office === 'string' ? office : null,
      typeof caseId === 'string' && UUID.test(caseId) ? caseId : null,
    ];
    if (!claim.claimed) {
      // Served without a write of libs/platform's (nothing changed, or a path that does not take claims): the key still answers the same.
      await this.dataSource.query(
        `INSERT INTO idempotency_key (subject, idempotency_key, request_hash, response_status, response_location, response_body, response_body_sealed, response_office_code, response_case_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
        [claim.subject, claim.key, claim.requestHash, ...outcome],
      );
    } else {
      await this.dataSource.query(
        `UPDATE idempotency_key SET response_status = $3, response_location = $4, response_body = $5, response_body_sealed = $6, response_office_code = $7, response_case_id = $8
          WHERE subject = $1 AND idempotency_key = $2`,
        [claim.subject, claim.key, ...outcome],
      );
    }
  }

  private async forget(subject: string, key: string, requestHash: string): Promise<void> {
    await this.dataSource.query('DELETE FROM idempotency_key WHERE subject = $1 AND idempotency_key = $2 AND request_hash = $3 AND response_status IS NULL', [subject, key, requestHash]);
  }

  private fieldCipher(): FieldCipher | null {
    if (this.cipher === undefined) {
      try {
        this.cipher = this.moduleRef.get(FieldCipher, { strict: false }) ?? null;
      } catch {
        this.cipher = null;
      }
    }
    return this.cipher ?? null;
  }
}
