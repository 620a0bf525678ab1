import { OfficeCode } from '@opis/contracts-envelope';
import { Role } from '@opis/platform';

import { FUZZ_RUNS, FUZZ_SEED, FuzzDocument, fuzzOpenApi, FuzzOptions } from './openapi-fuzz';
import { TestResponse } from './service-harness';

/** What a fuzz suite needs of a running service: its address and a way to read its document. */
export interface FuzzedService {
  url: string;
  request(method: string, path: string): Promise<TestResponse>;
}

/** A service's fuzz run, less the request budget every service shares. */
export interface FuzzPlan extends Omit<FuzzOptions, 'runs' | 'seed'> {
  /**
   * Fewer kinds of answer than this means most requests were refused for one reason (no auth,
   * say) and never reached past it. Four unless a service has few routes.
   */
  minimumStatuses?: number;
}

export interface OpenApiFuzzSuite<B extends { close(): Promise<void> }> {
  /** Starts the service (and what it needs) once for the suite. */
  start(): Promise<B>;
  service(bed: B): FuzzedService;
  /** Creates what the run's ids point at and says how to fuzz; runs after the document is read. */
  plan(bed: B, document: FuzzDocument): Promise<FuzzPlan>;
}

/**
 * The callers a fuzz run sends as: an office's officer and supervisor, the national desk, another
 * office's officer, and `nationalRoles` (without offices) for the routes only they may use.
 */
export async function fuzzCallers(
  service: { token(roles: Role[], offices: OfficeCode[]): Promise<string> },
  ...nationalRoles: Role[]
): Promise<string[]> {
  return Promise.all([
    service.token(['officer'], ['CHP']),
    service.token(['supervisor'], ['CHP']),
    service.token(['national'], []),
    service.token(['officer'], ['TAB']),
    ...nationalRoles.map((role) => service.token([role], [])),
  ]);
}

/**
 * One suite per service: `FUZZ_RUNS` generated requests over every route of the service's own
 * OpenAPI document, none answered 5xx (issue 19). The seed and budget come from the environment so
 * that a failure fast-check printed replays the same way in every service.
 */
export function describeOpenApiFuzz<B extends { close(): Promise<void> }>(name: string, suite: OpenApiFuzzSuite<B>): void {
  describe(`${name} under generated malformed requests`, () => {
    let bed: B | undefined;

    beforeAll(async () => {
      bed = await suite.start();
    });

    afterAll(async () => {
      await bed?.close();
    });

    it(`answers ${FUZZ_RUNS} generated requests over every route of its OpenAPI document without a 5xx`, async () => {
      if (!bed) throw new Error(`${name} did not start`);
      const service = suite.service(bed);
      const document = (await service.request('GET', '/docs-json')).body as FuzzDocument;
      const { minimumStatuses = 4, ...plan } = await suite.plan(bed, document);

      const outcome = await fuzzOpenApi(service.url, document, { ...plan, runs: FUZZ_RUNS, seed: FUZZ_SEED });
      expect(outcome.sent).toBeGreaterThanOrEqual(FUZZ_RUNS);
      expect(Object.keys(outcome.byStatus).length).toBeGreaterThanOrEqual(minimumStatuses);
      console.warn(`${name} fuzz: ${outcome.sent} requests in ${outcome.milliseconds} ms, by status ${JSON.stringify(outcome.byStatus)}`);
    }, 600_000);
  });
}
