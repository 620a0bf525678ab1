import { careNeedOverdueV1 } from '@opis/contracts-care';
import { OfficeCode } from '@opis/contracts-envelope';
import { Role } from '@opis/platform';
import { AccessMatrixReport, expectNoAccessFindings, FuzzDocument, runAccessMatrix } from '@opis/service-harness';

import { NotificationsTestBed, startNotificationsTestBed } from './notifications-harness';

const at = (hoursFromNow: number): string => new Date(Date.now() + hoursFromNow * 3_600_000).toISOString();

/**
 * Issue 19's office and role matrix over notifications: every operation of its OpenAPI document
 * (but the live stream, which never ends), as every role of the task's office (CHP) and of another
 * (TAB), and without a token.
 */
describe('notifications: office and role matrix over every route', () => {
  let bed: NotificationsTestBed;

  beforeAll(async () => {
    bed = await startNotificationsTestBed('access-matrix', { NOTIFY_ESCALATION_INTERVAL_MS: '3600000' });
  });

  afterAll(async () => {
    await bed?.close();
  });

  it('leaks no task or shift to another office, lets no read-only role write, answers no 5xx', async () => {
    const { caseId, caseNumber } = await bed.registerCase('CHP', 'opi-chp-0011');
    await bed.publish(careNeedOverdueV1, caseId, 'CHP', { need: 'FOOD', detectedAt: at(-3), dueAt: at(-1) });
    await bed.consumed();
    const [task] = await bed.tasksOf(caseId);
    const supervisor = await bed.service.token(['supervisor'], ['CHP'], 'sup-chp-0001');
    const shift = await bed.service.request('POST', '/v1/shifts', {
      token: supervisor,
      body: { officeCode: 'CHP', subject: 'opi-chp-0011', role: 'OFFICER', startsAt: at(-1), endsAt: at(8), email: 'opi11@inm.invalid', phone: '+529621110011' },
    });
    expect(shift.status).toBe(201);

    const document = (await bed.service.request('GET', '/docs-json')).body as FuzzDocument;
    delete (document.paths as Record<string, unknown>)['/v1/tasks/stream'];
    const officeKeeper = (role: Role, offices: OfficeCode[]): boolean => (role === 'supervisor' || role === 'office-admin') && offices.includes('CHP');

    const report: AccessMatrixReport = await runAccessMatrix({
      url: bed.service.url,
      document,
      mint: (roles, offices, subject) => bed.service.token(roles, offices, subject),
      dataSource: bed.service.dataSource,
      office: 'CHP',
      otherOffice: 'TAB',
      ids: { taskId: task.id, shiftId: shift.body.shiftId },
      params: { trigger: 'CARE_NEED_OVERDUE', officeCode: 'CHP' },
      query: { 'GET /v1/tasks': 'office=CHP', 'GET /v1/shifts': 'office=CHP' },
      bodies: {
        'POST /v1/tasks/{taskId}/close': { outcome: 'RESOLVED' },
        'POST /v1/shifts': { officeCode: 'CHP', subject: 'opi-chp-0099', role: 'OFFICER', startsAt: at(1), endsAt: at(9) },
        'PUT /v1/shifts/{shiftId}': { subject: 'opi-chp-0011', role: 'OFFICER', startsAt: at(0), endsAt: at(8) },
        'PUT /v1/escalation-rules/{trigger}/national': { addressedRole: 'OFFICER', dueMinutes: 60, ackMinutes: 15, supervisorMinutes: 30 },
        'PUT /v1/escalation-rules/{trigger}/offices/{officeCode}': { addressedRole: 'OFFICER', dueMinutes: 60, ackMinutes: 15, supervisorMinutes: 30 },
      },
      // The roster and the rules are an office's (and the nation's) reference data.
      referenceTables: ['shift', 'escalation_rule'],
      referenceOperations: {
        'POST /v1/shifts': officeKeeper,
        'PUT /v1/shifts/{shiftId}': officeKeeper,
        'POST /v1/shifts/{shiftId}/cancel': officeKeeper,
        'PUT /v1/escalation-rules/{trigger}/national': (role) => role === 'national-admin',
        'PUT /v1/escalation-rules/{trigger}/offices/{officeCode}': (role, offices) => role === 'office-admin' && offices.includes('CHP'),
      },
      ignoredTables: { delivery: 'the delivery job sends and updates its rows on its own schedule' },
      secrets: [caseId, caseNumber, task.id, 'opi11@inm.invalid', '+529621110011'],
    });

    expectNoAccessFindings('notifications', report, { operations: 12, sent: 150 });
  }, 120_000);
});
