// Calls to the services through the gateway's one origin (/api/<service>/...), with the officer's
// bearer token. A request that never reached the gateway is an OfflineError (the caller may keep
// it on the device); an answer outside 2xx is an ApiError carrying the problem+json.
import type { ServicePaths } from '@opis/api-clients';

/** `gateway` is the gateway's own API (the case timeline), at the origin's /v1. */
export type ServiceName = keyof ServicePaths | 'notifications' | 'gateway';

/** The JSON body a documented operation answers 2xx with. */
export type BodyOf<S extends keyof ServicePaths, P extends keyof ServicePaths[S], M extends keyof ServicePaths[S][P]> = ServicePaths[S][P][M] extends {
  responses: infer R;
}
  ? (200 extends keyof R ? R[200] : 201 extends keyof R ? R[201] : never) extends { content: { 'application/json': infer Body } }
    ? Body
    : never
  : never;

/** The JSON body a documented operation takes. */
export type RequestOf<S extends keyof ServicePaths, P extends keyof ServicePaths[S], M extends keyof ServicePaths[S][P]> = ServicePaths[S][P][M] extends {
  requestBody?: { content: { 'application/json': infer Body } };
}
  ? Body
  : never;

export interface Problem {
  status: number;
  title?: string;
  detail?: string;
  code?: string;
  errors?: { field?: string; rule?: string; message?: string }[];
}

export class OfflineError extends Error {
  constructor() {
    super('offline');
  }
}

export class ApiError extends Error {
  constructor(public readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
  }
}

export interface ApiRequest {
  method?: string;
  body?: unknown;
  idempotencyKey?: string;
}

export type ApiCall = (service: ServiceName, path: string, request?: ApiRequest) => Promise<unknown>;

/** `origin` is empty in the browser (same origin as the gateway); tests give a server's URL. */
export function apiCaller(token: string, origin = ''): ApiCall {
  return async (service, path, request = {}) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    if (request.idempotencyKey) headers['idempotency-key'] = request.idempotencyKey;
    let response: Response;
    try {
      response = await fetch(`${origin}${service === 'gateway' ? '' : `/api/${service}`}${path}`, {
        method: request.method ?? 'GET',
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
      });
    } catch {
      throw new OfflineError();
    }
    const text = await response.text();
    const body: unknown = text ? JSON.parse(text) : undefined;
    if (!response.ok) throw new ApiError({ status: response.status, ...(typeof body === 'object' && body !== null ? body : {}) } as Problem);
    return body;
  };
}

/** What to show for a refusal: the problem's detail, and each field with the rule it broke. */
export function describeProblem(problem: Problem): string {
  const fields = (problem.errors ?? []).map((error) => `${error.field ?? ''}: ${error.message ?? error.rule ?? ''}`);
  return [problem.detail ?? problem.title ?? `HTTP ${problem.status}`, ...fields].join(' · ');
}
