import { describeOpenApiFuzz } from '@opis/service-harness';

import { registration, startIntake } from './intake-harness';

describeOpenApiFuzz('intake', {
  start: () => startIntake('fuzz'),
  service: (intake) => intake,
  plan: async (intake) => {
    const officer = await intake.token(['officer'], ['CHP'], 'opi-chp-0077');
    const registered = await intake.request('POST', '/v1/cases', { token: officer, body: registration() });
    expect(registered.status).toBe(201);
    return {
      tokens: [
        officer,
        await intake.token(['supervisor'], ['CHP'], 'sup-chp-0001'),
        await intake.token(['national'], [], 'national-0001'),
        await intake.token(['officer'], ['TAB'], 'opi-tab-0001'),
        await intake.token(['office-admin'], ['CHP'], 'admin-chp-0001'),
      ],
      pathValues: { caseId: [registered.body.caseId], caseNumber: [registered.body.caseNumber], code: ['CHP-SUCHIATE', 'CHP-CIUDAD-HIDALGO'] },
      queryParams: {
        '/v1/cases': ['office', 'status', 'nationality', 'ageBand', 'accompaniment', 'detectedFrom', 'detectedTo', 'name', 'cursor', 'limit'],
        '/v1/migration-points': ['office', 'cursor', 'limit'],
      },
      queryValues: { office: ['CHP'], nationality: ['GT'], detectedFrom: ['2026-01-01T00:00:00Z'], name: ['María'], limit: ['1', '200'] },
      bodies: {
        'POST /v1/cases': [registration()],
        'PATCH /v1/cases/{caseId}': [{ child: { givenNames: 'Ana', dateOfBirth: null }, encounter: { migrationPoint: 'Tapachula' } }],
        'PUT /v1/migration-points/{code}': [{ name: 'Suchiate, paso de balsas', kind: 'LAND', active: true }],
      },
    };
  },
});
