// The demo's steps: where the services are, its typed clients, and how a step logs, waits and fails.
import { ContractDriftError, OpenApiDocument, ServiceClient, serviceClient } from '@opis/api-clients';
import { mintToken, Role } from '@opis/platform';
import { CONSOLE_GATEWAY, PLATFORM_SERVICES, PlatformServiceName } from '@opis/platform-services';



type ServiceName = PlatformServiceName;

const WAIT_MS = Number(process.env.DEMO_WAIT_MS ?? 30_000);
export const MAIL_CATCHER_URL = (process.env.MAIL_CATCHER_URL ?? 'http://127.0.0.1:1080').replace(/\/$/, '');
const POLL_MS = 50;
export const GATEWAY_URL = (process.env.GATEWAY_URL ?? `http://127.0.0.1:${CONSOLE_GATEWAY.port}`).replace(/\/$/, '');

export const BASE_URLS = new Map<ServiceName, string>(
  PLATFORM_SERVICES.map((service) => [
    service.name,
    (process.env[`${service.name.toUpperCase().replace(/-/g, '_')}_URL`] ?? `http://127.0.0.1:${service.port}`).replace(/\/$/, ''),
  ]),
);

// ---------------------------------------------------------------------------------------------
// The answers the demo reads, typed by the documents (any until a document has the schema).

/** A refusal's problem body: what the demo shows of any refusal. */
interface Problem {
  code?: string;
  detail?: string;
  rule?: string;
  errors?: Array<{ field: string; rule: string; message: string }>;
}
/** An answer of a typed client. */
export interface Answer {
  data?: unknown;
  error?: unknown;
  response: Response;
}
/** A receiving country's or a repatriation point's hours. */
export interface Window {
  timeZone: string;
  weekdays: number[];
  opensAt: string;
  closesAt: string;
}

// ---------------------------------------------------------------------------------------------
// The timeline, and the failure that stops it.

export class StepFailed extends Error {}

export const clock = (at = new Date()) => at.toISOString().slice(11, 23);

export function log(service: ServiceName | 'demo', headline: string, facts: Array<string | false | undefined> = []): void {
  console.log(`${clock()}  ${service.padEnd(15)} ${headline}`);
  for (const fact of facts) if (fact) console.log(`${' '.repeat(30)}· ${fact}`);
}

export function section(title: string): void {
  console.log(`\n── ${title} ${'─'.repeat(Math.max(0, 86 - title.length))}`);
}

export function problemOf(reply: Answer): Problem {
  return (reply.error ?? {}) as Problem;
}

export function describe(reply: Answer): string {
  const { code, detail, errors } = problemOf(reply);
  const fields = (errors ?? []).map((error) => `${error.field} (${error.rule})`).join(', ');
  return `HTTP ${reply.response.status}${code ? ` ${code}` : ''}${detail ? `: ${detail}` : ''}${fields ? ` [${fields}]` : ''}`;
}

export function expectStatus<R extends Answer>(reply: R, expected: number, what: string): NonNullable<R['data']> {
  if (reply.response.status !== expected) throw new StepFailed(`${what}: expected HTTP ${expected}, got ${describe(reply)}`);
  return reply.data as NonNullable<R['data']>;
}

export function check(condition: boolean, what: string): void {
  if (!condition) throw new StepFailed(what);
}

/** Polls a real condition until it holds; returns how long it took. Never a fixed sleep. */
export async function until(what: string, condition: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  let lastError = '';
  while (Date.now() - started < WAIT_MS) {
    try {
      if (await condition()) return Date.now() - started;
    } catch (error) {
      // A drift from the documents stops the demo at once rather than at the timeout.
      if (error instanceof StepFailed || error instanceof ContractDriftError) throw error;
      lastError = error instanceof Error ? `: ${error.message}` : '';
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new StepFailed(`timed out after ${WAIT_MS} ms waiting for ${what}${lastError}`);
}

// ---------------------------------------------------------------------------------------------
// HTTP with a caller's token, through the typed clients.

export interface Caller {
  label: string;
  token: string;
}

export async function caller(label: string, roles: Role[], offices: string[]): Promise<Caller> {
  return { label, token: await mintToken({ roles, offices, subject: label, ttl: '1h' }) };
}

/** With DEMO_CONTRACT=served, answers are held against the documents the services serve (/docs-json). */
const servedDocuments = new Map<ServiceName, OpenApiDocument>();

export async function readServedDocuments(): Promise<void> {
  if (process.env.DEMO_CONTRACT !== 'served') return;
  for (const [name, url] of BASE_URLS) servedDocuments.set(name, (await (await fetch(`${url}/docs-json`)).json()) as OpenApiDocument);
}

/** The typed client of `service` with the caller's token. */
export function api<S extends ServiceName>(who: Caller, service: S): ServiceClient<S> {
  return serviceClient(service, BASE_URLS.get(service) as string, who.token, { document: servedDocuments.get(service) });
}