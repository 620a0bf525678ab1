import { careRecordClosedV1 } from '@opis/contracts-care';
import { EventEnvelope, validateEvent } from '@opis/contracts-envelope';
import { caseClosedV1, caseExitedAdultFlowV1, caseRegisteredV2, channelledToDifV1 } from '@opis/contracts-intake';
import { waitFor } from '@opis/testing';

import { OverdueNeedScanner } from '../../src/overdue/overdue-scanner.service';
import { CareTestBed, outboxOf, startCareTestBed } from './care-harness';

const HOUR = 3_600_000;

/** DOMAIN.md 4.2: OPEN, ACTIVE, then TRANSFERRED when intake hands the child to DIF; due times from T0. */
describe('care record: its clocks run from detection and stop at the hand-over to DIF', () => {
  let bed: CareTestBed;
  let officer: string;

  beforeAll(async () => {
    bed = await startCareTestBed('care-closing');
    officer = await bed.care.token(['officer'], ['YUC'], 'opi-yuc-0003');
  });

  afterAll(async () => {
    await bed?.close();
  });

  const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
  const post = (path: string, body: unknown) => bed.care.request('POST', path, { token: officer, body });
  const view = async (caseId: string) => (await bed.care.request('GET', `/v1/cases/${caseId}`, { token: officer })).body;
  const stateOf = (body: { needs: Array<{ need: string; state: string }> }) => Object.fromEntries(body.needs.map((need) => [need.need, need.state]));
  const worklistCases = async () =>
    new Set(((await bed.care.request('GET', '/v1/worklist?office=YUC', { token: officer })).body.items as Array<{ caseId: string }>).map((item) => item.caseId));
  const overdueRaised = async (caseId: string) => (await outboxOf(bed.care, caseId)).filter((event) => event.type === 'care.need.overdue').map((event) => event.data.need);

  /** Intake's hand-over to DIF, as intake publishes it, applied by care's consumer. */
  const handOver = async (caseId: string, channelledAt: string) => {
    await bed.publish(
      channelledToDifV1,
      bed.intakeEvent(channelledToDifV1, caseId, 'YUC', { ...channelledToDifV1.example, channelledAt, minutesSinceDetection: 200 }),
    );
    await waitFor('the record closed', async () => (await bed.care.dataSource.query(`SELECT status FROM care_record WHERE case_id = $1`, [caseId]))[0].status === 'TRANSFERRED');
  };

  describe('issue 18 item 11: the record closes when intake hands the child to DIF', () => {
    it('closes as TRANSFERRED at the hand-over, publishes care.record.closed, and leaves the worklist and the overdue scanner', async () => {
      const handedOver = await bed.openRecord({ officeCode: 'YUC', data: { detectedAt: ago(300) } });
      const stillHere = await bed.openRecord({ officeCode: 'YUC', data: { detectedAt: ago(300) } });
      await post(`/v1/cases/${handedOver}/needs/FOOD/deliveries`, { deliveredAt: ago(120), provided: 'comida', meal: 'LUNCH' });
      expect(await worklistCases()).toEqual(new Set([handedOver, stillHere]));
      expect((await view(handedOver)).overdue).toBe(true);

      const channelledAt = ago(30);
      await handOver(handedOver, channelledAt);

      const closed = await view(handedOver);
      expect(closed).toMatchObject({ status: 'TRANSFERRED', closedAt: channelledAt, overdue: false });
      expect(stateOf(closed)).toEqual({ HEALTH: 'NOT_MET', FOOD: 'MET', CLOTHING: 'NOT_MET', REST: 'NOT_MET', PSYCHOLOGICAL_FIRST_AID: 'NOT_MET' });
      expect(closed.needs.find((need: { need: string }) => need.need === 'PSYCHOLOGICAL_FIRST_AID').late).toBe(false);
      expect(await worklistCases()).toEqual(new Set([stillHere]));

      // Two days on, the scanner raises the open record's needs and never the closed one's.
      const scanner = bed.care.app.get(OverdueNeedScanner);
      await scanner.runOnce(new Date(Date.now() + 48 * HOUR));
      expect(await overdueRaised(handedOver)).toEqual([]);
      expect((await overdueRaised(stillHere)).sort()).toEqual(['CLOTHING', 'FOOD', 'HEALTH', 'PSYCHOLOGICAL_FIRST_AID', 'REST']);

      const [event] = (await bed.care.dataSource.query(
        `SELECT payload FROM outbox WHERE case_id = $1 AND event_type = 'care.record.closed'`,
        [handedOver],
      )) as Array<{ payload: EventEnvelope }>;
      expect(event.payload.data).toEqual({ status: 'TRANSFERRED', closedAt: channelledAt, unmetNeeds: ['CLOTHING', 'HEALTH', 'PSYCHOLOGICAL_FIRST_AID', 'REST'] });
      expect(validateEvent(careRecordClosedV1, event.payload)).toMatchObject({ ok: true });

      // Intake's closing comes after the hand-over (LM-02): it changes nothing more.
      await bed.publish(caseClosedV1, bed.intakeEvent(caseClosedV1, handedOver, 'YUC', { closedAt: ago(1) }));
      await bed.drained();
      expect((await outboxOf(bed.care, handedOver)).filter((e) => e.type === 'care.record.closed')).toHaveLength(1);
      expect(await view(handedOver)).toMatchObject({ status: 'TRANSFERRED', closedAt: channelledAt });
    });

    it('closes a record that intake closes while it is somehow still open', async () => {
      const caseId = await bed.openRecord({ officeCode: 'YUC', data: { detectedAt: ago(60) } });
      const closedAt = ago(2);
      await bed.publish(caseClosedV1, bed.intakeEvent(caseClosedV1, caseId, 'YUC', { closedAt }));
      await waitFor('the record closed', async () => (await view(caseId)).status === 'TRANSFERRED');
      expect((await view(caseId)).closedAt).toBe(closedAt);
    });

    it('takes late records of what happened before the hand-over, refuses anything after it with 409 (LM-01), and places no more', async () => {
      const caseId = await bed.openRecord({ officeCode: 'YUC', data: { detectedAt: ago(300) } });
      await handOver(caseId, ago(60));

      // Written up after the fact, it is still LM-11 evidence: accepted, and late against its due time.
      const late = await post(`/v1/cases/${caseId}/needs/FOOD/deliveries`, { deliveredAt: ago(90), provided: 'comida', meal: 'LUNCH' });
      expect(late.status).toBe(200);
      expect(late.body.needs.find((need: { need: string }) => need.need === 'FOOD')).toMatchObject({ state: 'MET', late: true });
      expect(late.body.needs.find((need: { need: string }) => need.need === 'CLOTHING')).toMatchObject({ state: 'NOT_MET', late: true });
      const disclosed = await post(`/v1/cases/${caseId}/incidents`, { type: 'THREAT', severity: 'SERIOUS', occurredAt: ago(120), protectionConcern: 'FEAR_OF_RETURN' });
      expect(disclosed.status).toBe(200);
      expect((await outboxOf(bed.care, caseId)).find((e) => e.type === 'care.incident.reported')?.data).toMatchObject({ protectionConcern: 'FEAR_OF_RETURN' });

      const tables = ['care_delivery', 'health_screening', 'incident', 'placement', 'outbox'];
      const before = await Promise.all(tables.map((table) => bed.care.count(table)));
      const afterHandOver: Array<[string, unknown, string]> = [
        [`/v1/cases/${caseId}/needs/FOOD/deliveries`, { deliveredAt: ago(10), provided: 'cena', meal: 'DINNER' }, 'deliveredAt'],
        [`/v1/cases/${caseId}/incidents`, { type: 'INJURY', severity: 'MINOR', occurredAt: ago(10) }, 'occurredAt'],
        [
          `/v1/cases/${caseId}/health-screenings`,
          { screenedAt: ago(10), urgentReferral: false, chronicCondition: false, pregnancyFollowUp: false, disabilitySupport: false },
          'screenedAt',
        ],
      ];
      for (const [path, body, field] of afterHandOver) {
        const response = await post(path, body);
        expect(response.status).toBe(409);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
        expect(response.body).toMatchObject({ code: 'RECORD_CLOSED', rule: 'LM-01', errors: [expect.objectContaining({ field, rule: 'beforeClosing' })] });
      }
      const placed = await post(`/v1/cases/${caseId}/placements`, {
        facilityId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d11',
        facilityType: 'DIF_SHELTER',
        setting: 'CHILD_ONLY_AREA',
        placedAt: ago(90),
      });
      expect(placed.status).toBe(409);
      expect(placed.body).toMatchObject({ code: 'RECORD_CLOSED', rule: 'LM-01' });
      expect(await Promise.all(tables.map((table) => bed.care.count(table)))).toEqual(before);
      const refused = await bed.care.dataSource.query(
        `SELECT action, reason FROM audit_log WHERE case_id = $1 AND outcome = 'refused' ORDER BY occurred_at, id`,
        [caseId],
      );
      expect(refused).toEqual([
        { action: 'care.deliver', reason: 'RECORD_CLOSED LM-01' },
        { action: 'care.incident', reason: 'RECORD_CLOSED LM-01' },
        { action: 'care.health-screening', reason: 'RECORD_CLOSED LM-01' },
        { action: 'care.place', reason: 'RECORD_CLOSED LM-01' },
      ]);
    });

    it('closes as EXIT_ADULT_FLOW when a competent age determination takes the person out of the child flow (GD-12)', async () => {
      const caseId = await bed.openRecord({ officeCode: 'YUC', data: { detectedAt: ago(300) } });
      expect(await worklistCases()).toContain(caseId);
      const exitedAt = ago(15);
      await bed.publish(caseExitedAdultFlowV1, bed.intakeEvent(caseExitedAdultFlowV1, caseId, 'YUC', { ...caseExitedAdultFlowV1.example, exitedAt }));
      await waitFor('the record closed', async () => (await view(caseId)).status === 'EXIT_ADULT_FLOW');

      expect(await view(caseId)).toMatchObject({ status: 'EXIT_ADULT_FLOW', closedAt: exitedAt, overdue: false });
      expect(await worklistCases()).not.toContain(caseId);
      await bed.care.app.get(OverdueNeedScanner).runOnce(new Date(Date.now() + 48 * HOUR));
      expect(await overdueRaised(caseId)).toEqual([]);
      const closed = (await outboxOf(bed.care, caseId)).find((event) => event.type === 'care.record.closed');
      expect(closed?.data).toMatchObject({ status: 'EXIT_ADULT_FLOW', closedAt: exitedAt });

      const after = await post(`/v1/cases/${caseId}/needs/FOOD/deliveries`, { deliveredAt: ago(5), provided: 'cena', meal: 'DINNER' });
      expect(after.status).toBe(409);
      expect(after.body).toMatchObject({ code: 'RECORD_CLOSED', rule: 'GD-12', errors: [expect.objectContaining({ field: 'deliveredAt' })] });
    });

    it('is ACTIVE once every basic need is met, and OPEN before', async () => {
      const caseId = await bed.openRecord({ officeCode: 'YUC', data: { detectedAt: ago(60) } });
      expect((await view(caseId)).status).toBe('OPEN');
      await post(`/v1/cases/${caseId}/needs/FOOD/deliveries`, { deliveredAt: ago(50), provided: 'desayuno', meal: 'BREAKFAST' });
      await post(`/v1/cases/${caseId}/needs/CLOTHING/deliveries`, { deliveredAt: ago(50), provided: 'suéter' });
      await post(`/v1/cases/${caseId}/health-screenings`, {
        screenedAt: ago(45),
        urgentReferral: false,
        chronicCondition: false,
        pregnancyFollowUp: false,
        disabilitySupport: false,
      });
      expect((await view(caseId)).status).toBe('OPEN');
      const shelter = await bed.care.request('POST', '/v1/facilities', {
        token: await bed.care.token(['office-admin'], ['YUC'], 'adm-yuc-0001'),
        body: { officeCode: 'YUC', name: 'Albergue DIF Mérida', type: 'DIF_SHELTER', capacity: 10, settings: ['CHILD_ONLY_AREA'] },
      });
      const placed = await post(`/v1/cases/${caseId}/placements`, { facilityId: shelter.body.facilityId, facilityType: 'DIF_SHELTER', setting: 'CHILD_ONLY_AREA', placedAt: ago(40) });
      expect(placed.body).toMatchObject({ status: 'ACTIVE', closedAt: null });
    });
  });

  describe('issue 18 item 12: T0 is detection', () => {
    it("counts every due time, overdue alert and delivery's minutes from intake's detectedAt, not from registration or arrival in care", async () => {
      const detectedAt = new Date(Math.floor((Date.now() - 3 * HOUR) / 60_000) * 60_000);
      // Intake registers the case now, three hours after the detection.
      const registration = bed.registration({ officeCode: 'YUC', data: { detectedAt: detectedAt.toISOString() } });
      expect(Date.parse(registration.occurredAt) - detectedAt.getTime()).toBeGreaterThanOrEqual(3 * HOUR - 60_000);
      await bed.publish(caseRegisteredV2, registration);
      await waitFor('the care record', async () => (await bed.care.dataSource.query(`SELECT 1 FROM care_record WHERE case_id = $1`, [registration.caseId])).length === 1);
      const caseId = registration.caseId;
      const at = (minutes: number) => new Date(detectedAt.getTime() + minutes * 60_000).toISOString();

      const opened = await view(caseId);
      expect(opened.detectedAt).toBe(detectedAt.toISOString());
      expect(opened.needs.map((need: { need: string; dueAt: string }) => [need.need, need.dueAt])).toEqual([
        ['HEALTH', at(120)],
        ['FOOD', at(120)],
        ['CLOTHING', at(240)],
        ['REST', at(120)],
        ['PSYCHOLOGICAL_FIRST_AID', at(1440)],
      ]);
      // Already past due on arrival in care: detection, not registration, started the clock.
      expect(stateOf(opened)).toMatchObject({ HEALTH: 'OVERDUE', FOOD: 'OVERDUE', REST: 'OVERDUE', CLOTHING: 'PENDING' });
      const [recordOpened] = await outboxOf(bed.care, caseId);
      expect(recordOpened).toMatchObject({ type: 'care.record.opened', data: { detectedAt: detectedAt.toISOString(), dueAt: { HEALTH: at(120), CLOTHING: at(240) } } });

      const food = await post(`/v1/cases/${caseId}/needs/FOOD/deliveries`, { deliveredAt: at(150), provided: 'comida', meal: 'LUNCH' });
      expect(food.status).toBe(200);
      const delivered = (await outboxOf(bed.care, caseId)).find((event) => event.type === 'care.need.delivered');
      expect(delivered?.data).toMatchObject({ minutesSinceDetection: 150, late: true });

      await bed.care.app.get(OverdueNeedScanner).runOnce(new Date());
      const overdue = (await outboxOf(bed.care, caseId)).filter((event) => event.type === 'care.need.overdue');
      expect(overdue.map((event) => [event.data.need, event.data.detectedAt, event.data.dueAt]).sort()).toEqual([
        ['HEALTH', detectedAt.toISOString(), at(120)],
        ['REST', detectedAt.toISOString(), at(120)],
      ]);
    });
  });
});
