import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createHttpApp } from '@opis/platform';
import { FUZZ_RUNS, FUZZ_SEED, FuzzDocument, fuzzOpenApi } from '@opis/service-harness';

import { NotificationsModule } from '../../src/notifications.module';
import { RESPONSE_SCHEMAS } from '../../src/openapi-responses.generated';
import { NotificationsTestBed, startNotificationsTestBed } from './notifications-harness';

const root = join(__dirname, '..', '..', '..', '..');

/**
 * The service's OpenAPI document as `npm run docs` would export it (with the generated response
 * schemas), held to the recommended rules of @redocly/openapi-core like the other services'
 * (libs/event-catalog/test/openapi-lint), and the service under generated malformed requests.
 */
describe('notifications: OpenAPI document and malformed requests', () => {
  let bed: NotificationsTestBed;

  beforeAll(async () => {
    bed = await startNotificationsTestBed('openapi', { NOTIFY_ESCALATION_INTERVAL_MS: '3600000' });
  });

  afterAll(async () => {
    await bed?.close();
  });

  it('passes the recommended rules, every operation with its success schema', async () => {
    const app = await createHttpApp(NotificationsModule.register(bed.service.config, { natsNamespace: bed.service.namespace, clock: bed.clock }), {
      config: bed.service.config,
      serviceName: 'notifications',
      title: 'OPIS notifications',
      description: 'Alerts that reach a person.',
      responses: RESPONSE_SCHEMAS,
    });
    const folder = mkdtempSync(join(tmpdir(), 'notifications-openapi-'));
    try {
      await app.listen(0, '127.0.0.1');
      const document = (await (await fetch(`${await app.getUrl()}/docs-json`)).json()) as { paths: unknown };
      const file = join(folder, 'notifications.json');
      writeFileSync(file, JSON.stringify(document, null, 2));
      const run = spawnSync(process.execPath, [join(root, 'libs', 'event-catalog', 'test', 'openapi-lint.mjs'), JSON.stringify({ rules: {}, ignore: {} }), file], { cwd: root, encoding: 'utf8' });
      expect(run.stderr).toBe('');
      expect(JSON.parse(run.stdout)).toEqual([]);
      for (const [path, operations] of Object.entries(document.paths as Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>)) {
        for (const [method, operation] of Object.entries(operations)) {
          const success = Object.entries(operation.responses).find(([status]) => status.startsWith('2'));
          expect([`${method} ${path}`, success?.[1].content !== undefined]).toEqual([`${method} ${path}`, true]);
        }
      }
    } finally {
      await app.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it(`answers ${FUZZ_RUNS} generated requests over every route without a 5xx`, async () => {
    const document = (await bed.service.request('GET', '/docs-json')).body as FuzzDocument;
    // The live stream never ends by itself; the fuzzer's requests wait for whole answers.
    delete (document.paths as Record<string, unknown>)['/v1/tasks/stream'];
    const outcome = await fuzzOpenApi(bed.service.url, document, {
      runs: FUZZ_RUNS,
      seed: FUZZ_SEED,
      tokens: [
        await bed.service.token(['officer'], ['CHP']),
        await bed.service.token(['supervisor'], ['CHP']),
        await bed.service.token(['office-admin'], ['CHP']),
        await bed.service.token(['national-admin'], []),
        await bed.service.token(['officer'], ['TAB']),
      ],
      pathValues: {},
    });
    expect(outcome.sent).toBeGreaterThanOrEqual(FUZZ_RUNS);
    console.warn(`notifications fuzz: ${outcome.sent} requests in ${outcome.milliseconds} ms, by status ${JSON.stringify(outcome.byStatus)}`);
  }, 600_000);
});
