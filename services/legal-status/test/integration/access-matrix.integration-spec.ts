import { AccessMatrixReport, expectNoAccessFindings, FuzzDocument, runAccessMatrix } from '@opis/service-harness';

import { evidence, IMPACT, plan, session, setup } from './legal-fixtures';
import { LegalTestBed, startLegalStatus } from './legal-harness';

const now = (): string => new Date().toISOString();

/** What the child said, stored encrypted: it must never reach another office's answer. */
const CHILD_VIEWS = 'Vistas confidenciales 4417: quiero quedarme con mi tía';

/** The only role that keeps the calendar and the explanation texts (issue 19). */
const nationalAdminOnly = (role: string) => role === 'national-admin';

/**
 * Issue 19's office and role matrix over legal-status: every operation of its OpenAPI document, as
 * every role of the case's office (CHP) and of another (TAB), and without a token; the calendar
 * and the explanation texts changed by nobody but a national-admin. About 620 requests (the
 * exact number is printed and asserted at least 500).
 */
describe('legal-status: office and role matrix over every route', () => {
  let bed: LegalTestBed;

  beforeAll(async () => {
    bed = await startLegalStatus('access-matrix');
  });

  afterAll(async () => {
    await bed?.close();
  });

  it('leaks no case to another office, lets no read-only role write, lets no office role change national data, answers no 5xx (≈620 requests)', async () => {
    const caseId = await bed.register();
    const officer = await bed.service.token(['officer'], ['CHP'], 'opi-chp-0042');
    const nationalAdmin = await bed.service.token(['national-admin'], [], 'natadmin-0001');
    await setup(bed, officer)(caseId, 'POST', 'procedure/open');
    await setup(bed, officer)(caseId, 'POST', 'best-interests', { ...plan('HUMANITARIAN_REGULARISATION'), childViews: CHILD_VIEWS });
    // Reference rows that exist while everyone else tries to change them, and that the controls may remove.
    const holiday = await bed.service.request('PUT', '/v1/calendar/holidays/2099-03-09', { token: nationalAdmin, body: { description: 'Día de asueto' } });
    expect(holiday.status).toBeLessThan(300);
    const suspension = await bed.service.request('POST', '/v1/calendar/suspensions', {
      token: nationalAdmin,
      body: { from: '2099-03-02', to: '2099-03-06', legalBasis: 'Acuerdo COMAR, DOF' },
    });
    expect(suspension.status).toBe(201);
    const document = (await bed.service.request('GET', '/docs-json')).body as FuzzDocument;

    const calendarAndTexts = ['PUT /v1/calendar/holidays/{day}', 'DELETE /v1/calendar/holidays/{day}', 'POST /v1/calendar/suspensions', 'POST /v1/calendar/suspensions/{id}/withdrawal', 'PUT /v1/explanations/{topic}/{ageBand}/{lang}'];
    for (const key of calendarAndTexts) {
      const [method, path] = key.split(' ') as [string, string];
      expect({ key, documented: document.paths[path]?.[method.toLowerCase()] !== undefined }).toEqual({ key, documented: true });
    }

    const report: AccessMatrixReport = await runAccessMatrix({
      url: bed.service.url,
      document,
      mint: (roles, offices, subject) => bed.service.token(roles, offices, subject),
      dataSource: bed.service.dataSource,
      office: 'CHP',
      otherOffice: 'TAB',
      ids: { caseId },
      // A suspension is national reference data every role of every office reads: its id is a
      // value that reaches past validation, not a record of one office to hide.
      params: { id: suspension.body.id, item: 'NOTICE_OF_PROCEDURE', topic: 'RIGHTS', ageBand: '6-11', lang: 'quc', day: '2099-03-09' },
      query: { 'GET /v1/calendar': 'year=2099' },
      bodies: {
        'PUT /v1/cases/{caseId}/coming-of-age': { turnsEighteenOn: '2030-01-15', basis: 'DOCUMENTED' },
        'POST /v1/cases/{caseId}/information-sessions': () => session('RIGHTS'),
        'POST /v1/cases/{caseId}/best-interests': () => plan('HUMANITARIAN_REGULARISATION'),
        'PUT /v1/cases/{caseId}/procedure/checklist/{item}': () => evidence(),
        'POST /v1/cases/{caseId}/procedure/resolution': { resolution: 'REGULARIZED_HUMANITARIAN', impactAssessment: IMPACT },
        'POST /v1/cases/{caseId}/procedure/review': () => ({ kind: 'AMPARO', filedAt: now() }),
        'POST /v1/cases/{caseId}/residence-task/completion': () => ({ completedAt: now(), documentReference: 'INM/RP/2026/5531' }),
        'PUT /v1/cases/{caseId}/residence-task/owner': { owner: 'opi-chp-0099' },
        'POST /v1/cases/{caseId}/protection/need': { source: 'OFFICER' },
        'POST /v1/cases/{caseId}/protection/claim': () => ({ filedAt: now(), representative: 'Lic. R. Pérez', interpreterId: 'int-quc-7' }),
        'POST /v1/cases/{caseId}/protection/comar-notice': () => ({ at: now() }),
        'POST /v1/cases/{caseId}/protection/extension': () => ({ at: now() }),
        'POST /v1/cases/{caseId}/protection/decision': () => ({ decision: 'DENIED', decidedAt: now() }),
        'POST /v1/cases/{caseId}/protection/appeal': () => ({ kind: 'REVISION', filedAt: now() }),
        'POST /v1/cases/{caseId}/protection/appeal-decision': () => ({ outcome: 'UPHELD_DENIAL', decidedAt: now() }),
        'POST /v1/cases/{caseId}/protection/fear-lifted': () => ({
          decisionReference: 'PPNNA-CHP-2026-0101',
          decidedAt: now(),
          official: 'Lic. Marta Ruiz, Procuraduría Chiapas',
          childViews: 'Ya no tengo miedo',
        }),
        'POST /v1/cases/{caseId}/protection/withdrawal': () => ({ withdrawnAt: now(), procuraduriaRepresentative: 'Lic. R. Pérez', childViews: 'Quiero volver con mi abuela' }),
        'PUT /v1/calendar/holidays/{day}': { description: 'Día de asueto' },
        'POST /v1/calendar/suspensions': { from: '2099-03-10', to: '2099-03-12', legalBasis: 'Acuerdo COMAR, DOF' },
        'POST /v1/calendar/suspensions/{id}/withdrawal': { reason: 'Declarada por error' },
        'PUT /v1/explanations/{topic}/{ageBand}/{lang}': { title: 'Ri awujil', body: 'Xa jun kʼutbʼal: ri kʼaslemal rech ri akʼal, kʼo uchuqʼabʼ.' },
      },
      secrets: [caseId, CHILD_VIEWS, 'PPNNA/CHP/PR/2026/77'],
      referenceTables: ['calendar_holiday', 'clock_suspension', 'clock_suspension_withdrawal', 'explanation_text'],
      referenceOperations: Object.fromEntries(calendarAndTexts.map((key) => [key, nationalAdminOnly])),
    });

    expectNoAccessFindings('legal-status', report, { operations: 30, sent: 500 });
  }, 60_000);
});
