import { AccessMatrixReport, expectNoAccessFindings, FuzzDocument, runAccessMatrix } from '@opis/service-harness';

import { contactBody, FamilyTestBed, startFamilyContact } from './family-harness';

const now = (): string => new Date().toISOString();

/**
 * Issue 19's office and role matrix over family-contact: every operation of its OpenAPI document,
 * as every role of the case's office (CHP) and of another (TAB), and without a token. About 400
 * requests (the exact number is printed and asserted at least 300).
 */
describe('family-contact: office and role matrix over every route', () => {
  let bed: FamilyTestBed;

  beforeAll(async () => {
    bed = await startFamilyContact('access-matrix');
  });

  afterAll(async () => {
    await bed?.close();
  });

  it('leaks no case or contact to another office, lets no read-only role write, answers no 5xx (≈400 requests)', async () => {
    const caseId = await bed.register();
    // Answered at once (and clear), so that a consular notification reaches past legal-status to its own rules.
    bed.legalStatus.mode = 'clear';
    const officer = await bed.service.token(['officer'], ['CHP']);
    const contact = await bed.service.request('POST', `/v1/cases/${caseId}/contacts`, { token: officer, body: contactBody() });
    expect(contact.status).toBe(201);
    const contactId = contact.body.contactId as string;
    // Tabasco's own case, whose principals name Chiapas's contact.
    const tabasco = await bed.register({ officeCode: 'TAB' });
    const phoneId = contact.body.phoneNumbers[0].phoneId as string;
    const document = (await bed.service.request('GET', '/docs-json')).body as FuzzDocument;
    const ownCase = () => ({ caseId: tabasco });
    const ownCaseAnd = (contact: string) => ({ caseId: tabasco, contactId: contact });

    const report: AccessMatrixReport = await runAccessMatrix({
      url: bed.service.url,
      document,
      mint: (roles, offices, subject) => bed.service.token(roles, offices, subject),
      dataSource: bed.service.dataSource,
      office: 'CHP',
      otherOffice: 'TAB',
      ids: { caseId, contactId },
      query: {
        // Another office's principal looking the case's contact up by her phone.
        'GET /v1/contacts': `phone=${encodeURIComponent('+502 5555-1234')}`,
      },
      bodies: {
        'POST /v1/cases/{caseId}/contacts': () => contactBody({ givenNames: 'Tomás', relationship: 'AUNT_OR_UNCLE', phoneNumbers: ['+502 5555-9876'] }),
        'POST /v1/cases/{caseId}/calls': () => ({
          contactId,
          phoneId: contact.body.phoneNumbers[0].phoneId,
          dialledBy: 'OFFICER',
          calledAt: now(),
          durationSeconds: 120,
          outcome: 'REACHED',
        }),
        'POST /v1/cases/{caseId}/consular-notifications': { purpose: 'FAMILY_TRACING', means: 'OFFICIAL_LETTER', legalBasis: 'RLM art. 170 fr. III' },
        'POST /v1/cases/{caseId}/tracing-attempts': () => ({ channel: 'RED_CROSS_FAMILY_LINKS', outcome: 'NO_RESULT', attemptedAt: now() }),
        'POST /v1/cases/{caseId}/contacts/{contactId}/location': () => ({ via: 'CALL', locatedAt: now() }),
        'POST /v1/cases/{caseId}/contacts/{contactId}/verification': {
          evidence: ['BIRTH_CERTIFICATE'],
          childWish: 'WANTS_REUNIFICATION',
          riskIndicators: [],
          procuraduriaVettingReference: 'PPNNA-CHP-2026-0099',
        },
        'POST /v1/cases/{caseId}/contacts/{contactId}/risk-flag': { riskIndicators: ['VIOLENCE_AT_HOME'] },
        'POST /v1/cases/{caseId}/protection-concerns': () => ({ protectionConcern: 'FEAR_OF_RETURN', statedAt: now(), notes: 'Dice que no quiere volver' }),
        'POST /v1/cases/{caseId}/reunification': () => ({
          contactId,
          handedOverAt: now(),
          place: { kind: 'DIF_FACILITY', country: 'MX', description: 'CAS DIF Tapachula' },
          receiverIdentityDocument: 'DPI 2456 78901 0101',
          handoverRecordNumber: 'ACTA-CHP-2026-0042',
          bestInterestsReference: 'PLAN-PPNNA-CHP-2026-0099',
          signedByReceiver: true,
        }),
      },
      references: [
        { key: 'POST /v1/cases/{caseId}/calls', reference: contactId, ids: ownCase, body: (named) => ({ contactId: named, phoneId, dialledBy: 'OFFICER', calledAt: now(), durationSeconds: 60, outcome: 'REACHED' }) },
        { key: 'POST /v1/cases/{caseId}/calls', reference: phoneId, ids: ownCase, body: (named) => ({ contactId, phoneId: named, dialledBy: 'OFFICER', calledAt: now(), durationSeconds: 60, outcome: 'REACHED' }) },
        {
          key: 'POST /v1/cases/{caseId}/reunification',
          reference: contactId,
          ids: ownCase,
          body: (named) => ({
            contactId: named,
            handedOverAt: now(),
            place: { kind: 'DIF_FACILITY', country: 'MX', description: 'CAS DIF Villahermosa' },
            receiverIdentityDocument: 'DPI 2456 78901 0101',
            handoverRecordNumber: 'ACTA-TAB-2026-0042',
            bestInterestsReference: 'PLAN-PPNNA-TAB-2026-0099',
            signedByReceiver: true,
          }),
        },
        { key: 'POST /v1/cases/{caseId}/contacts/{contactId}/location', reference: contactId, ids: ownCaseAnd, body: () => ({ via: 'CALL', locatedAt: now() }) },
        {
          key: 'POST /v1/cases/{caseId}/contacts/{contactId}/verification',
          reference: contactId,
          ids: ownCaseAnd,
          body: () => ({ evidence: ['BIRTH_CERTIFICATE'], childWish: 'WANTS_REUNIFICATION', riskIndicators: [], procuraduriaVettingReference: 'PPNNA-TAB-2026-0099' }),
        },
        { key: 'POST /v1/cases/{caseId}/contacts/{contactId}/risk-flag', reference: contactId, ids: ownCaseAnd, body: () => ({ riskIndicators: ['VIOLENCE_AT_HOME'] }) },
      ],
      secrets: [caseId, contactId, contact.body.phoneNumbers[0].phoneId, 'Rosa Elvira', 'Xicará Tum', '5555-1234', '55551234', 'Chuicutama'],
    });

    expectNoAccessFindings('family-contact', report, { operations: 12, sent: 300 });
  }, 60_000);
});
