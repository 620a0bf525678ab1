import { OfficeCode, uuidv7 } from '@opis/contracts-envelope';
import { Role } from '@opis/platform';
import { AccessMatrixReport, expectNoAccessFindings, FuzzDocument, runAccessMatrix } from '@opis/service-harness';

import { FAMILY_MEMBER, nextGuatemalaWindow, planDriver, RepatriationTestBed, startRepatriation } from './repatriation-harness';

const now = (): string => new Date().toISOString();

/** Where and when the US authority announced the child. */
const expected = () => ({ expectedPointCode: POINT_CODE, expectedAt: new Date(Date.now() + 3_600_000).toISOString() });

/** The point the matrix tries to change: Chiapas's, kept by Chiapas's office-admin or a national-admin. */
const POINT_CODE = 'MX-CHP-MATRIX';
const POINT = { name: 'Punto de prueba Ciudad Hidalgo', officeCode: 'CHP', timeZone: 'America/Mexico_City', weekdays: [1, 2, 3, 4, 5], opensAt: '07:00', closesAt: '19:00' };

/**
 * Issue 19's office and role matrix over repatriation: every operation of its OpenAPI document, as
 * every role of the case's office (CHP) and of another (TAB), and without a token; receiving
 * countries changed by nobody but a national-admin, Chiapas's repatriation point by nobody but
 * Chiapas's office-admin or a national-admin. About 700 requests (the exact number is printed and
 * asserted at least 500).
 */
describe('repatriation: office and role matrix over every route', () => {
  let bed: RepatriationTestBed;

  beforeAll(async () => {
    bed = await startRepatriation('access-matrix');
  });

  afterAll(async () => {
    await bed?.close();
  });

  it('leaks no case, plan or reception to another office, lets no read-only role write, lets no office role change national data, answers no 5xx (≈700 requests)', async () => {
    const officer = await bed.service.token(['officer'], ['CHP'], 'opi-chp-0042');
    const supervisor = await bed.service.token(['supervisor'], ['CHP'], 'sup-chp-0001');
    const nationalAdmin = await bed.service.token(['national-admin'], [], 'natadmin-0001');
    const { caseId, planId } = await planDriver(bed, officer, supervisor).readyPlan();
    const point = await bed.service.request('PUT', `/v1/repatriation-points/${POINT_CODE}`, { token: nationalAdmin, body: POINT });
    expect(point.status).toBe(201);
    const reception = await bed.service.request('POST', '/v1/receptions', {
      token: officer,
      body: { officeCode: 'CHP', usAgency: 'USBP', usStation: 'San Diego Sector – Chula Vista Station', usReference: 'USBP-2026-7781', consulateNotified: true, usScreeningRecord: true, ...expected() },
    });
    expect(reception.status).toBe(201);
    const receptionId = reception.body.receptionId as string;
    // Tabasco's own case, whose principals propose a return to Chiapas's verified family member.
    const tabasco = await bed.register({ officeCode: 'TAB' });
    const document = (await bed.service.request('GET', '/docs-json')).body as FuzzDocument;

    const report: AccessMatrixReport = await runAccessMatrix({
      url: bed.service.url,
      document,
      mint: (roles, offices, subject) => bed.service.token(roles, offices, subject),
      dataSource: bed.service.dataSource,
      office: 'CHP',
      otherOffice: 'TAB',
      ids: { caseId, planId, receptionId },
      params: { country: 'GT', code: POINT_CODE },
      bodies: {
        'POST /v1/cases/{caseId}/return-plans': { receivingCountry: 'GT', familyContactId: FAMILY_MEMBER },
        'PUT /v1/cases/{caseId}/return-plans/{planId}/receiving-authority': () => ({
          authorityCode: 'GT-SBS',
          officialPosition: 'Delegada de protección',
          officialName: 'Licda. Marta Cux',
          officialContact: '+502 2414 7500',
          acceptedAt: now(),
          takesGuardianship: false,
        }),
        'PUT /v1/cases/{caseId}/return-plans/{planId}/trafficking-checklist': () => ({
          originRiskAssessmentReference: 'SBS-GT-2026-0417',
          originRiskAssessedAt: now(),
          returnSafe: true,
          protectionPlanReference: 'PGN-GT-PNA-2026-0088',
          protectionPlanConfirmedAt: now(),
        }),
        'PUT /v1/cases/{caseId}/return-plans/{planId}/family-unit': () => ({ bestInterestsId: uuidv7(), adultRelationship: 'PARENT', endorsedAt: now() }),
        'PUT /v1/cases/{caseId}/return-plans/{planId}/fitness': () => ({ fitToTravel: true, assessedAt: now() }),
        'POST /v1/cases/{caseId}/return-plans/{planId}/schedule': () => ({
          exitPointCode: 'MX-CHP-CIUDAD-HIDALGO',
          handoverAt: nextGuatemalaWindow(),
          legs: [{ mode: 'LAND', origin: 'Tapachula', destination: 'Ciudad Hidalgo', departsAt: nextGuatemalaWindow(), escortOfficerIds: ['opi-chp-0042'] }],
          withAdultReturns: false,
        }),
        'POST /v1/cases/{caseId}/return-plans/{planId}/handover': () => ({
          authorityCode: 'GT-SBS',
          officialName: 'Licda. Ana López',
          officialPosition: 'Delegada de protección',
          place: 'Tecún Umán, puesto fronterizo',
          handedOverAt: now(),
          signed: true,
        }),
        'POST /v1/cases/{caseId}/return-plans/{planId}/abort': { reason: 'HEALTH' },
        'POST /v1/receptions': () => ({ officeCode: 'CHP', usAgency: 'USBP', usStation: 'San Diego Sector', usReference: 'USBP-2026-7782', consulateNotified: true, usScreeningRecord: true, ...expected() }),
        'POST /v1/receptions/{receptionId}/arrival': () => ({ pointCode: POINT_CODE, arrivedAt: new Date(Date.now() - 3_600_000).toISOString(), accompaniment: 'UNACCOMPANIED' }),
        'PUT /v1/receptions/{receptionId}/case': { caseId },
        'PUT /v1/receptions/{receptionId}/risk-screen': () => ({ findings: [], screenedAt: now() }),
        'PUT /v1/receptions/{receptionId}/causes-of-migration': () => ({ causes: ['FAMILY_REUNIFICATION'], recordedAt: now() }),
        'PUT /v1/receptions/{receptionId}/procuraduria-measure': () => ({ measureReference: 'PPNNA-CHP-2026-0042', issuedAt: now() }),
        'POST /v1/receptions/{receptionId}/channelling': () => ({ difPlatformId: 'DIF-CHP-000123', channelledAt: now() }),
        'POST /v1/receptions/{receptionId}/family-contact': () => ({ familyContactId: FAMILY_MEMBER, contactedAt: now() }),
        'POST /v1/receptions/{receptionId}/handover': () => ({
          kind: 'FAMILY',
          familyContactId: FAMILY_MEMBER,
          identityEvidence: ['IDENTITY_DOCUMENT'],
          kinshipEvidence: ['BIRTH_CERTIFICATE'],
          escortOfficerIds: [],
          handedOverAt: now(),
        }),
        'PUT /v1/receiving-countries/{country}': {
          timeZone: 'America/Guatemala',
          weekdays: [1, 2, 3],
          opensAt: '08:00',
          closesAt: '15:00',
          noticeHours: 72,
          exitPoints: [{ code: 'MX-CHP-CIUDAD-HIDALGO', name: 'Ciudad Hidalgo' }],
          authorities: [{ code: 'GT-SBS', institution: 'Secretaría de Bienestar Social' }],
        },
        'PUT /v1/repatriation-points/{code}': { ...POINT, closesAt: '18:00' },
      },
      // PUT /v1/receptions/{receptionId}/case naming another office's case needs a reception of that
      // office arrived at its point: receptions.integration-spec.ts checks it answers as for an unknown case.
      references: [
        {
          key: 'POST /v1/cases/{caseId}/return-plans',
          reference: FAMILY_MEMBER,
          ids: () => ({ caseId: tabasco }),
          body: (familyContactId) => ({ receivingCountry: 'GT', familyContactId }),
        },
      ],
      secrets: [caseId, planId, receptionId, 'USBP-2026-7781', 'Licda. Marta Cux'],
      referenceTables: ['receiving_country', 'exit_point', 'receiving_authority', 'repatriation_point'],
      referenceOperations: {
        'PUT /v1/receiving-countries/{country}': (role: Role) => role === 'national-admin',
        'PUT /v1/repatriation-points/{code}': (role: Role, offices: OfficeCode[]) => role === 'national-admin' || (role === 'office-admin' && offices.includes('CHP')),
      },
    });

    expectNoAccessFindings('repatriation', report, { operations: 30, sent: 500 });
  }, 60_000);
});
