import { jetstreamManager } from '@nats-io/jetstream';

import { streamName, uuidv7 } from '@opis/contracts-envelope';
import { caseAssignedV1, caseRegisteredV2, caseTransferredV1, caseUpdatedV1, CaseUpdatedV1 } from '@opis/contracts-intake';
import { namespacedStream } from '@opis/messaging';
import { waitFor } from '@opis/testing';

import { CareTestBed, outboxOf, startCareTestBed } from './care-harness';

/** Care learns of cases only from intake's events on JetStream, never from a test shortcut. */
describe('care records from intake events', () => {
  let bed: CareTestBed;
  let chpOfficer: string;
  let tabOfficer: string;

  beforeAll(async () => {
    bed = await startCareTestBed('intake-events', { CARE_DUE_CLOTHING_MINUTES: '300' });
    chpOfficer = await bed.care.token(['officer'], ['CHP'], 'opi-chp-0001');
    tabOfficer = await bed.care.token(['officer'], ['TAB'], 'opi-tab-0001');
  });

  afterAll(async () => {
    await bed?.close();
  });

  const countFor = async (table: string, caseId: string) =>
    Number((await bed.care.dataSource.query(`SELECT count(*) AS n FROM ${table} WHERE case_id = $1`, [caseId]))[0].n);

  it('opens a record with the needs checklist, each due from detection, and publishes care.record.opened', async () => {
    const envelope = bed.registration({ data: { detectedAt: '2026-11-29T14:05:00.000Z' } });
    await bed.publish(caseRegisteredV2, envelope);
    await waitFor('the care record', async () => (await countFor('care_record', envelope.caseId)) === 1);

    const view = await bed.care.request('GET', `/v1/cases/${envelope.caseId}`, { token: chpOfficer });
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      caseNumber: envelope.data.caseNumber,
      officeCode: 'CHP',
      ageBand: '12-17',
      accompaniment: 'UNACCOMPANIED',
      flags: [],
      overdue: true,
    });
    expect(view.body.needs.map((need: { need: string; dueAt: string }) => [need.need, need.dueAt])).toEqual([
      ['HEALTH', '2026-11-29T16:05:00.000Z'],
      ['FOOD', '2026-11-29T16:05:00.000Z'],
      ['CLOTHING', '2026-11-29T19:05:00.000Z'],
      ['REST', '2026-11-29T16:05:00.000Z'],
      ['PSYCHOLOGICAL_FIRST_AID', '2026-11-30T14:05:00.000Z'],
    ]);
    const [opened] = await outboxOf(bed.care, envelope.caseId);
    expect(opened).toMatchObject({ type: 'care.record.opened', data: { caseNumber: envelope.data.caseNumber, urgentReferralOpened: false } });

    const jsm = await jetstreamManager(bed.nc);
    await waitFor('care.record.opened on the care stream', async () => {
      const stream = await jsm.streams.info(namespacedStream(streamName('care'), bed.care.namespace));
      return stream.state.messages >= 1;
    });
  });

  it('changes nothing when the same event is delivered twice', async () => {
    const envelope = bed.registration();
    await bed.publish(caseRegisteredV2, envelope);
    // A different Nats-Msg-Id gets past JetStream's duplicate window: the consumer's inbox must absorb it.
    await bed.publish(caseRegisteredV2, envelope, { msgID: uuidv7() });
    // And a second registration event for the same case (another event id) opens nothing more.
    await bed.publish(caseRegisteredV2, { ...envelope, id: uuidv7() });
    await bed.drained();

    expect(await countFor('care_record', envelope.caseId)).toBe(1);
    expect(await countFor('care_need', envelope.caseId)).toBe(5);
    expect((await outboxOf(bed.care, envelope.caseId)).map((event) => event.type)).toEqual(['care.record.opened']);
    const inbox = await bed.care.dataSource.query(`SELECT count(*)::int AS n FROM inbox WHERE event_id = $1`, [envelope.id]);
    expect(inbox).toEqual([{ n: 1 }]);
  });

  it('opens an urgent referral at once for a medical emergency seen at intake, and flags the case', async () => {
    const caseId = await bed.openRecord({ screening: { medicalEmergency: true } });
    const view = await bed.care.request('GET', `/v1/cases/${caseId}`, { token: chpOfficer });
    expect(view.body.flags).toEqual(['URGENT_MEDICAL_REFERRAL']);
    expect(view.body.referrals).toEqual([
      expect.objectContaining({ urgent: true, reason: 'MEDICAL_EMERGENCY_AT_INTAKE', screeningId: null }),
    ]);
    const [opened] = await outboxOf(bed.care, caseId);
    expect(opened.data).toMatchObject({ urgentReferralOpened: true });
  });

  it('follows a transfer: the case moves to the new office, and the old office gets 404', async () => {
    const caseId = await bed.openRecord();
    expect((await bed.care.request('GET', `/v1/cases/${caseId}`, { token: tabOfficer })).status).toBe(404);

    const transfer = bed.intakeEvent(caseTransferredV1, caseId, 'TAB', {
      ageBand: '12-17',
      sex: 'F',
      nationality: 'GT',
      accompaniment: 'UNACCOMPANIED',
      fromOffice: 'CHP',
      toOffice: 'TAB',
    });
    await bed.publish(caseTransferredV1, transfer);
    await waitFor('the record in TAB', async () => (await bed.care.request('GET', `/v1/cases/${caseId}`, { token: tabOfficer })).status === 200);

    const old = await bed.care.request('GET', `/v1/cases/${caseId}`, { token: chpOfficer });
    expect(old.status).toBe(404);
    expect(old.body).toMatchObject({ code: 'CASE_NOT_FOUND' });
    const worklist = await bed.care.request('GET', '/v1/worklist?office=TAB', { token: tabOfficer });
    expect(worklist.body.items.some((item: { caseId: string }) => item.caseId === caseId)).toBe(true);
    const refused = await bed.care.dataSource.query(
      `SELECT actor_subject FROM audit_log WHERE case_id = $1 AND outcome = 'refused' ORDER BY occurred_at`,
      [caseId],
    );
    // TAB was refused until the transfer applied (polled above); CHP is refused after it.
    expect(refused[0]).toEqual({ actor_subject: 'opi-tab-0001' });
    expect(refused.at(-1)).toEqual({ actor_subject: 'opi-chp-0001' });
  });

  it('keeps its copy current from corrections, ignores the case events it does not need, and dead-letters a bad one', async () => {
    const caseId = await bed.openRecord();
    const correction = bed.intakeEvent(caseUpdatedV1, caseId, 'CHP', {
      ...caseUpdatedV1.example,
      ageBand: '0-11',
      screening: { ...caseUpdatedV1.example.screening, medicalEmergency: true },
    });
    await bed.publish(caseUpdatedV1, correction);
    await bed.publish(caseAssignedV1, bed.intakeEvent(caseAssignedV1, caseId, 'CHP', { officerId: 'opi-2' }));
    const records = await bed.care.count('care_record');
    const broken = bed.registration();
    await bed.publish(caseRegisteredV2, { ...broken, data: { ...broken.data, caseNumber: 'not-a-number' } });
    await bed.drained();

    const view = await bed.care.request('GET', `/v1/cases/${caseId}`, { token: chpOfficer });
    expect(view.body).toMatchObject({ ageBand: '0-11', flags: ['URGENT_MEDICAL_REFERRAL'] });
    expect(view.body.referrals).toHaveLength(1);
    expect(await bed.care.count('care_record')).toBe(records);
    const letters = await bed.care.dataSource.query(`SELECT event_id, reason FROM dead_letter`);
    expect(letters).toEqual([{ event_id: broken.id, reason: expect.stringContaining('caseNumber') }]);
  });

  it('never lets an older correction arriving after a newer one overwrite it', async () => {
    const caseId = await bed.openRecord();
    const correction = (data: Partial<CaseUpdatedV1>) => bed.intakeEvent(caseUpdatedV1, caseId, 'CHP', { ...caseUpdatedV1.example, ...data });
    const older = correction({ ageBand: '0-11', nationality: 'SV', screening: { ...caseUpdatedV1.example.screening, disability: true } });
    const newer = correction({ ageBand: '12-17', nationality: 'HN' });
    // Delivered out of order on purpose: the newer one first.
    await bed.publish(caseUpdatedV1, newer);
    await bed.publish(caseUpdatedV1, older);
    // Both settled, and the newer one applied (a consumer may hold it until the older one is applied).
    await bed.drained();
    await waitFor('the newer correction applied', async () =>
      (await bed.care.dataSource.query(`SELECT intake_case_version FROM care_record WHERE case_id = $1`, [caseId]))[0].intake_case_version === newer.caseVersion,
    );

    const view = await bed.care.request('GET', `/v1/cases/${caseId}`, { token: chpOfficer });
    expect(view.body).toMatchObject({ ageBand: '12-17', nationality: 'HN', screening: { disability: false } });
  });
});
