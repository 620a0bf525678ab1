import { OverdueNeedScanner } from '../../src/overdue/overdue-scanner.service';
import { CareTestBed, outboxOf, startCareTestBed } from './care-harness';

const HOUSEHOLD = '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d99';

describe('care rules over HTTP', () => {
  let bed: CareTestBed;
  let officer: string;
  let admin: string;
  let shelterId: string;

  beforeAll(async () => {
    bed = await startCareTestBed('care-rules');
    officer = await bed.care.token(['officer'], ['CHP'], 'opi-chp-0007');
    admin = await bed.care.token(['office-admin'], ['CHP'], 'adm-chp-0001');
    shelterId = (await registerFacility({ name: 'Albergue DIF Tapachula', capacity: 50, settings: ['CHILD_ONLY_AREA', 'FAMILY_UNIT_AREA'] })).body.facilityId;
  });

  afterAll(async () => {
    await bed?.close();
  });

  const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
  const post = (path: string, body: unknown, token = officer) => bed.care.request('POST', path, { token, body });
  const registerFacility = (overrides: Record<string, unknown>) =>
    post('/v1/facilities', { officeCode: 'CHP', name: 'Albergue', type: 'DIF_SHELTER', capacity: 10, settings: ['CHILD_ONLY_AREA'], ...overrides }, admin);
  const placement = (overrides: Record<string, unknown> = {}) => ({
    facilityId: shelterId,
    facilityType: 'DIF_SHELTER',
    setting: 'CHILD_ONLY_AREA',
    placedAt: ago(10),
    ...overrides,
  });
  const refusals = (caseId: string | null, action: string) =>
    bed.care.dataSource.query(
      `SELECT reason FROM audit_log WHERE action = $1 AND outcome = 'refused' AND case_id IS NOT DISTINCT FROM $2 ORDER BY occurred_at, id`,
      [action, caseId],
    );

  describe('needs and deliveries', () => {
    it('records each meal with its diet, meets FOOD at the first, and keeps notes out of events', async () => {
      const caseId = await bed.openRecord({ data: { ageBand: '0-11' } });
      const lunch = await post(`/v1/cases/${caseId}/needs/FOOD/deliveries`, {
        deliveredAt: ago(30),
        provided: 'papilla de verduras, leche',
        meal: 'LUNCH',
        diet: 'INFANT_SOFT',
        notes: 'Comió poco, dice que extraña a su abuela',
      });
      expect(lunch.status).toBe(200);
      const dinner = await post(`/v1/cases/${caseId}/needs/FOOD/deliveries`, { deliveredAt: ago(5), provided: 'leche', meal: 'DINNER', diet: 'INFANT_MILK' });
      const food = dinner.body.needs.find((need: { need: string }) => need.need === 'FOOD');
      expect(food).toMatchObject({ state: 'MET', metAt: lunch.body.needs[1].metAt, late: false });
      expect(food.deliveries.map((d: { meal: string; diet: string; deliveredBy: string }) => [d.meal, d.diet, d.deliveredBy])).toEqual([
        ['LUNCH', 'INFANT_SOFT', 'opi-chp-0007'],
        ['DINNER', 'INFANT_MILK', 'opi-chp-0007'],
      ]);
      const events = (await outboxOf(bed.care, caseId)).filter((event) => event.type === 'care.need.delivered');
      expect(events.map((event) => [event.data.meal, event.data.firstDelivery])).toEqual([
        ['LUNCH', true],
        ['DINNER', false],
      ]);
      expect(JSON.stringify(await outboxOf(bed.care, caseId))).not.toMatch(/abuela|papilla/);

      const clothing = await post(`/v1/cases/${caseId}/needs/CLOTHING/deliveries`, { deliveredAt: ago(20), provided: 'muda completa, suéter' });
      expect(clothing.body.needs.find((need: { need: string }) => need.need === 'CLOTHING').state).toBe('MET');
    });

    it('meets HEALTH by a structured health screening, and an urgent referral flags the case', async () => {
      const caseId = await bed.openRecord();
      const viaDelivery = await post(`/v1/cases/${caseId}/needs/HEALTH/deliveries`, { deliveredAt: ago(5), provided: 'revisión' });
      expect(viaDelivery.status).toBe(422);
      const screened = await post(`/v1/cases/${caseId}/health-screenings`, {
        screenedAt: ago(15),
        urgentReferral: true,
        chronicCondition: true,
        pregnancyFollowUp: false,
        disabilitySupport: false,
        notes: 'asma',
      });
      expect(screened.status).toBe(200);
      expect(screened.body.needs[0]).toMatchObject({ need: 'HEALTH', state: 'MET' });
      expect(screened.body.healthScreenings).toEqual([
        expect.objectContaining({ urgentReferral: true, chronicCondition: true, pregnancyFollowUp: false, disabilitySupport: false, screenedBy: 'opi-chp-0007' }),
      ]);
      expect(screened.body.referrals).toEqual([expect.objectContaining({ urgent: true, reason: 'HEALTH_SCREENING' })]);
      expect(screened.body.flags).toEqual(['URGENT_MEDICAL_REFERRAL']);
      expect(JSON.stringify(await outboxOf(bed.care, caseId))).not.toContain('asma');
    });

    it('answers bad input with 400 naming the field, and writes nothing', async () => {
      const caseId = await bed.openRecord();
      const before = await Promise.all(['care_delivery', 'outbox', 'placement', 'incident', 'facility'].map((table) => bed.care.count(table)));
      const cases = [
        [`/v1/cases/${caseId}/needs/FOOD/deliveries`, { deliveredAt: 'yesterday', provided: 'tacos', meal: 'LUNCH' }, 'deliveredAt'],
        [`/v1/cases/${caseId}/needs/FOOD/deliveries`, { deliveredAt: ago(5), provided: 'tacos' }, 'meal'],
        [`/v1/cases/${caseId}/needs/TOYS/deliveries`, { deliveredAt: ago(5), provided: 'pelota' }, 'need'],
        [`/v1/cases/${caseId}/placements`, placement({ setting: 'GARDEN' }), 'setting'],
        [`/v1/cases/${caseId}/incidents`, { type: 'RUNAWAY', severity: 'HUGE', occurredAt: ago(5) }, 'severity'],
        [`/v1/cases/not-a-uuid/incidents`, { type: 'RUNAWAY', severity: 'SERIOUS', occurredAt: ago(5) }, 'caseId'],
        ['/v1/facilities', { officeCode: 'CHP', name: 'X', type: 'DIF_SHELTER', capacity: 0, settings: ['CHILD_ONLY_AREA'] }, 'capacity'],
      ] as const;
      for (const [path, body, field] of cases) {
        const response = await post(path, body, path === '/v1/facilities' ? admin : officer);
        expect(response.status).toBe(400);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
        expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
      }
      const future = await post(`/v1/cases/${caseId}/incidents`, { type: 'INJURY', severity: 'MINOR', occurredAt: new Date(Date.now() + 3_600_000).toISOString() });
      expect(future.status).toBe(422);
      const after = await Promise.all(['care_delivery', 'outbox', 'placement', 'incident', 'facility'].map((table) => bed.care.count(table)));
      expect(after).toEqual(before);
    });

    it("answers another office's case with 404, for reads and changes alike", async () => {
      const caseId = await bed.openRecord({ officeCode: 'TAB' });
      const read = await bed.care.request('GET', `/v1/cases/${caseId}`, { token: officer });
      expect(read.status).toBe(404);
      const write = await post(`/v1/cases/${caseId}/incidents`, { type: 'INJURY', severity: 'MINOR', occurredAt: ago(5) });
      expect(write.status).toBe(404);
      expect(await bed.care.count('incident')).toBe(0);
      const national = await bed.care.token(['national'], [], 'nat-0001');
      expect((await bed.care.request('GET', `/v1/cases/${caseId}`, { token: national })).status).toBe(200);
    });
  });

  describe('facilities and placement', () => {
    it('LM-08, INV-04: refuses to register or place at a migration station or provisional stay, and audits it', async () => {
      const caseId = await bed.openRecord();
      const facilities = await bed.care.count('facility');
      for (const type of ['ESTACION_MIGRATORIA', 'ESTANCIA_PROVISIONAL']) {
        const registered = await registerFacility({ name: `Estación ${type}`, type });
        expect(registered.status).toBe(422);
        expect(registered.body).toMatchObject({ code: 'FACILITY_DETENTION', rule: 'LM-08' });
        const placed = await post(`/v1/cases/${caseId}/placements`, placement({ facilityType: type }));
        expect(placed.status).toBe(422);
        expect(placed.body).toMatchObject({ code: 'FACILITY_DETENTION', rule: 'LM-08', errors: [expect.objectContaining({ field: 'facilityType' })] });
      }
      expect(await bed.care.count('facility')).toBe(facilities);
      expect(await bed.care.dataSource.query(`SELECT 1 FROM placement WHERE case_id = $1`, [caseId])).toEqual([]);
      expect(await refusals(caseId, 'care.place')).toEqual([{ reason: 'FACILITY_DETENTION LM-08' }, { reason: 'FACILITY_DETENTION LM-08' }]);
      expect(await refusals(null, 'facility.register')).toEqual([{ reason: 'FACILITY_DETENTION LM-08' }, { reason: 'FACILITY_DETENTION LM-08' }]);
      const officerTry = await post('/v1/facilities', { officeCode: 'CHP', name: 'Otro', type: 'CAS', capacity: 5, settings: ['CHILD_ONLY_AREA'] });
      expect(officerTry.status).toBe(403);
    });

    it('GD-07: places an unaccompanied child only in a child-only area, which meets REST', async () => {
      const caseId = await bed.openRecord();
      const family = await post(`/v1/cases/${caseId}/placements`, placement({ setting: 'FAMILY_UNIT_AREA', householdId: HOUSEHOLD }));
      expect(family.body).toMatchObject({ status: 422, code: 'UNRELATED_ADULTS', rule: 'GD-07' });
      const mixed = await post(`/v1/cases/${caseId}/placements`, placement({ setting: 'MIXED_ADULT_AREA' }));
      expect(mixed.body).toMatchObject({ status: 422, rule: 'GD-07' });

      const placed = await post(`/v1/cases/${caseId}/placements`, placement());
      expect(placed.status).toBe(200);
      expect(placed.body.placement.current).toMatchObject({ facilityId: shelterId, facilityType: 'DIF_SHELTER', setting: 'CHILD_ONLY_AREA', endedAt: null });
      expect(placed.body.needs.find((need: { need: string }) => need.need === 'REST').state).toBe('MET');
      const viaDelivery = await post(`/v1/cases/${caseId}/needs/REST/deliveries`, { deliveredAt: ago(5), provided: 'cama' });
      expect(viaDelivery.body).toMatchObject({ status: 422, rule: 'GD-07' });

      const event = (await outboxOf(bed.care, caseId)).find((e) => e.type === 'care.placement.changed');
      expect(event?.data).toMatchObject({ facilityId: shelterId, setting: 'CHILD_ONLY_AREA', withFamilyUnit: false, accompaniment: 'UNACCOMPANIED' });
      expect(JSON.stringify(event)).not.toContain('Tapachula');
    });

    it('INV-09: keeps an accompanied child with their own family unit unless a Procuraduría decision is recorded', async () => {
      const caseId = await bed.openRecord({ data: { accompaniment: 'ACCOMPANIED', householdId: HOUSEHOLD } });
      const apart = await post(`/v1/cases/${caseId}/placements`, placement());
      expect(apart.body).toMatchObject({ status: 422, code: 'FAMILY_SEPARATION_WITHOUT_DECISION', rule: 'INV-09' });
      const otherFamily = await post(`/v1/cases/${caseId}/placements`, placement({ setting: 'FAMILY_UNIT_AREA', householdId: '0190f5c2-7d2a-7b3c-9d4e-000000000001' }));
      expect(otherFamily.body).toMatchObject({ status: 422, code: 'HOUSEHOLD_MISMATCH' });

      const withFamily = await post(`/v1/cases/${caseId}/placements`, placement({ setting: 'FAMILY_UNIT_AREA', householdId: HOUSEHOLD, placedAt: ago(30) }));
      expect(withFamily.status).toBe(200);
      const decided = await post(
        `/v1/cases/${caseId}/placements`,
        placement({ placedAt: ago(10), procuraduriaDecision: { reference: 'PPNNA-CHP-2026-0042', decidedAt: ago(20) } }),
      );
      expect(decided.status).toBe(200);
      expect(decided.body.placement.history).toHaveLength(2);
      expect(decided.body.placement.history[1]).toMatchObject({ setting: 'FAMILY_UNIT_AREA', householdId: HOUSEHOLD, endedAt: decided.body.placement.current.placedAt });
      expect(decided.body.placement.current).toMatchObject({ procuraduriaDecisionReference: 'PPNNA-CHP-2026-0042' });
      const events = (await outboxOf(bed.care, caseId)).filter((e) => e.type === 'care.placement.changed');
      expect(events.map((e) => [e.data.withFamilyUnit, e.data.procuraduriaDecisionRecorded, e.data.previousFacilityType])).toEqual([
        [true, false, undefined],
        [false, true, 'DIF_SHELTER'],
      ]);
    });

    it('shows a full shelter before placing and refuses to overfill it; a CAS needs a protection measure', async () => {
      const small = (await registerFacility({ name: 'Casa hogar pequeña', capacity: 1 })).body.facilityId;
      const first = await bed.openRecord();
      const second = await bed.openRecord();
      expect((await post(`/v1/cases/${first}/placements`, placement({ facilityId: small }))).status).toBe(200);
      const listed = await bed.care.request('GET', '/v1/facilities?office=CHP', { token: officer });
      expect(listed.body.items.find((f: { facilityId: string }) => f.facilityId === small)).toMatchObject({ capacity: 1, occupancy: 1, available: 0, full: true });
      const full = await post(`/v1/cases/${second}/placements`, placement({ facilityId: small }));
      expect(full.status).toBe(409);
      expect(full.body).toMatchObject({ code: 'FACILITY_FULL' });

      const cas = (await registerFacility({ name: 'CAS Tapachula', type: 'CAS', capacity: 5 })).body.facilityId;
      const noMeasure = await post(`/v1/cases/${second}/placements`, placement({ facilityId: cas, facilityType: 'CAS' }));
      expect(noMeasure.body).toMatchObject({ status: 422, rule: 'GD-14' });
      const mismatch = await post(`/v1/cases/${second}/placements`, placement({ facilityId: cas, facilityType: 'HOSPITAL' }));
      expect(mismatch.body).toMatchObject({ status: 422, code: 'FACILITY_TYPE_MISMATCH' });
      const withMeasure = await post(`/v1/cases/${second}/placements`, placement({ facilityId: cas, facilityType: 'CAS', protectionMeasureReference: 'MP-CHP-2026-7' }));
      expect(withMeasure.status).toBe(200);
    });
  });

  it('reports incidents: a serious one notifies supervisors and flags the case, a minor one does neither', async () => {
    const caseId = await bed.openRecord();
    const minor = await post(`/v1/cases/${caseId}/incidents`, { type: 'INJURY', severity: 'MINOR', occurredAt: ago(20), notes: 'raspón en la rodilla' });
    expect(minor.status).toBe(200);
    expect(minor.body.flags).toEqual([]);
    const runaway = await post(`/v1/cases/${caseId}/incidents`, { type: 'RUNAWAY', severity: 'MODERATE', occurredAt: ago(10) });
    expect(runaway.body.flags).toEqual(['SERIOUS_INCIDENT']);
    expect(runaway.body.incidents.map((i: { type: string; serious: boolean }) => [i.type, i.serious])).toEqual([
      ['INJURY', false],
      ['RUNAWAY', true],
    ]);
    const events = (await outboxOf(bed.care, caseId)).filter((e) => e.type === 'care.incident.reported');
    expect(events.map((e) => [e.data.type, e.data.notifySupervisors])).toEqual([
      ['INJURY', false],
      ['RUNAWAY', true],
    ]);
    expect(JSON.stringify(events)).not.toContain('rodilla');
  });

  it('raises care.need.overdue once per need, shows it on the case, and lists the office worklist overdue first', async () => {
    const late = await bed.openRecord({ officeCode: 'OAX', data: { detectedAt: ago(180) } });
    const fresh = await bed.openRecord({ officeCode: 'OAX', data: { detectedAt: ago(0) } });
    const oax = await bed.care.token(['officer'], ['OAX'], 'opi-oax-0001');
    await post(`/v1/cases/${late}/needs/FOOD/deliveries`, { deliveredAt: ago(5), provided: 'desayuno', meal: 'BREAKFAST' }, oax);

    const scanner = bed.care.app.get(OverdueNeedScanner);
    const now = new Date();
    await scanner.runOnce(now);
    expect(await scanner.runOnce(now)).toBe(0);
    const overdue = (await outboxOf(bed.care, late)).filter((e) => e.type === 'care.need.overdue').map((e) => e.data.need);
    expect(overdue.sort()).toEqual(['HEALTH', 'REST']);
    expect((await outboxOf(bed.care, fresh)).some((e) => e.type === 'care.need.overdue')).toBe(false);

    const view = await bed.care.request('GET', `/v1/cases/${late}`, { token: oax });
    expect(view.body.overdue).toBe(true);
    expect(view.body.needs.filter((n: { state: string }) => n.state === 'OVERDUE').map((n: { need: string }) => n.need)).toEqual(['HEALTH', 'REST']);

    const worklist = await bed.care.request('GET', '/v1/worklist?office=OAX', { token: oax });
    const items: Array<{ caseId: string; need: string; overdue: boolean; dueAt: string }> = worklist.body.items;
    expect(items.slice(0, 2).map((item) => [item.caseId, item.need, item.overdue])).toEqual([
      [late, 'HEALTH', true],
      [late, 'REST', true],
    ]);
    expect(items.slice(2).every((item) => !item.overdue)).toBe(true);
    expect(items.map((item) => item.dueAt)).toEqual([...items.map((item) => item.dueAt)].sort());
    expect(items.some((item) => item.caseId === late && item.need === 'FOOD')).toBe(false);
    expect(items).toHaveLength(2 + 2 + 5);
    const otherOffice = await bed.care.request('GET', '/v1/worklist?office=OAX', { token: officer });
    expect(otherOffice.body.items).toEqual([]);
  });
});
