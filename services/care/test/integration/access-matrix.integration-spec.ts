import { AccessMatrixReport, expectNoAccessFindings, FuzzDocument, runAccessMatrix } from '@opis/service-harness';

import { CareTestBed, startCareTestBed } from './care-harness';

const ago = (minutes: number): string => new Date(Date.now() - minutes * 60_000).toISOString();

/** A disclosure only the case's office may read: it must never reach another office's answer. */
const ACCOUNT = 'Relato confidencial 7731: la amenazaron en Huehuetenango';

/**
 * Issue 19's office and role matrix over care: every operation of its OpenAPI document, as every
 * role of the case's office (CHP) and of another (TAB), and without a token. About 200 requests
 * (the exact number is printed and asserted at least 150).
 */
describe('care: office and role matrix over every route', () => {
  let bed: CareTestBed;

  beforeAll(async () => {
    bed = await startCareTestBed('access-matrix');
  });

  afterAll(async () => {
    await bed?.close();
  });

  it('leaks no case to another office, lets no read-only role write, answers no 5xx (≈200 requests)', async () => {
    const caseId = await bed.openRecord();
    const caseNumber = (await bed.care.dataSource.query(`SELECT case_number FROM care_record WHERE case_id = $1`, [caseId]))[0].case_number as string;
    const officer = await bed.care.token(['officer'], ['CHP'], 'opi-chp-0011');
    const admin = await bed.care.token(['office-admin'], ['CHP'], 'adm-chp-0001');
    const facility = await bed.care.request('POST', '/v1/facilities', {
      token: admin,
      body: { officeCode: 'CHP', name: 'Albergue DIF Tapachula', type: 'DIF_SHELTER', capacity: 10, settings: ['CHILD_ONLY_AREA'] },
    });
    expect(facility.status).toBe(201);
    const incident = await bed.care.request('POST', `/v1/cases/${caseId}/incidents`, {
      token: officer,
      body: { type: 'ABUSE_DISCLOSURE', severity: 'SERIOUS', occurredAt: ago(30), notes: ACCOUNT },
    });
    expect(incident.status).toBe(200);
    // Tabasco's own case, whose principals place the child in Chiapas's facility.
    const tabasco = await bed.openRecord({ officeCode: 'TAB' });
    const document = (await bed.care.request('GET', '/docs-json')).body as FuzzDocument;

    const report: AccessMatrixReport = await runAccessMatrix({
      url: bed.care.url,
      document,
      mint: (roles, offices, subject) => bed.care.token(roles, offices, subject),
      dataSource: bed.care.dataSource,
      office: 'CHP',
      otherOffice: 'TAB',
      ids: { caseId, facilityId: facility.body.facilityId },
      params: { need: 'FOOD' },
      query: {
        // Another office's principal asking for the case's office by name.
        'GET /v1/worklist': 'office=CHP',
        'GET /v1/facilities': 'office=CHP',
      },
      bodies: {
        'POST /v1/cases/{caseId}/needs/{need}/deliveries': () => ({ deliveredAt: ago(20), provided: 'comida', meal: 'LUNCH' }),
        'POST /v1/cases/{caseId}/health-screenings': () => ({ screenedAt: ago(15), urgentReferral: false, chronicCondition: false, pregnancyFollowUp: false, disabilitySupport: false }),
        'POST /v1/cases/{caseId}/placements': () => ({ facilityId: facility.body.facilityId, facilityType: 'DIF_SHELTER', setting: 'CHILD_ONLY_AREA', placedAt: ago(10) }),
        'POST /v1/cases/{caseId}/incidents': () => ({ type: 'INJURY', severity: 'MINOR', occurredAt: ago(5) }),
        // An office-admin of another office registering a facility in the case's office.
        'POST /v1/facilities': { officeCode: 'CHP', name: 'Albergue ajeno', type: 'DIF_SHELTER', capacity: 5, settings: ['CHILD_ONLY_AREA'] },
      },
      references: [
        {
          key: 'POST /v1/cases/{caseId}/placements',
          reference: facility.body.facilityId,
          ids: () => ({ caseId: tabasco }),
          body: (facilityId) => ({ facilityId, facilityType: 'DIF_SHELTER', setting: 'CHILD_ONLY_AREA', placedAt: ago(10) }),
        },
      ],
      secrets: [caseId, ACCOUNT, caseNumber, 'Albergue DIF Tapachula'],
    });

    expectNoAccessFindings('care', report, { operations: 9, sent: 150 });
  }, 60_000);
});
