import { createHash, randomBytes, randomUUID } from 'node:crypto';

import { OfficeCode } from '@opis/contracts-envelope';
import { createTestDatabase, sharedNatsUrl, TestDatabase, waitFor } from '@opis/testing';
import { Body, Controller, HttpCode, Module, Param, Post, Res } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyReply } from 'fastify';
import { IsIn, IsInt, Max, Min } from 'class-validator';
import { DataSource } from 'typeorm';

import {
  assertOfficeAccess,
  AuditTrailTable1764460000001,
  IdempotencyKeyCase1766500000001,
  IdempotencyKeyPurge,
  moveStoredAnswers,
  BaseServiceConfig,
  created,
  createHttpApp,
  createTestSigner,
  CurrentPrincipal,
  describeIdempotentOutcome,
  FieldCipher,
  IdempotencyKeyTable1766500000000,
  loadConfig,
  parseFieldKeyring,
  PlatformModule,
  Principal,
  Roles,
  runMigrations,
  writeAtomically,
} from '../../src';

class CountDto {
  @IsIn(['CHP', 'TAB'])
  public officeCode!: OfficeCode;

  @IsInt()
  @Min(1)
  @Max(10)
  public count!: number;
}

/** What the claim row held right after the change's statement, before the interceptor recorded the answer. */
const claimedWith = new Map<string, { caseId: string; officeCode: string; location: string }>();

/** The hash the interceptor gives a request (method, path, body), to plant a claim as a crashed process leaves it. */
const requestHashOf = (method: string, url: string, body: unknown): string => createHash('sha256').update(JSON.stringify([method, url, body])).digest('base64url');

/** Holds increments until the test lets them go, so concurrent retries really overlap. */
const gate = { entered: 0, open: Promise.resolve() };

/** Stands for a service's features: changes through both commit paths of libs/platform. */
@Controller('v1/counters')
class CountersController {
  constructor(private readonly dataSource: DataSource) {}

  @Post()
  @Roles('officer')
  public async create(@CurrentPrincipal() principal: Principal, @Body() body: CountDto, @Res({ passthrough: true }) reply: FastifyReply) {
    assertOfficeAccess(principal, body.officeCode);
    const id = randomUUID();
    describeIdempotentOutcome({ caseId: id, officeCode: body.officeCode, location: `/v1/counters/${id}` });
    const write = { sql: 'INSERT INTO counter (id, office_code, value) VALUES ($1, $2, $3)', params: [id, body.officeCode, body.count] };
    // What the statement carries, as the database receives it: the claim with its outcome, before the commit.
    await writeAtomically(this.dataSource.manager, [write]);
    const [claimRow] = (await this.dataSource.query('SELECT response_case_id, response_office_code, response_location FROM idempotency_key WHERE response_case_id = $1', [id])) as Array<{
      response_case_id: string;
      response_office_code: string;
      response_location: string;
    }>;
    if (claimRow) claimedWith.set(id, { caseId: claimRow.response_case_id, officeCode: claimRow.response_office_code, location: claimRow.response_location });
    created(reply, `/v1/counters/${id}`);
    return { id, caseId: id, officeCode: body.officeCode, value: body.count, child: 'Ana Sofía' };
  }

  @Post(':id/increments')
  @HttpCode(200)
  @Roles('officer')
  public async increment(@Param('id') id: string, @Body() body: CountDto) {
    gate.entered += 1;
    await gate.open;
    const [row] = (await this.dataSource.transaction(async (manager) => {
      return manager.query('UPDATE counter SET value = value + $2 WHERE id = $1 RETURNING value', [id, body.count]);
    })) as [Array<{ value: number }>, number];
    return { id, officeCode: body.officeCode, value: row[0].value };
  }

  @Post(':id/failures')
  @Roles('officer')
  public async failAfterWriting(@Param('id') id: string, @Body() body: CountDto) {
    await this.dataSource.transaction((manager) => manager.query('UPDATE counter SET value = value + $2 WHERE id = $1', [id, body.count]));
    throw new Error('a second step failed');
  }
}

describe('Idempotency-Key on every POST (libs/platform)', () => {
  const signer = createTestSigner();
  const cipher = new FieldCipher(parseFieldKeyring(`k1:${randomBytes(32).toString('base64')}`));
  let database: TestDatabase;
  let dataSource: DataSource;
  let app: NestFastifyApplication;
  let baseUrl: string;
  let officer: string;

  const post = (path: string, body: unknown, headers: Record<string, string> = {}, token = officer) =>
    fetch(`${baseUrl}${path}`, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    });
  const counterValue = async (id: string) => ((await dataSource.query('SELECT value FROM counter WHERE id = $1', [id])) as Array<{ value: number }>)[0]?.value;
  const counters = async () => Number(((await dataSource.query('SELECT count(*) AS n FROM counter')) as Array<{ n: string }>)[0].n);

  beforeAll(async () => {
    database = await createTestDatabase('idempotency');
    await runMigrations(database.url, [AuditTrailTable1764460000001, IdempotencyKeyTable1766500000000, IdempotencyKeyCase1766500000001]);
    const config = loadConfig(BaseServiceConfig, {
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      NATS_URL: await sharedNatsUrl(),
      JWT_PUBLIC_KEY: signer.publicKeyPem,
      JWT_ISSUER: signer.issuer,
      JWT_AUDIENCE: signer.audience,
      LOG_LEVEL: 'error',
      METRICS_PORT: '0',
    });
    @Module({ controllers: [CountersController], providers: [{ provide: FieldCipher, useValue: cipher }] })
    class CountersModule {}
    app = await createHttpApp(
      { module: CountersModule, imports: [PlatformModule.forRoot({ serviceName: 'idempotency-test', config, logDestination: { write: () => undefined } })] },
      { config, serviceName: 'idempotency-test', title: 'Idempotency test', description: 'test' },
    );
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
    dataSource = app.get(DataSource);
    await dataSource.query('CREATE TABLE counter (id uuid PRIMARY KEY, office_code text NOT NULL, value integer NOT NULL)');
    officer = await signer.mint({ subject: 'officer-1', roles: ['officer'], offices: ['CHP'] });
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('creates once for a key: the retry gets the first answer, status and Location, marked as replayed', async () => {
    const key = randomUUID();
    const first = await post('/v1/counters', { officeCode: 'CHP', count: 3 }, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    const firstBody = (await first.json()) as { id: string };
    const again = await post('/v1/counters', { officeCode: 'CHP', count: 3 }, { 'idempotency-key': key });
    expect(again.status).toBe(201);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(firstBody);
    expect(Number(((await dataSource.query('SELECT count(*) AS n FROM counter WHERE id = $1', [firstBody.id])) as Array<{ n: string }>)[0].n)).toBe(1);
  });

  it('keeps the answer sealed at rest: the child\'s name is not in the table', async () => {
    const key = randomUUID();
    expect((await post('/v1/counters', { officeCode: 'CHP', count: 1 }, { 'idempotency-key': key })).status).toBe(201);
    const [row] = (await dataSource.query('SELECT response_body, response_body_sealed FROM idempotency_key WHERE idempotency_key = $1', [key])) as Array<{ response_body: string; response_body_sealed: boolean }>;
    expect(row.response_body_sealed).toBe(true);
    expect(row.response_body).not.toContain('Ana');
  });

  it('refuses the same key with another request (422) and leaves nothing written', async () => {
    const key = randomUUID();
    expect((await post('/v1/counters', { officeCode: 'CHP', count: 2 }, { 'idempotency-key': key })).status).toBe(201);
    const before = await counters();
    const other = await post('/v1/counters', { officeCode: 'CHP', count: 5 }, { 'idempotency-key': key });
    expect(other.status).toBe(422);
    expect(await other.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', errors: [{ field: 'Idempotency-Key', rule: 'sameRequest' }] });
    expect(await counters()).toBe(before);
  });

  it('does an act once under 20 concurrent retries with one key, through a transaction', async () => {
    const created = (await (await post('/v1/counters', { officeCode: 'CHP', count: 1 })).json()) as { id: string };
    const key = randomUUID();
    let release: () => void = () => undefined;
    gate.entered = 0;
    gate.open = new Promise<void>((resolve) => (release = resolve));
    const pending = Array.from({ length: 20 }, () => post(`/v1/counters/${created.id}/increments`, { officeCode: 'CHP', count: 1 }, { 'idempotency-key': key }));
    // All twenty are past the lookup and inside the handler before any commits: only the claim can stop nineteen.
    await waitFor('twenty retries in the handler', () => gate.entered === 20);
    release();
    const answers = await Promise.all(pending);
    const statuses = answers.map((answer) => answer.status);
    // Each is the first answer, or "still in progress" (409) for those that came while it was served.
    expect(statuses.every((status) => status === 200 || status === 409)).toBe(true);
    expect(statuses).toContain(200);
    expect(await counterValue(created.id)).toBe(2);
    gate.open = Promise.resolve();
    const settled = await post(`/v1/counters/${created.id}/increments`, { officeCode: 'CHP', count: 1 }, { 'idempotency-key': key });
    expect(settled.status).toBe(200);
    expect(await settled.json()).toEqual({ id: created.id, officeCode: 'CHP', value: 2 });
    expect(await counterValue(created.id)).toBe(2);
  });

  it('leaves the key free when the request failed, so the corrected retry is served', async () => {
    const created = (await (await post('/v1/counters', { officeCode: 'CHP', count: 1 })).json()) as { id: string };
    const key = randomUUID();
    expect((await post(`/v1/counters/${created.id}/failures`, { officeCode: 'CHP', count: 1 }, { 'idempotency-key': key })).status).toBe(500);
    expect(((await dataSource.query('SELECT count(*) AS n FROM idempotency_key WHERE idempotency_key = $1', [key])) as Array<{ n: string }>)[0].n).toBe('0');
    const refused = await post('/v1/counters', { officeCode: 'TAB', count: 1 }, { 'idempotency-key': key });
    expect(refused.status).toBe(404);
    const served = await post('/v1/counters', { officeCode: 'CHP', count: 1 }, { 'idempotency-key': key });
    expect(served.status).toBe(201);
  });

  it('answers a replay only while the caller still sees the office of the answer', async () => {
    const key = randomUUID();
    expect((await post('/v1/counters', { officeCode: 'CHP', count: 4 }, { 'idempotency-key': key })).status).toBe(201);
    const movedAway = await signer.mint({ subject: 'officer-1', roles: ['officer'], offices: ['TAB'] });
    const replay = await post('/v1/counters', { officeCode: 'CHP', count: 4 }, { 'idempotency-key': key }, movedAway);
    expect(replay.status).toBe(404);
    expect(JSON.stringify(await replay.json())).not.toContain('Ana');
  });

  it('tells a retry after a crash between commit and answer where the result is, once the claim is no longer in progress', async () => {
    const caseId = randomUUID();
    const claim = async (key: string, ageSeconds: number) =>
      dataSource.query(
        `INSERT INTO idempotency_key (subject, idempotency_key, request_hash, created_at, response_case_id, response_office_code, response_location)
         VALUES ('officer-1', $1, $2, now() - make_interval(secs => $3), $4, 'CHP', $5)`,
        [key, requestHashOf('POST', '/v1/counters', { officeCode: 'CHP', count: 7 }), ageSeconds, caseId, `/v1/counters/${caseId}`],
      );
    const young = randomUUID();
    await claim(young, 1);
    const inProgress = await post('/v1/counters', { officeCode: 'CHP', count: 7 }, { 'idempotency-key': young });
    expect(inProgress.status).toBe(409);
    expect(inProgress.headers.get('retry-after')).toBe('1');
    expect(await inProgress.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_IN_PROGRESS' });

    const stale = randomUUID();
    await claim(stale, 120);
    const unrecorded = await post('/v1/counters', { officeCode: 'CHP', count: 7 }, { 'idempotency-key': stale });
    expect(unrecorded.status).toBe(409);
    expect(unrecorded.headers.get('location')).toBe(`/v1/counters/${caseId}`);
    expect(await unrecorded.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_OUTCOME_UNRECORDED' });
    const elsewhere = await post('/v1/counters', { officeCode: 'CHP', count: 7 }, { 'idempotency-key': stale }, await signer.mint({ subject: 'officer-1', roles: ['officer'], offices: ['TAB'] }));
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.headers.get('location')).toBeNull();
  });

  it('links the key to what the request names before its commit, in the same statement', async () => {
    const key = randomUUID();
    const created = await post('/v1/counters', { officeCode: 'CHP', count: 8 }, { 'idempotency-key': key });
    const { caseId } = (await created.json()) as { caseId: string };
    const [row] = (await dataSource.query('SELECT response_case_id, response_location FROM idempotency_key WHERE idempotency_key = $1', [key])) as Array<{ response_case_id: string; response_location: string }>;
    expect(row).toEqual({ response_case_id: caseId, response_location: `/v1/counters/${caseId}` });
    expect(claimedWith.get(caseId)).toEqual({ caseId, officeCode: 'CHP', location: `/v1/counters/${caseId}` });
  });

  it('moves stored answers with their case: after a transfer away the same officer\'s replay is 404, and audited', async () => {
    const key = randomUUID();
    const first = await post('/v1/counters', { officeCode: 'CHP', count: 6 }, { 'idempotency-key': key });
    const { caseId } = (await first.json()) as { caseId: string };
    await moveStoredAnswers(dataSource.manager, caseId, 'TAB');
    const replay = await post('/v1/counters', { officeCode: 'CHP', count: 6 }, { 'idempotency-key': key });
    expect(replay.status).toBe(404);
    expect(await replay.json()).toMatchObject({ code: 'CASE_NOT_FOUND' });
    const audited = (await dataSource.query(`SELECT outcome, reason, office_code FROM audit_log WHERE case_id = $1 AND action = 'idempotent.replay'`, [caseId])) as Array<{ outcome: string; reason: string; office_code: string }>;
    expect(audited).toEqual([{ outcome: 'refused', reason: 'CASE_NOT_FOUND', office_code: 'TAB' }]);
  });

  it('purges keys past their day off the request path, and keeps the others', async () => {
    const old = randomUUID();
    await dataSource.query(`INSERT INTO idempotency_key (subject, idempotency_key, request_hash, created_at) VALUES ('officer-9', $1, 'h', now() - interval '25 hours')`, [old]);
    const kept = randomUUID();
    expect((await post('/v1/counters', { officeCode: 'CHP', count: 1 }, { 'idempotency-key': kept })).status).toBe(201);
    expect(await app.get(IdempotencyKeyPurge).runOnce()).toBeGreaterThanOrEqual(1);
    const left = (await dataSource.query('SELECT idempotency_key FROM idempotency_key WHERE idempotency_key = ANY($1)', [[old, kept]])) as Array<{ idempotency_key: string }>;
    expect(left.map((row) => row.idempotency_key)).toEqual([kept]);
  });

  it('keeps keys per caller and refuses a malformed key with a 400 naming the header', async () => {
    const key = randomUUID();
    expect((await post('/v1/counters', { officeCode: 'CHP', count: 1 }, { 'idempotency-key': key })).status).toBe(201);
    const colleague = await signer.mint({ subject: 'officer-2', roles: ['officer'], offices: ['CHP'] });
    const theirs = await post('/v1/counters', { officeCode: 'CHP', count: 1 }, { 'idempotency-key': key }, colleague);
    expect(theirs.status).toBe(201);
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    const malformed = await post('/v1/counters', { officeCode: 'CHP', count: 1 }, { 'idempotency-key': 'two words' });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ errors: [{ field: 'Idempotency-Key', rule: 'isKey' }] });
  });
});
