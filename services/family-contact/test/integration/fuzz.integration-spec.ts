import { FUZZ_RUNS, FUZZ_SEED, FuzzDocument, fuzzOpenApi } from '@opis/service-harness';

import { contactBody, FamilyTestBed, startFamilyContact } from './family-harness';

describe('family-contact under generated malformed requests', () => {
  let bed: FamilyTestBed;

  beforeAll(async () => {
    bed = await startFamilyContact('fuzz');
  });

  afterAll(async () => {
    await bed?.close();
  });

  it(`answers ${FUZZ_RUNS} generated requests over every route of its OpenAPI document without a 5xx`, async () => {
    const caseId = await bed.register();
    // Answered at once, so that requests that ask legal-status do not each wait for its timeout.
    bed.legalStatus.mode = 'clear';
    const officer = await bed.service.token(['officer'], ['CHP']);
    const contact = await bed.service.request('POST', `/v1/cases/${caseId}/contacts`, { token: officer, body: contactBody() });
    expect(contact.status).toBe(201);
    const document = (await bed.service.request('GET', '/docs-json')).body as FuzzDocument;

    const outcome = await fuzzOpenApi(bed.service.url, document, {
      runs: FUZZ_RUNS,
      seed: FUZZ_SEED,
      tokens: [officer, await bed.service.token(['supervisor'], ['CHP']), await bed.service.token(['national'], []), await bed.service.token(['officer'], ['TAB'])],
      pathValues: { caseId: [caseId], contactId: [contact.body.contactId] },
      queryParams: { '/v1/contacts': ['phone'] },
      bodies: {
        'POST /v1/cases/{caseId}/contacts': [contactBody()],
        'POST /v1/cases/{caseId}/calls': [
          {
            contactId: contact.body.contactId,
            phoneId: contact.body.phoneNumbers[0].phoneId,
            dialledBy: 'OFFICER',
            calledAt: new Date().toISOString(),
            durationSeconds: 120,
            outcome: 'REACHED',
          },
        ],
      },
    });
    expect(outcome.sent).toBeGreaterThanOrEqual(FUZZ_RUNS);
    expect(Object.keys(outcome.byStatus).length).toBeGreaterThan(3);
    console.warn(`family-contact fuzz: ${outcome.sent} requests in ${outcome.milliseconds} ms, by status ${JSON.stringify(outcome.byStatus)}`);
  }, 600_000);
});
