import { randomUUID } from 'node:crypto';

import { DataSource } from 'typeorm';

import { OfficeCode } from '@opis/contracts-envelope';
import { Role, ROLES } from '@opis/platform';

import { FuzzDocument } from './openapi-fuzz';
import { httpRequest, TestResponse } from './service-harness';

/**
 * The office and role matrix of issue 19: every operation of a service's OpenAPI document, walked
 * like the fuzzer walks it (document.paths × methods), with a token of every role of the case's
 * office and of another, and without one. It finds
 * - leaks: a principal who may not see a record gets another answer for its id than for an
 *   unknown one, or any of the record's data;
 * - writes by read-only roles: a row of the service's database changed by `auditor` (or a
 *   `national-admin`, who keeps reference data and sees no case) outside the reference tables;
 * - national changes by office roles: a reference table changed by anyone the rule does not allow;
 * - answers of 500 and above, to anyone.
 */

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

export interface MatrixOperation {
  /** `METHOD /path/{template}`, as the fuzzer keys its bodies. */
  key: string;
  method: string;
  path: string;
  params: string[];
  /** The document says no token is needed (health). */
  public: boolean;
}

interface DocumentedOperation {
  security?: unknown[];
}

/** Every operation of the document, in its order. */
export function matrixOperations(document: FuzzDocument): MatrixOperation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method] !== undefined).map((method) => {
      const operation = item[method] as DocumentedOperation;
      return {
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        params: [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] as string),
        // @Public() routes (health) declare an empty security list: the document is the only source.
        public: Array.isArray(operation.security) && operation.security.length === 0,
      };
    }),
  );
}

export type Mint = (roles: Role[], offices: OfficeCode[], subject: string) => Promise<string>;

export interface AccessMatrixOptions {
  url: string;
  document: FuzzDocument;
  mint: Mint;
  dataSource: DataSource;
  /** The office of the test's records, and an office that has none of them. */
  office: OfficeCode;
  otherOffice: OfficeCode;
  /** Path parameters naming the test's records: each is also tried as an unknown id. */
  ids: Record<string, string>;
  /** Other path parameters (a need, a topic, a day): values that reach past validation. */
  params?: Record<string, string>;
  /** A query string per operation key (without `?`). */
  query?: Record<string, string>;
  /** A valid body per operation key, so that a request reaches the scope checks behind validation. */
  bodies?: Record<string, unknown | (() => unknown)>;
  /** Texts of the test's records (ids, case number, names, phones) a principal who may not see them never receives. */
  secrets: string[];
  /**
   * Requests about the other office's own records that name one of the test's records (in the body
   * or the path): naming it must be answered as naming an unknown id ("cross-office ids refused").
   */
  references?: MatrixReference[];
  /** Tables of national (or office) reference data: changed only by `referenceOperations`' writers. */
  referenceTables?: string[];
  /** Operations that change reference data, with who may: anyone else changes no reference row. */
  referenceOperations?: Record<string, (role: Role, offices: OfficeCode[]) => boolean>;
  /** Tables left out of every comparison beyond `audit_log`, each with the reason. */
  ignoredTables?: Record<string, string>;
  /** Tables compared by row count only beyond `outbox`, each with the reason (something updates them on its own). */
  countedTables?: Record<string, string>;
}

export interface MatrixReference {
  key: string;
  /** The test's record named, e.g. a case id of the records' office. */
  reference: string;
  /** Path ids (the other office's own records), given the id to name. */
  ids: (reference: string) => Record<string, string>;
  body?: (reference: string) => unknown;
}

export interface AccessMatrixReport {
  sent: number;
  operations: number;
  byStatus: Record<number, number>;
  serverErrors: string[];
  /** Operations answered other than 401 without a token. */
  unauthenticated: string[];
  leaks: string[];
  /** Rows changed by a principal of another office. */
  otherOfficeWrites: string[];
  readOnlyWrites: string[];
  referenceChanges: string[];
  /** Reference operations their own writer could not perform (the refusals would prove nothing). */
  referenceControls: string[];
  /**
   * Operations whose probe by a principal who may not see the records was refused by validation
   * (400): the scope check behind it was not reached, so a valid body would probe deeper.
   */
  refusedBeforeScope: string[];
  /** Path parameters the test gave no value (sent as an id that names nothing): worth a value. */
  unvalued: string[];
  milliseconds: number;
}

/** `auditor` reads; a `national-admin` keeps reference data and sees no case (libs/platform principal.ts). */
const READ_ONLY_ROLES: readonly Role[] = ['auditor', 'national-admin'];
/** Roles that see every office's cases: another office is not another office to them. */
const NATIONWIDE_ROLES: readonly Role[] = ['national'];
/** Roles that see no case at all, whatever their offices. */
const BLIND_ROLES: readonly Role[] = ['national-admin'];

/** Every service's audit trail: the design records each refusal there (who, which case, why), so it must grow. */
const SHARED_IGNORED_TABLES: Record<string, string> = { audit_log: 'refusals are audited' };
/** Every service's outbox: the relay marks rows published on its own schedule; a new event would still add a row. */
const SHARED_COUNTED_TABLES: Record<string, string> = { outbox: 'the relay updates published_at' };

type Snapshot = Record<string, string>;

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

/** Count and content digest of each table: an UPDATE changes the digest, an INSERT or DELETE both. */
export async function tableSnapshot(dataSource: DataSource, tables: string[], counted: ReadonlySet<string> = new Set()): Promise<Snapshot> {
  const snapshot: Snapshot = {};
  for (const table of tables) {
    const [row] = counted.has(table)
      ? await dataSource.query(`SELECT count(*)::int AS n, '' AS digest FROM ${quote(table)}`)
      : await dataSource.query(
          `SELECT count(*)::int AS n, md5(coalesce(string_agg(md5(t::text), ',' ORDER BY md5(t::text)), '')) AS digest FROM ${quote(table)} t`,
        );
    snapshot[table] = `${row.n} rows ${row.digest}`;
  }
  return snapshot;
}

export function changedTables(before: Snapshot, after: Snapshot): string[] {
  return Object.keys(after).filter((table) => before[table] !== after[table]);
}

async function tablesOf(dataSource: DataSource): Promise<string[]> {
  const rows: Array<{ name: string }> = await dataSource.query(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  return rows.map((row) => row.name);
}

/** An answer without what only names the request (`instance`, the ids it was sent with). */
function answerOf(response: TestResponse, substitutions: Array<[string, string]>): string {
  let body: unknown = response.body;
  if (body && typeof body === 'object' && !Array.isArray(body) && 'instance' in body) {
    const { instance: _instance, ...rest } = body as Record<string, unknown>;
    body = rest;
  }
  let text = `${response.status} ${JSON.stringify(body ?? null)}`;
  for (const [value, placeholder] of substitutions) text = text.split(value).join(placeholder);
  return text;
}

/** Long answers cut, so that a finding stays readable. */
function clip(text: string): string {
  return text.length > 400 ? `${text.slice(0, 400)}…` : text;
}

/** Runs the matrix; the caller asserts on the report (every list empty). */
export async function runAccessMatrix(options: AccessMatrixOptions): Promise<AccessMatrixReport> {
  const started = performance.now();
  const operations = matrixOperations(options.document);
  const referenceOperations = options.referenceOperations ?? {};
  const referenceTables = options.referenceTables ?? [];
  const ignored = new Set(Object.keys({ ...SHARED_IGNORED_TABLES, ...options.ignoredTables }));
  const counted = new Set(Object.keys({ ...SHARED_COUNTED_TABLES, ...options.countedTables }));
  const allTables = (await tablesOf(options.dataSource)).filter((table) => !ignored.has(table));
  for (const table of [...referenceTables, ...counted]) {
    if (!allTables.includes(table)) throw new Error(`the matrix names table ${table}, which the database does not have`);
  }
  const report: AccessMatrixReport = {
    sent: 0,
    operations: operations.length,
    byStatus: {},
    serverErrors: [],
    unauthenticated: [],
    leaks: [],
    otherOfficeWrites: [],
    readOnlyWrites: [],
    referenceChanges: [],
    referenceControls: [],
    refusedBeforeScope: [],
    unvalued: [],
    milliseconds: 0,
  };
  const tokens = new Map<string, string>();
  const token = async (role: Role, offices: OfficeCode[]): Promise<string> => {
    const subject = `matrix-${role}-${offices.join('-') || 'none'}`;
    if (!tokens.has(subject)) tokens.set(subject, await options.mint([role], offices, subject));
    return tokens.get(subject) as string;
  };
  /** One id per parameter without a value, the same in every request, so that answers compare. */
  const unvaluedIds = new Map<string, string>();
  const snapshot = (tables: string[]) => tableSnapshot(options.dataSource, tables, counted);

  const send = async (operation: MatrixOperation, ids: Record<string, string>, who: string, bearer?: string, bodyOverride?: () => unknown): Promise<TestResponse> => {
    const values = { ...options.params, ...ids };
    const path = operation.params.reduce((current, name) => {
      // A route added after the test was written still gets walked: an id that names nothing, noted.
      if (values[name] === undefined && !report.unvalued.includes(`${operation.key} {${name}}`)) report.unvalued.push(`${operation.key} {${name}}`);
      if (values[name] === undefined && !unvaluedIds.has(name)) unvaluedIds.set(name, randomUUID());
      return current.replace(`{${name}}`, encodeURIComponent(values[name] ?? (unvaluedIds.get(name) as string)));
    }, operation.path);
    const query = options.query?.[operation.key];
    const given = bodyOverride ?? options.bodies?.[operation.key];
    const body = operation.method === 'GET' || operation.method === 'DELETE' ? undefined : typeof given === 'function' ? (given as () => unknown)() : (given ?? {});
    const response = await httpRequest(options.url, operation.method, query ? `${path}?${query}` : path, {
      token: bearer,
      body,
      headers: operation.method === 'POST' ? { 'idempotency-key': randomUUID() } : {},
    });
    report.sent += 1;
    report.byStatus[response.status] = (report.byStatus[response.status] ?? 0) + 1;
    if (response.status >= 500) report.serverErrors.push(`${operation.key} as ${who}: ${response.status} ${JSON.stringify(response.body)}`);
    return response;
  };

  const idParams = (operation: MatrixOperation) => operation.params.filter((name) => options.ids[name] !== undefined);

  /** What a principal who may not see the records gets: the same for their ids as for unknown ones, and none of their data. */
  const probeUnseen = async (operation: MatrixOperation, who: string, bearer: string): Promise<void> => {
    const named = idParams(operation);
    const real = Object.fromEntries(named.map((name) => [name, options.ids[name] as string]));
    const unknown = Object.fromEntries(named.map((name) => [name, randomUUID()]));
    const variants: Array<Record<string, string>> = [real];
    // The first id real, the others unknown: e.g. a case of another office with a plan id that does not exist.
    if (named.length > 1) variants.push({ ...unknown, [named[0] as string]: real[named[0] as string] as string });
    const responses: Array<[Record<string, string>, TestResponse]> = [];
    for (const variant of variants) responses.push([variant, await send(operation, variant, who, bearer)]);
    const secretsOf = (sent: Record<string, string>) => options.secrets.filter((secret) => !Object.values(sent).includes(secret));
    if (responses.some(([, response]) => response.status === 400) && !report.refusedBeforeScope.includes(operation.key)) report.refusedBeforeScope.push(operation.key);
    for (const [sent, response] of responses) {
      const { instance: _instance, ...rest } = (response.body && typeof response.body === 'object' && !Array.isArray(response.body) ? response.body : { body: response.body }) as Record<string, unknown>;
      const text = JSON.stringify(rest);
      const seen = secretsOf(sent).filter((secret) => text.includes(secret));
      if (seen.length > 0) report.leaks.push(`${operation.key} as ${who} (ids ${JSON.stringify(sent)}): ${response.status} carries ${seen.join(', ')}`);
    }
    if (named.length === 0) return;
    const unknownResponse = await send(operation, unknown, who, bearer);
    const expected = answerOf(unknownResponse, named.map((name) => [unknown[name] as string, `{${name}}`]));
    for (const [sent, response] of responses) {
      const actual = answerOf(response, named.map((name) => [sent[name] as string, `{${name}}`]));
      if (actual !== expected) {
        report.leaks.push(`${operation.key} as ${who}: ids ${JSON.stringify(sent)} answered «${clip(actual)}», unknown ids «${clip(expected)}»`);
      }
    }
  };

  // 1. No token: 401 on every operation the document does not mark public.
  for (const operation of operations) {
    const response = await send(operation, options.ids, 'no token');
    if (!operation.public && response.status !== 401) report.unauthenticated.push(`${operation.key}: ${response.status}`);
  }

  const isReferenceWriter = (operation: MatrixOperation, role: Role, offices: OfficeCode[]) => referenceOperations[operation.key]?.(role, offices) ?? false;

  // 2. Another office: every role but the nationwide ones, on every operation.
  let before = await snapshot(allTables);
  for (const role of ROLES.filter((candidate) => !NATIONWIDE_ROLES.includes(candidate))) {
    const offices = [options.otherOffice];
    const bearer = await token(role, offices);
    for (const operation of operations) {
      // A national-admin of any office may change national data: that is phase 4's control, not a leak.
      if (isReferenceWriter(operation, role, offices)) continue;
      await probeUnseen(operation, `${role} of ${options.otherOffice}`, bearer);
    }
  }
  // 2b. The other office's own records, naming the test's: as if naming an unknown id.
  for (const reference of options.references ?? []) {
    const operation = operations.find((candidate) => candidate.key === reference.key);
    if (!operation) throw new Error(`the matrix names ${reference.key}, which the document does not have`);
    for (const role of ROLES.filter((candidate) => !NATIONWIDE_ROLES.includes(candidate))) {
      const who = `${role} of ${options.otherOffice} naming ${reference.reference}`;
      const bearer = await token(role, [options.otherOffice]);
      const unknownId = randomUUID();
      const answers: string[] = [];
      for (const id of [reference.reference, unknownId]) {
        const response = await send(operation, reference.ids(id), who, bearer, reference.body ? () => reference.body?.(id) : undefined);
        answers.push(answerOf(response, [[id, '{reference}']]));
        const seen = options.secrets.filter((secret) => secret !== id && answerOf(response, []).includes(secret));
        if (seen.length > 0) report.leaks.push(`${operation.key} as ${who}: ${response.status} carries ${seen.join(', ')}`);
      }
      if (answers[0] !== answers[1]) report.leaks.push(`${operation.key} as ${who}: answered «${clip(answers[0] as string)}», an unknown id «${clip(answers[1] as string)}»`);
    }
  }
  let after = await snapshot(allTables);
  for (const table of changedTables(before, after)) report.otherOfficeWrites.push(`${table} changed by principals of ${options.otherOffice}`);

  // 3. Read-only roles of the records' own office: nothing changes; a role that sees no case gets what an unknown id gets.
  for (const role of READ_ONLY_ROLES) {
    const offices = [options.office];
    const bearer = await token(role, offices);
    for (const operation of operations) {
      if (isReferenceWriter(operation, role, offices)) continue;
      before = await snapshot(allTables);
      if (BLIND_ROLES.includes(role)) await probeUnseen(operation, `${role} of ${options.office}`, bearer);
      else await send(operation, options.ids, `${role} of ${options.office}`, bearer);
      after = await snapshot(allTables);
      for (const table of changedTables(before, after)) report.readOnlyWrites.push(`${operation.key} as ${role} of ${options.office} changed ${table}`);
    }
  }

  // 4. Reference data: every role of both offices but its writers changes no reference row; its writers can.
  const referenceKeys = operations.filter((operation) => referenceOperations[operation.key] !== undefined);
  for (const operation of referenceKeys) {
    for (const role of ROLES) {
      for (const offices of [[options.office], [options.otherOffice]]) {
        if (isReferenceWriter(operation, role, offices)) continue;
        before = await snapshot(referenceTables);
        await send(operation, options.ids, `${role} of ${offices.join(',')}`, await token(role, offices));
        after = await snapshot(referenceTables);
        for (const table of changedTables(before, after)) report.referenceChanges.push(`${operation.key} as ${role} of ${offices.join(',')} changed ${table}`);
      }
    }
  }
  for (const operation of referenceKeys) {
    const writer = ROLES.flatMap((role) => [[options.office], [options.otherOffice]].map((offices) => ({ role, offices }))).find(({ role, offices }) =>
      isReferenceWriter(operation, role, offices),
    );
    if (!writer) {
      report.referenceControls.push(`${operation.key}: nobody may perform it`);
      continue;
    }
    const response = await send(operation, options.ids, `${writer.role} of ${writer.offices.join(',')}`, await token(writer.role, writer.offices));
    if (response.status >= 300) report.referenceControls.push(`${operation.key} as ${writer.role} of ${writer.offices.join(',')}: ${response.status} ${JSON.stringify(response.body)}`);
  }

  // 5. Everyone else of the records' own office, last since they may change (even close or transfer) the records: no 5xx.
  for (const role of ROLES.filter((candidate) => !READ_ONLY_ROLES.includes(candidate))) {
    const offices = NATIONWIDE_ROLES.includes(role) ? [] : [options.office];
    const bearer = await token(role, offices);
    for (const operation of operations) {
      if (referenceOperations[operation.key] !== undefined) continue;
      await send(operation, options.ids, `${role} of ${offices.join(',') || 'no office'}`, bearer);
    }
  }

  report.milliseconds = Math.round(performance.now() - started);
  return report;
}

/**
 * What every service's matrix asserts: no 5xx, 401 without a token, no leak, no write by another
 * office or a read-only role, no reference change but by its writers. Prints what it sent.
 */
export function expectNoAccessFindings(service: string, report: AccessMatrixReport, minimum: { operations: number; sent: number }): void {
  console.warn(
    `${service} access matrix: ${report.sent} requests over ${report.operations} operations in ${report.milliseconds} ms, by status ${JSON.stringify(report.byStatus)}; ` +
      `refused before scope: ${report.refusedBeforeScope.join(', ') || 'none'}; without a value: ${report.unvalued.join(', ') || 'none'}`,
  );
  expect(report.operations).toBeGreaterThanOrEqual(minimum.operations);
  expect(report.sent).toBeGreaterThanOrEqual(minimum.sent);
  expect(report.serverErrors).toEqual([]);
  expect(report.unauthenticated).toEqual([]);
  expect(report.leaks).toEqual([]);
  expect(report.otherOfficeWrites).toEqual([]);
  expect(report.readOnlyWrites).toEqual([]);
  expect(report.referenceChanges).toEqual([]);
  expect(report.referenceControls).toEqual([]);
}
