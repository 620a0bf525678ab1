import { OfficeCode } from '@opis/contracts-envelope';
import { Role } from '@opis/platform';
import { AccessMatrixReport, expectNoAccessFindings, FuzzDocument, runAccessMatrix } from '@opis/service-harness';

import { duplicateCheck, IntakeHarness, registration, startIntake } from './intake-harness';

const ago = (minutes: number): string => new Date(Date.now() - minutes * 60_000).toISOString();

/**
 * Issue 19's office and role matrix over intake: every operation of its OpenAPI document, as every
 * role of the case's office (CHP) and of another (TAB), and without a token. About 330 requests
 * (the exact number is printed and asserted at least 300).
 */
describe('intake: office and role matrix over every route', () => {
  let intake: IntakeHarness;

  beforeAll(async () => {
    // The deadline scanner stays out of the way: a scan between two snapshots would be a write by no one.
    // Its stream provisioned, as deployed: events are published, not left as outbox dead letters.
    intake = await startIntake('access-matrix', { DEADLINE_SCAN_INTERVAL_MS: '3600000' }, { stream: true });
  });

  afterAll(async () => {
    await intake?.close();
  });

  it('leaks no case to another office, lets no read-only role write, answers no 5xx (≈330 requests)', async () => {
    const officer = await intake.token(['officer'], ['CHP'], 'opi-chp-0077');
    // The same child met first in Sonora: Chiapas is shown that record minimally and asks about it.
    const sonora = await intake.request('POST', '/v1/cases', { token: await intake.token(['officer'], ['SON'], 'opi-son-0001'), body: registration({ encounter: { officeCode: 'SON' } }) });
    expect(sonora.status).toBe(201);
    const registered = await intake.request('POST', '/v1/cases', { token: officer, body: registration() });
    expect(registered.status).toBe(201);
    const inquiryBody = () => ({ caseId: registered.body.caseId, candidateCaseNumber: sonora.body.caseNumber, reason: 'Same names and date of birth as the child met in Sonora' });
    const inquiry = await intake.request('POST', '/v1/duplicate-inquiries', { token: officer, body: inquiryBody() });
    expect(inquiry.status).toBe(201);
    // A second person of the office, for the link of a case to a known person.
    const other = await intake.request('POST', '/v1/cases', { token: officer, body: registration({ child: { givenNames: 'Lucía', familyNames: 'Tzul Quiej' } }) });
    expect(other.status).toBe(201);
    // Tabasco's own case, to which its principals try to link Chiapas's person.
    const tabasco = await intake.request('POST', '/v1/cases', {
      token: await intake.token(['officer'], ['TAB'], 'opi-tab-0001'),
      body: registration({ child: { givenNames: 'Pedro', familyNames: 'Cux Tum' }, encounter: { officeCode: 'TAB', migrationPoint: 'Tenosique' } }),
    });
    expect(tabasco.status).toBe(201);
    const document = (await intake.request('GET', '/docs-json')).body as FuzzDocument;

    const report: AccessMatrixReport = await runAccessMatrix({
      url: intake.url,
      document,
      mint: (roles, offices, subject) => intake.token(roles, offices, subject),
      dataSource: intake.dataSource,
      office: 'CHP',
      otherOffice: 'TAB',
      ids: { caseId: registered.body.caseId, caseNumber: registered.body.caseNumber, inquiryId: inquiry.body.inquiryId },
      params: { code: 'CHP-SUCHIATE' },
      query: {
        // Another office's officer asking for the case's office, its name and nationality.
        'GET /v1/cases': 'office=CHP&name=Mar%C3%ADa&nationality=GT',
      },
      bodies: {
        'POST /v1/cases': () => registration(),
        'PATCH /v1/cases/{caseId}': { encounter: { migrationPoint: 'Tapachula' } },
        'PUT /v1/migration-points/{code}': { name: 'Suchiate, paso de balsas', kind: 'LAND' },
        'POST /v1/duplicate-inquiries': inquiryBody,
        'POST /v1/duplicate-checks': () => duplicateCheck(),
        'POST /v1/duplicate-inquiries/{inquiryId}/answer': { share: false, note: 'Not the same child' },
        'PUT /v1/cases/{caseId}/assignment': { officerId: 'opi-chp-0009' },
        'POST /v1/cases/{caseId}/transfers': { toOffice: 'TAB', reason: 'Family located in Villahermosa' },
        'PUT /v1/cases/{caseId}/person': { personId: other.body.personId },
        'PUT /v1/cases/{caseId}/identification': () => ({ identifiedAt: ago(50) }),
        'PUT /v1/cases/{caseId}/screening': () => ({ screenedAt: ago(40), interpreter: { name: 'Ixchel Tum', language: 'quc' } }),
        'POST /v1/cases/{caseId}/exit-adult-flow': () => ({
          authority: 'PROCURADURIA',
          authorityOffice: 'Procuraduría de Protección de Chiapas',
          documentReference: 'PPNNA-CHP-EDAD-2026-0913',
          evidence: ['BIRTH_CERTIFICATE', 'CONSULAR_RECORD'],
          determinedAt: ago(30),
          age: { years: 19, status: 'DOCUMENTED' },
        }),
        'PUT /v1/cases/{caseId}/procuraduria-notification': () => ({ notifiedAt: ago(30), procuraduria: 'PPNNA Chiapas', officialName: 'Lic. Ana Ruiz', means: 'EMAIL' }),
        'PUT /v1/cases/{caseId}/dif-channelling': () => ({
          channelledAt: ago(20),
          facilityType: 'DIF_SHELTER',
          facilityId: 'DIF-CHP-TAPACHULA-01',
          facilityName: 'Albergue temporal DIF Tapachula',
          receivedBy: 'Lic. Rosa Méndez',
          receiptNumber: 'REC-2026-0042',
          actaNumber: 'ACTA-CHP-2026-0042',
        }),
        'PUT /v1/cases/{caseId}/mp-notification': () => ({
          notifiedAt: ago(10),
          notifiedBy: 'Lic. Jorge Salas, responsable de la oficina',
          mpOffice: 'FGR Fiscalía Especializada Tapachula',
          mpReference: 'FED/CHIS/TAP/0001234/2026',
        }),
      },
      referenceTables: ['migration_point'],
      referenceOperations: {
        'PUT /v1/migration-points/{code}': (role: Role, offices: OfficeCode[]) => role === 'national-admin' || (role === 'office-admin' && offices.includes('CHP')),
      },
      references: [{ key: 'PUT /v1/cases/{caseId}/person', reference: registered.body.personId, ids: () => ({ caseId: tabasco.body.caseId }), body: (personId) => ({ personId }) }],
      secrets: [registered.body.caseId, registered.body.caseNumber, registered.body.personId, other.body.caseId, other.body.personId, 'María José', 'Pérez López', 'Tzul Quiej'],
    });

    expectNoAccessFindings('intake', report, { operations: 15, sent: 300 });
  }, 60_000);
});
