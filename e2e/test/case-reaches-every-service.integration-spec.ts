import { Client } from 'pg';

import { bodyOf } from '@opis/api-clients';
import { RunningPlatform, sampleRegistration, startPlatform } from '@opis/platform-tools';
import { waitFor } from '@opis/testing';


// ARCHITECTURE.md: a child is never lost between services. Intake's registration reaches care and
// family-contact through JetStream alone, as processes started the way `npm start` starts them.
describe('a case registered in intake reaches every service that keeps a copy', () => {
  let platform: RunningPlatform;
  let officerCHP: string;
  let officerTAB: string;

  beforeAll(async () => {
    platform = await startPlatform('reach', ['intake', 'care', 'family-contact']);
    officerCHP = await platform.token(['officer'], ['CHP']);
    officerTAB = await platform.token(['officer'], ['TAB']);
  }, 120_000);

  afterAll(() => platform?.stop());

  const careRecord = async (caseId: string, token: string) =>
    (await platform.client('care', token).GET('/v1/cases/{caseId}', { params: { path: { caseId } } })).response;
  const familyRecord = async (caseId: string, token: string) =>
    (await platform.client('family-contact', token).GET('/v1/cases/{caseId}/family', { params: { path: { caseId } } })).response;

  async function register(givenNames: string): Promise<string> {
    const registered = await bodyOf('registering', platform.client('intake', officerCHP).POST('/v1/cases', { body: sampleRegistration('CHP', givenNames) }), 201);
    return registered.caseId as string;
  }

  it('opens a care record and a family-contact record for a new registration', async () => {
    const caseId = await register('Ixchel');
    await waitFor('care record', async () => (await careRecord(caseId, officerCHP)).status === 200);
    await waitFor('family-contact record', async () => (await familyRecord(caseId, officerCHP)).status === 200);
    const care = await bodyOf('the care record', platform.client('care', officerCHP).GET('/v1/cases/{caseId}', { params: { path: { caseId } } }), 200);
    expect(care).toMatchObject({ caseId, officeCode: 'CHP' });
    expect(JSON.stringify(care)).not.toContain('Ixchel');
  });

  it('moves the case to the new office’s scope in every service after a transfer', async () => {
    const caseId = await register('Dulce');
    await waitFor('care record', async () => (await careRecord(caseId, officerCHP)).status === 200);
    const national = await platform.token(['national'], []);
    const transfer = await platform.client('intake', national).POST('/v1/cases/{caseId}/transfers', {
      params: { path: { caseId } },
      body: { toOffice: 'TAB', reason: 'Traslado a Villahermosa' },
    });
    expect(transfer.response.status).toBe(200);
    await waitFor('care follows the transfer', async () => (await careRecord(caseId, officerTAB)).status === 200);
    await waitFor('family-contact follows the transfer', async () => (await familyRecord(caseId, officerTAB)).status === 200);
    expect((await careRecord(caseId, officerCHP)).status).toBe(404);
    expect((await familyRecord(caseId, officerCHP)).status).toBe(404);
  });

  it('loses no case while care is down: it catches up when it comes back, once per case', async () => {
    await platform.stopService('care', 'SIGKILL');
    const caseIds: string[] = [];
    for (const name of ['Milagro', 'Yeimi', 'Glenda']) caseIds.push(await register(name));
    await platform.startService('care');
    for (const caseId of caseIds) {
      await waitFor(`care record of ${caseId}`, async () => (await careRecord(caseId, officerCHP)).status === 200);
    }
    const careDb = new Client({ connectionString: platform.databases.get('care')?.url });
    await careDb.connect();
    try {
      const { rows } = await careDb.query('SELECT count(*)::int AS n FROM care_record WHERE case_id = ANY($1::uuid[])', [caseIds]);
      expect(rows[0].n).toBe(caseIds.length);
    } finally {
      await careDb.end();
    }
  });
});
