import { jetstreamManager } from '@nats-io/jetstream';

import { careIncidentReportedV1, carePlacementRefusedV1 } from '@opis/contracts-care';
import { EventEnvelope, eventSubject, streamName, uuidv7, validateEvent } from '@opis/contracts-envelope';
import { namespacedStream, namespacedSubject } from '@opis/messaging';
import { waitFor } from '@opis/testing';

import { CareTestBed, outboxOf, startCareTestBed } from './care-harness';

/** What care says outside itself when a child's protection is at stake: codes, never the account. */
describe('care: protection concerns and refused placements reach other services', () => {
  let bed: CareTestBed;
  let officer: string;

  beforeAll(async () => {
    bed = await startCareTestBed('care-protection');
    officer = await bed.care.token(['officer'], ['CHP'], 'opi-chp-0011');
  });

  afterAll(async () => {
    await bed?.close();
  });

  const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
  const post = (path: string, body: unknown, token = officer) => bed.care.request('POST', path, { token, body });
  const tables = ['incident', 'outbox', 'audit_log', 'placement', 'care_delivery'];
  const countAll = () => Promise.all(tables.map((table) => bed.care.count(table)));

  describe('issue 18 item 4: fear of return or a protection need disclosed in an incident', () => {
    const account = 'Dice que su padrastro la amenazó de muerte si regresa a Huehuetenango';

    it('carries protectionConcern on care.incident.reported, and the account stays in care', async () => {
      const caseId = await bed.openRecord();
      const fear = await post(`/v1/cases/${caseId}/incidents`, {
        type: 'ABUSE_DISCLOSURE',
        severity: 'SERIOUS',
        occurredAt: ago(30),
        notes: account,
        protectionConcern: 'FEAR_OF_RETURN',
      });
      expect(fear.status).toBe(200);
      const need = await post(`/v1/cases/${caseId}/incidents`, { type: 'THREAT', severity: 'MODERATE', occurredAt: ago(20), protectionConcern: 'PROTECTION_NEED' });
      expect(need.status).toBe(200);
      const plain = await post(`/v1/cases/${caseId}/incidents`, { type: 'INJURY', severity: 'MINOR', occurredAt: ago(10) });
      expect(plain.status).toBe(200);

      // The officer sees the account and the concern in care.
      expect(plain.body.incidents.map((incident: { type: string; protectionConcern: string | null; notes: string | null }) => [incident.type, incident.protectionConcern, incident.notes])).toEqual([
        ['ABUSE_DISCLOSURE', 'FEAR_OF_RETURN', account],
        ['THREAT', 'PROTECTION_NEED', null],
        ['INJURY', null, null],
      ]);

      const events = (await outboxOf(bed.care, caseId)).filter((event) => event.type === 'care.incident.reported');
      expect(events.map((event) => [event.data.type, event.data.protectionConcern])).toEqual([
        ['ABUSE_DISCLOSURE', 'FEAR_OF_RETURN'],
        ['THREAT', 'PROTECTION_NEED'],
        ['INJURY', undefined],
      ]);
      expect('protectionConcern' in events[2].data).toBe(false);
      expect(JSON.stringify(await outboxOf(bed.care, caseId))).not.toMatch(/padrastro|Huehuetenango|amenaz/);

      // What legal-status reads is on the care stream, valid against the contract.
      const jsm = await jetstreamManager(bed.nc);
      const subject = namespacedSubject(eventSubject(careIncidentReportedV1.name, 'CHP'), bed.care.namespace);
      let published: EventEnvelope | undefined;
      await waitFor('the incident with the concern on the care stream', async () => {
        const message = await jsm.streams.getMessage(namespacedStream(streamName('care'), bed.care.namespace), { last_by_subj: subject });
        published = message?.json<EventEnvelope>();
        return published?.caseId === caseId && (published.data as { type?: string }).type === 'INJURY';
      });
      const [first] = await bed.care.dataSource.query(`SELECT payload FROM outbox WHERE case_id = $1 AND event_type = 'care.incident.reported' ORDER BY position LIMIT 1`, [caseId]);
      expect(validateEvent(careIncidentReportedV1, first.payload)).toMatchObject({ ok: true, value: { data: { protectionConcern: 'FEAR_OF_RETURN' } } });
    });

    it('answers a concern outside the vocabulary with 400 naming the field, and writes nothing', async () => {
      const caseId = await bed.openRecord();
      const before = await countAll();
      const response = await post(`/v1/cases/${caseId}/incidents`, {
        type: 'ABUSE_DISCLOSURE',
        severity: 'SERIOUS',
        occurredAt: ago(5),
        notes: account,
        protectionConcern: 'AFRAID',
      });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'protectionConcern', rule: 'isIn' })]);
      expect(await countAll()).toEqual(before);
    });
  });

  describe('issue 18 item 8: LM-08, INV-04, GD-07: a refused placement raises an alert outside care', () => {
    const attempt = (overrides: Record<string, unknown>) => ({
      facilityId: uuidv7(),
      facilityType: 'DIF_SHELTER',
      setting: 'CHILD_ONLY_AREA',
      placedAt: ago(5),
      ...overrides,
    });
    const refusedEvents = async (caseId: string) =>
      (await bed.care.dataSource.query(`SELECT payload FROM outbox WHERE case_id = $1 AND event_type = 'care.placement.refused' ORDER BY position`, [caseId])) as Array<{
        payload: EventEnvelope;
      }>;

    it('publishes care.placement.refused with codes only, beside the audit row, and writes nothing else', async () => {
      const caseId = await bed.openRecord();
      const before = await countAll();
      const tries: Array<[Record<string, unknown>, string, string, string]> = [
        [{ facilityType: 'ESTACION_MIGRATORIA' }, 'FACILITY_DETENTION', 'LM-08', 'facilityType'],
        [{ facilityType: 'ESTANCIA_PROVISIONAL', setting: 'MIXED_ADULT_AREA' }, 'FACILITY_DETENTION', 'LM-08', 'facilityType'],
        [{ setting: 'MIXED_ADULT_AREA' }, 'UNRELATED_ADULTS', 'GD-07', 'setting'],
      ];
      for (const [overrides, code, rule, field] of tries) {
        const response = await post(`/v1/cases/${caseId}/placements`, attempt(overrides));
        expect(response.status).toBe(422);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
        expect(response.body).toMatchObject({ code, rule, errors: [expect.objectContaining({ field })] });
      }

      const events = await refusedEvents(caseId);
      expect(events.map(({ payload }) => payload.data)).toEqual([
        { reason: 'DETENTION_FACILITY', rule: 'LM-08', requestedFacilityType: 'ESTACION_MIGRATORIA', requestedSetting: 'CHILD_ONLY_AREA', attemptedAt: expect.any(String) },
        { reason: 'DETENTION_FACILITY', rule: 'LM-08', requestedFacilityType: 'ESTANCIA_PROVISIONAL', requestedSetting: 'MIXED_ADULT_AREA', attemptedAt: expect.any(String) },
        { reason: 'MIXED_ADULT_AREA', rule: 'GD-07', requestedFacilityType: 'DIF_SHELTER', requestedSetting: 'MIXED_ADULT_AREA', attemptedAt: expect.any(String) },
      ]);
      for (const { payload } of events) {
        expect(validateEvent(carePlacementRefusedV1, payload)).toMatchObject({ ok: true });
        expect(payload.actor).toEqual({ kind: 'officer', id: 'opi-chp-0011' });
        expect(Date.now() - Date.parse((payload.data as { attemptedAt: string }).attemptedAt)).toBeLessThan(60_000);
      }

      // Exactly one audit row and one event per attempt: no placement, no delivery, REST still unmet.
      const after = await countAll();
      expect(Object.fromEntries(tables.map((table, i) => [table, after[i] - before[i]]))).toEqual({
        incident: 0,
        outbox: 3,
        audit_log: 3,
        placement: 0,
        care_delivery: 0,
      });
      const audited = await bed.care.dataSource.query(
        `SELECT reason, office_code FROM audit_log WHERE case_id = $1 AND action = 'care.place' ORDER BY occurred_at, id`,
        [caseId],
      );
      expect(audited).toEqual([
        { reason: 'FACILITY_DETENTION LM-08', office_code: 'CHP' },
        { reason: 'FACILITY_DETENTION LM-08', office_code: 'CHP' },
        { reason: 'UNRELATED_ADULTS GD-07', office_code: 'CHP' },
      ]);
      const view = await bed.care.request('GET', `/v1/cases/${caseId}`, { token: officer });
      expect(view.body.placement).toEqual({ current: null, history: [] });
      expect(view.body.needs.find((need: { need: string }) => need.need === 'REST').metAt).toBeNull();

      // Seen outside care: on the care stream, where supervisors' tools and statistics subscribe.
      const jsm = await jetstreamManager(bed.nc);
      const subject = namespacedSubject(eventSubject(carePlacementRefusedV1.name, 'CHP'), bed.care.namespace);
      await waitFor('care.placement.refused on the care stream', async () => {
        const message = await jsm.streams.getMessage(namespacedStream(streamName('care'), bed.care.namespace), { last_by_subj: subject });
        return message?.json<EventEnvelope>().id === events[2].payload.id;
      });
    });

    it("raises nothing for another office's case: 404, as for any other request", async () => {
      const caseId = await bed.openRecord({ officeCode: 'TAB' });
      const response = await post(`/v1/cases/${caseId}/placements`, attempt({ facilityType: 'ESTACION_MIGRATORIA' }));
      expect(response.status).toBe(404);
      expect(await refusedEvents(caseId)).toEqual([]);
      expect(await bed.care.dataSource.query(`SELECT reason FROM audit_log WHERE case_id = $1 AND action = 'care.place'`, [caseId])).toEqual([
        { reason: 'CASE_NOT_FOUND' },
      ]);
    });
  });
});
