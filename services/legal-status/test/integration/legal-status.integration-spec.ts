import 'reflect-metadata';

import { createEnvelope, EventEnvelope } from '@opis/contracts-envelope';
import {
  caseAssignedV1,
  caseRegisteredV2,
  caseTransferredV1,
  caseUpdatedV1,
  CaseUpdatedV1,
  channelledToDifV1,
  procuraduriaNotifiedV1,
} from '@opis/contracts-intake';
import { DUE_PROCESS_ITEMS } from '@opis/contracts-legal-status';
import { createTestSigner, FieldCipher, mexicoCityDate, WorkingDayCalendar } from '@opis/platform';
import { waitFor } from '@opis/testing';

import { InformOverdueScanner } from '../../src/informing/inform-overdue-scanner.service';
import { sealChildText } from '../../src/migrations/1764490000002-seal-child-free-text';
import { SealLateClaimJustification1766000000012 } from '../../src/migrations/1766000000012-seal-late-claim-justification';
import { LegalRecordService } from '../../src/records/legal-record.service';
import { participation } from './legal-fixtures';
import { auditTrail, LegalTestBed, outboxEvents, registeredSample, startLegalStatus } from './legal-harness';

const evidence = { completedAt: new Date(Date.now() - 60_000).toISOString(), documentReference: 'INM/CHP/2026/0042', person: 'opi-chp-0042' };
const plan = (measure: string, decidedAt = new Date(Date.now() - 60_000)) => ({
  type: 'PLAN',
  author: 'Lic. Procuraduría Chiapas',
  decidedAt: decidedAt.toISOString(),
  optionsConsidered: ['HUMANITARIAN_REGULARISATION', 'ASSISTED_RETURN', 'REFUGE'],
  childViews: 'Quiero quedarme en México y estudiar',
  recommendedMeasure: measure,
  urgentMeasures: ['Atención psicológica'],
  documentReference: 'PPNNA/CHP/PR/2026/77',
});
const session = (topic: string, extra: Record<string, unknown> = {}) => ({
  topic,
  heldAt: new Date(Date.now() - 60_000).toISOString(),
  language: 'quc',
  interpreterId: 'int-quc-7',
  materialUsed: 'Texto 12-17 leído en voz alta',
  understanding: 'Entendió que puede quedarse mientras se decide; preguntó por su hermana',
  ...participation,
  ...extra,
});

describe('legal-status', () => {
  let bed: LegalTestBed;
  let officer: string;
  let supervisor: string;

  beforeAll(async () => {
    bed = await startLegalStatus('legal');
    officer = await bed.service.token(['officer'], ['CHP']);
    supervisor = await bed.service.token(['supervisor'], ['CHP'], 'supervisor-CHP');
  });

  afterAll(async () => {
    await bed?.close();
  });

  const post = (caseId: string, path: string, body: unknown = {}, token = officer) =>
    bed.service.request('POST', `/v1/cases/${caseId}/${path}`, { token, body });
  const written = async () => [await bed.service.count('outbox'), await bed.service.count('due_process_item'), await bed.service.count('best_interests_record')];

  describe('the record opens by itself (LM-03, LM-07, INV-12)', () => {
    it('opens with VRH-cautelar for every registered case, once, and a redelivery changes nothing', async () => {
      const caseId = await bed.register({ notified: false });
      const view = await bed.service.request('GET', `/v1/cases/${caseId}/legal`, { token: officer });
      expect(view.status).toBe(200);
      expect(view.body).toMatchObject({ stayStatus: 'VRH_CAUTELAR', procedure: { status: 'VRH_CAUTELAR' }, protection: { status: 'NOT_ASSESSED' } });
      const [opened] = await outboxEvents(bed.service, 'legal.record.opened', caseId);
      expect(opened.subject).toBe('opis.legal-status.record.opened.v1.CHP');
      expect(Object.keys(opened.payload.data).sort()).toEqual(['accompaniment', 'ageBand', 'nationality', 'procedureStatus', 'sex', 'stayStatus']);

      const before = await written();
      const envelope = await bed.publish(caseRegisteredV2, caseId, 'CHP', registeredSample());
      await bed.publish(caseRegisteredV2, caseId, 'CHP', registeredSample(), envelope);
      await waitFor('both deliveries handled', async () => (await bed.service.dataSource.query(`SELECT 1 FROM inbox WHERE event_id = $1`, [envelope.id])).length === 1);
      expect(await written()).toEqual(before);
      expect(await bed.service.count('legal_record')).toBeGreaterThan(0);
    });

    it('flags the need from intake’s screening and follows a transfer; another office’s case is 404', async () => {
      const caseId = await bed.register({ screening: { ...registeredSample().screening, protectionNeedIndicated: true } });
      await waitFor('the screening applied', async () => (await bed.service.dataSource.query(`SELECT protection_status FROM legal_record WHERE case_id = $1`, [caseId]))[0].protection_status === 'NEED_IDENTIFIED');
      const [lock] = await outboxEvents(bed.service, 'legal.lock.changed', caseId);
      expect(lock.payload.data).toEqual({ returnLocked: true, consularContactLocked: true, reasons: ['NEED_FLAGGED'], bestInterestsRecommendsReturn: false });
      expect((await outboxEvents(bed.service, 'legal.protection.changed', caseId))[0].payload.data).toMatchObject({ protectionClaimed: false, status: 'NEED_IDENTIFIED' });

      await bed.publish(caseTransferredV1, caseId, 'TAB', { ageBand: '12-17', sex: 'F', nationality: 'GT', accompaniment: 'UNACCOMPANIED', fromOffice: 'CHP', toOffice: 'TAB' });
      await waitFor('the transfer applied', async () => (await bed.service.dataSource.query(`SELECT office_code FROM legal_record WHERE case_id = $1`, [caseId]))[0].office_code === 'TAB');
      expect((await bed.service.request('GET', `/v1/cases/${caseId}/legal`, { token: officer })).status).toBe(404);
      expect((await bed.service.request('GET', `/v1/cases/${caseId}/legal`, { token: await bed.service.token(['officer'], ['TAB']) })).status).toBe(200);
    });
  });

  describe('intake events in case-version order', () => {
    const recordRow = async (caseId: string) =>
      (await bed.service.dataSource.query(`SELECT row_to_json(r)::text AS row, intake_case_version, office_code FROM legal_record r WHERE case_id = $1`, [caseId]))[0];
    const sideEffects = async (caseId: string) => [
      await bed.service.count('outbox'),
      (await bed.service.dataSource.query(`SELECT count(*)::int AS n FROM inform_duty WHERE case_id = $1`, [caseId]))[0].n,
    ];
    /** The events of a case are taken (inbox rows) and the newest of them applied to the record. */
    const applied = async (caseId: string, envelopes: EventEnvelope[]) =>
      waitFor('the events taken, the newest applied', async () => {
        const taken = await bed.service.dataSource.query(`SELECT count(*)::int AS n FROM inbox WHERE event_id = ANY($1::uuid[])`, [envelopes.map((e) => e.id)]);
        const newest = Math.max(...envelopes.map((e) => e.caseVersion));
        return taken[0].n === envelopes.length && (await recordRow(caseId)).intake_case_version === newest;
      });
    const updated = (overrides: Partial<CaseUpdatedV1>): CaseUpdatedV1 => ({ ...caseUpdatedV1.example, ageBand: '12-17', ...overrides }) as CaseUpdatedV1;
    const screening = (protectionNeedIndicated: boolean) => ({ ...caseUpdatedV1.example.screening, protectionNeedIndicated });
    const toTab = { ageBand: '12-17', sex: 'F', nationality: 'HN', accompaniment: 'UNACCOMPANIED', fromOffice: 'CHP', toOffice: 'TAB' } as const;
    const tabOfficer = () => bed.service.token(['officer'], ['TAB']);

    it('a retried older event after a newer one, and the same event delivered twice, change nothing', async () => {
      const caseId = await bed.register();
      const older = await bed.publish(caseUpdatedV1, caseId, 'CHP', updated({ nationality: 'SV', screening: screening(false) }));
      const newer = await bed.publish(caseTransferredV1, caseId, 'TAB', toTab);
      await applied(caseId, [older, newer]);
      const before = await recordRow(caseId);
      expect(before).toMatchObject({ office_code: 'TAB', intake_case_version: newer.caseVersion });
      const effects = await sideEffects(caseId);

      // Both again, through JetStream: the consumer knows their ids and versions.
      await bed.publish(caseUpdatedV1, caseId, 'CHP', older.data, older);
      await bed.publish(caseTransferredV1, caseId, 'TAB', newer.data, newer);
      // A later event taken means the copies before it were handled.
      const marker = await bed.publish(caseAssignedV1, caseId, 'TAB', { officerId: 'opi-tab-0007' });
      await waitFor('the events before the marker handled', async () => (await bed.service.dataSource.query(`SELECT 1 FROM inbox WHERE event_id = $1`, [marker.id])).length === 1);
      expect((await recordRow(caseId)).row).toBe(before.row);
      expect(await sideEffects(caseId)).toEqual(effects);

      // An older version the record never saw reaches it anyway (an operator's replay, say): the
      // projector's own check keeps the record as it is, neither the screening flag nor the office.
      const retried: EventEnvelope<CaseUpdatedV1> = createEnvelope({
        name: caseUpdatedV1.name,
        caseId,
        officeCode: 'CHP',
        actor: { kind: 'officer', id: 'opi-test' },
        caseVersion: older.caseVersion,
        data: updated({ nationality: 'GT', screening: screening(true) }),
      });
      const records = bed.service.app.get(LegalRecordService);
      expect(await bed.service.dataSource.transaction((manager) => records.applyIntakeEvent(retried, manager))).toBe('stale');
      expect((await recordRow(caseId)).row).toBe(before.row);
      expect(await sideEffects(caseId)).toEqual(effects);
      expect((await bed.service.request('GET', `/v1/cases/${caseId}/legal`, { token: await tabOfficer() })).body).toMatchObject({
        officeCode: 'TAB',
        protection: { status: 'NOT_ASSESSED' },
        lock: { reasons: [] },
      });
    });

    it('never lets an older correction arriving after a newer one overwrite it', async () => {
      const caseId = await bed.register();
      const older = bed.envelope(caseUpdatedV1, caseId, 'CHP', updated({ nationality: 'SV', ageBand: '0-11', screening: screening(false) }));
      const newer = bed.envelope(caseUpdatedV1, caseId, 'CHP', updated({ nationality: 'HN', screening: screening(false) }));
      // Delivered out of order on purpose: the newer one first.
      await bed.publish(caseUpdatedV1, caseId, 'CHP', newer.data, newer);
      await bed.publish(caseUpdatedV1, caseId, 'CHP', older.data, older);
      await applied(caseId, [older, newer]);
      expect((await bed.service.request('GET', `/v1/cases/${caseId}/legal`, { token: officer })).body).toMatchObject({ ageBand: '12-17' });
      expect(await bed.service.dataSource.query(`SELECT nationality FROM legal_record WHERE case_id = $1`, [caseId])).toEqual([{ nationality: 'HN' }]);
    });

    it('identifies a protection need raised by a correction published after a transfer, and follows the later notification and hand-over', async () => {
      const caseId = await bed.register({ notified: false });
      const transfer = await bed.publish(caseTransferredV1, caseId, 'TAB', toTab);
      const correction = await bed.publish(caseUpdatedV1, caseId, 'TAB', updated({ nationality: 'HN', screening: screening(true) }));
      const notified = await bed.publish(procuraduriaNotifiedV1, caseId, 'TAB', { notifiedAt: new Date(Date.now() - 60_000).toISOString(), means: 'EMAIL', minutesSinceDetection: 90 });
      const channelled = await bed.publish(channelledToDifV1, caseId, 'TAB', {
        channelledAt: new Date().toISOString(),
        facilityType: 'DIF_SHELTER',
        protectionMeasureIssued: false,
        minutesSinceDetection: 120,
      });
      await applied(caseId, [transfer, correction, notified, channelled]);

      const view = await bed.service.request('GET', `/v1/cases/${caseId}/legal`, { token: await tabOfficer() });
      expect(view.body).toMatchObject({ officeCode: 'TAB', protection: { status: 'NEED_IDENTIFIED' }, lock: { returnLocked: true, reasons: ['NEED_FLAGGED'] } });
      const [protection] = await outboxEvents(bed.service, 'legal.protection.changed', caseId);
      expect(protection).toMatchObject({ subject: 'opis.legal-status.protection.changed.v1.TAB', payload: { data: { status: 'NEED_IDENTIFIED' } } });
      const [row] = await bed.service.dataSource.query(`SELECT procuraduria_notified_at IS NOT NULL AS notified FROM legal_record WHERE case_id = $1`, [caseId]);
      expect(row).toEqual({ notified: true });
      const duties = await bed.service.dataSource.query(`SELECT cause FROM inform_duty WHERE case_id = $1 ORDER BY cause`, [caseId]);
      expect(duties.map((duty: { cause: string }) => duty.cause)).toEqual(expect.arrayContaining(['CHANNELLED_TO_DIF', 'PROCURADURIA_NOTIFIED']));
    });

    // Needs the consumer that applies a case's events in caseVersion order (it holds the transfer
    // until the correction before it arrives); a copy alone would skip the correction as older.
    it('identifies a protection need raised by a correction written before a transfer but delivered after it', async () => {
      const caseId = await bed.register();
      const correction = bed.envelope(caseUpdatedV1, caseId, 'CHP', updated({ screening: screening(true) }));
      const transfer = bed.envelope(caseTransferredV1, caseId, 'TAB', toTab);
      await bed.publish(caseTransferredV1, caseId, 'TAB', transfer.data, transfer);
      await bed.publish(caseUpdatedV1, caseId, 'CHP', correction.data, correction);
      await applied(caseId, [correction, transfer]);
      expect((await bed.service.request('GET', `/v1/cases/${caseId}/legal`, { token: await tabOfficer() })).body).toMatchObject({
        officeCode: 'TAB',
        protection: { status: 'NEED_IDENTIFIED' },
        lock: { reasons: ['NEED_FLAGGED'] },
      });
    });
  });

  describe('the child’s words at rest (INF-01, INF-04)', () => {
    const views = 'Quiero quedarme con mi tía en Tapachula';
    const understood = 'Entendió que nadie la va a regresar mientras se decide; preguntó por su hermano';
    const withdrawalViews = 'Ya no quiero pedir refugio, quiero volver con mi abuela';
    const plaintexts = [views, understood, withdrawalViews];
    const sealedColumns = async (caseId: string): Promise<string[]> => {
      const rows: Array<{ value: string | null }> = await bed.service.dataSource.query(
        `SELECT understanding AS value FROM information_session WHERE case_id = $1
         UNION ALL SELECT child_views FROM information_session WHERE case_id = $1
         UNION ALL SELECT child_views FROM best_interests_record WHERE case_id = $1
         UNION ALL SELECT withdrawal_child_views FROM legal_record WHERE case_id = $1`,
        [caseId],
      );
      return rows.map((row) => row.value).filter((value): value is string => value !== null);
    };

    it('stores the child’s views and what the child understood encrypted, and shows them to authorised readers', async () => {
      const caseId = await bed.register();
      expect((await post(caseId, 'information-sessions', session('RIGHTS', { understanding: understood, childViews: views }))).status).toBe(201);
      expect((await post(caseId, 'best-interests', { ...plan('HUMANITARIAN_REGULARISATION'), type: 'BIA', childViews: views, documentReference: undefined })).status).toBe(201);
      await post(caseId, 'protection/claim', { filedAt: new Date().toISOString(), representative: 'Lic. R. Pérez', interpreterId: 'int-quc-7' });
      expect((await post(caseId, 'protection/withdrawal', { withdrawnAt: new Date().toISOString(), procuraduriaRepresentative: 'Lic. R. Pérez', childViews: withdrawalViews })).status).toBe(200);

      const stored = await sealedColumns(caseId);
      expect(stored).toHaveLength(4);
      for (const value of stored) {
        expect(value).toMatch(/^k1:[A-Za-z0-9_-]+$/);
        for (const plaintext of plaintexts) expect(value).not.toContain(plaintext.slice(0, 12));
      }
      const tables = await bed.service.dataSource.query(
        `SELECT string_agg(t::text, ' ') AS dump FROM (SELECT * FROM information_session WHERE case_id = $1) t
         UNION ALL SELECT string_agg(t::text, ' ') FROM (SELECT * FROM best_interests_record WHERE case_id = $1) t
         UNION ALL SELECT string_agg(t::text, ' ') FROM (SELECT * FROM legal_record WHERE case_id = $1) t
         UNION ALL SELECT string_agg(t::text, ' ') FROM (SELECT payload FROM outbox WHERE case_id = $1) t`,
        [caseId],
      );
      const dump = tables.map((row: { dump: string }) => row.dump).join(' ');
      for (const plaintext of plaintexts) expect(dump).not.toContain(plaintext);

      const view = await bed.service.request('GET', `/v1/cases/${caseId}/legal`, { token: await bed.service.token(['auditor'], ['CHP']) });
      expect(view.status).toBe(200);
      expect(view.body.informationSessions).toEqual([expect.objectContaining({ understanding: understood, childViews: views })]);
      expect(view.body.bestInterests).toEqual([expect.objectContaining({ type: 'BIA', childViews: views })]);
      expect((await bed.service.request('GET', `/v1/cases/${caseId}/legal`, { token: await bed.service.token(['officer'], ['TAB']) })).status).toBe(404);
    });

    it('seals what an earlier version stored in plaintext, once (the migration’s step)', async () => {
      const caseId = await bed.register();
      const sessionId = '0190f5c2-7d2a-7b3c-9d4e-000000000001';
      await bed.service.dataSource.query(
        `INSERT INTO information_session (id, case_id, topic, held_at, language, interpreter_id, material_used, understanding, child_views,
                                          fear_of_return_expressed, duration_minutes, recorded_by, recorded_at)
         VALUES ($1, $2, 'RIGHTS', now(), 'quc', 'int-quc-7', 'Texto 12-17', $3, $4, false, NULL, 'opi-test', now())`,
        [sessionId, caseId, understood, views],
      );
      const cipher = bed.service.app.get(FieldCipher);
      const query = (sql: string, parameters?: unknown[]) => bed.service.dataSource.query(sql, parameters);
      expect(await sealChildText(query, cipher)).toBe(2);
      expect(await sealChildText(query, cipher)).toBe(0);
      for (const value of await sealedColumns(caseId)) expect(value).toMatch(/^k1:/);
      const view = await bed.service.request('GET', `/v1/cases/${caseId}/legal`, { token: officer });
      expect(view.body.informationSessions).toEqual([expect.objectContaining({ id: sessionId, understanding: understood, childViews: views })]);
    });
  });

  describe('why a claim came late, at rest (IP-01)', () => {
    const justification = 'Tenía miedo de que me regresaran; el que me trajo me dijo que no hablara con nadie';
    const lateClaim = () => ({ filedAt: new Date().toISOString(), representative: 'Lic. R. Pérez', interpreterId: 'int-quc-7', lateFilingJustification: justification });
    // Detected 90 days ago: well past the 30 working days of IP-01, so the justification is asked for.
    const lateCase = () => bed.register({ detectedAt: new Date(Date.now() - 90 * 86_400_000).toISOString() });
    const stored = async (caseId: string): Promise<string> =>
      (await bed.service.dataSource.query(`SELECT claim_late_justification AS value FROM legal_record WHERE case_id = $1`, [caseId]))[0].value;

    it('stores the justification encrypted, shows it to authorised readers, and keeps it out of events and the audit trail', async () => {
      const caseId = await lateCase();
      const filed = await post(caseId, 'protection/claim', lateClaim());
      expect(filed.status).toBe(200);
      expect(filed.body.protection).toMatchObject({ status: 'CLAIM_PENDING', lateFilingJustification: justification });

      const value = await stored(caseId);
      expect(value).toMatch(/^k1:[A-Za-z0-9_-]+$/);
      expect(value).not.toContain(justification.slice(0, 12));
      const [{ dump }] = await bed.service.dataSource.query(
        `SELECT string_agg(t::text, ' ') AS dump FROM (SELECT payload::text FROM outbox WHERE case_id = $1 UNION ALL SELECT a::text FROM audit_log a WHERE case_id = $1) t`,
        [caseId],
      );
      expect(dump).not.toContain(justification.slice(0, 12));

      const view = await bed.service.request('GET', `/v1/cases/${caseId}/legal`, { token: await bed.service.token(['auditor'], ['CHP']) });
      expect(view.status).toBe(200);
      expect(view.body.protection.lateFilingJustification).toBe(justification);
      expect((await bed.service.request('GET', `/v1/cases/${caseId}/legal`, { token: await bed.service.token(['officer'], ['TAB']) })).status).toBe(404);
    });

    it('seals a justification an earlier version stored in clear, and a second run of the migration changes nothing', async () => {
      const caseId = await lateCase();
      expect((await post(caseId, 'protection/claim', lateClaim())).status).toBe(200);
      await bed.service.dataSource.query(`UPDATE legal_record SET claim_late_justification = $2 WHERE case_id = $1`, [caseId, justification]);
      const column = async () => bed.service.dataSource.query(`SELECT case_id, claim_late_justification FROM legal_record ORDER BY case_id`);

      const migration = new SealLateClaimJustification1766000000012(() => bed.service.app.get(FieldCipher));
      const runner = bed.service.dataSource.createQueryRunner();
      try {
        await migration.up(runner);
        const once = await column();
        await migration.up(runner);
        expect(await column()).toEqual(once);
      } finally {
        await runner.release();
      }

      expect(await stored(caseId)).toMatch(/^k1:[A-Za-z0-9_-]+$/);
      const [{ comment }] = await bed.service.dataSource.query(`SELECT col_description('legal_record'::regclass, attnum) AS comment FROM pg_attribute WHERE attrelid = 'legal_record'::regclass AND attname = 'claim_late_justification'`);
      expect(comment).toBe('sealed: FieldCipher, context legal_record.claim_late_justification:<case_id>');
      const view = await bed.service.request('GET', `/v1/cases/${caseId}/legal`, { token: officer });
      expect(view.body.protection.lateFilingJustification).toBe(justification);
    });
  });

  describe('the migration procedure (DOMAIN.md 4.4 a)', () => {
    it('refuses to open before the Procuraduría notification (LM-05), audited, nothing written', async () => {
      const caseId = await bed.register({ notified: false });
      const before = await written();
      const refused = await post(caseId, 'procedure/open');
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ code: 'PROCURADURIA_NOT_NOTIFIED', rule: 'LM-05' });
      expect(await written()).toEqual(before);
      expect(await auditTrail(bed.service, caseId, 'procedure.open')).toEqual([{ outcome: 'refused', reason: 'PROCURADURIA_NOT_NOTIFIED LM-05' }]);
    });

    it('resolves only with the plan, the GD-04 checklist, the child informed, and the plan’s measure or a supervisor’s override', async () => {
      const caseId = await bed.register();
      expect((await post(caseId, 'procedure/open')).body.procedure.status).toBe('PAM_OPEN');
      expect((await post(caseId, 'procedure/open')).status).toBe(409);
      expect((await post(caseId, 'procedure/plan-request')).body.procedure.status).toBe('AWAITING_PLAN');

      const noPlan = await post(caseId, 'procedure/resolution', { resolution: 'REGULARIZED_HUMANITARIAN' });
      expect(noPlan.status).toBe(422);
      expect(noPlan.body.rule).toBe('LM-06');

      const incompletePlan = await post(caseId, 'best-interests', { ...plan('HUMANITARIAN_REGULARISATION'), documentReference: undefined });
      expect(incompletePlan.status).toBe(422);
      expect(incompletePlan.body).toMatchObject({ code: 'PLAN_INCOMPLETE', rule: 'LM-06' });
      const recorded = await post(caseId, 'best-interests', plan('HUMANITARIAN_REGULARISATION'));
      expect(recorded.status).toBe(201);
      expect(recorded.body.procedure.status).toBe('PLAN_RECEIVED');
      expect((await outboxEvents(bed.service, 'legal.best-interests.recorded', caseId))[0].payload.data).toEqual({
        recordType: 'PLAN',
        recommendedMeasure: 'HUMANITARIAN_REGULARISATION',
        urgentMeasures: 1,
        decidedAt: expect.any(String),
      });

      const open = await post(caseId, 'procedure/resolution', { resolution: 'REGULARIZED_HUMANITARIAN' });
      expect(open.status).toBe(422);
      expect(open.body).toMatchObject({ code: 'DUE_PROCESS_INCOMPLETE', rule: 'GD-04' });
      expect(open.body.errors).toHaveLength(DUE_PROCESS_ITEMS.length);

      const waiver = await bed.service.request('PUT', `/v1/cases/${caseId}/procedure/checklist/INTERPRETER`, {
        token: officer,
        body: { ...evidence, notApplicable: true, notApplicableReason: 'Habla algo de español' },
      });
      expect(waiver.status).toBe(422);
      expect(waiver.body.rule).toBe('LM-18');
      for (const item of DUE_PROCESS_ITEMS) {
        const put = await bed.service.request('PUT', `/v1/cases/${caseId}/procedure/checklist/${item}`, { token: officer, body: evidence });
        expect(put.status).toBe(200);
      }
      const uninformed = await post(caseId, 'procedure/resolution', { resolution: 'REGULARIZED_HUMANITARIAN' });
      expect(uninformed.body).toMatchObject({ code: 'CHILD_NOT_INFORMED', rule: 'LM-16' });

      const noInterpreter = await post(caseId, 'information-sessions', session('MIGRATION_PROCEDURE', { interpreterId: undefined }));
      expect(noInterpreter.status).toBe(422);
      expect(noInterpreter.body.rule).toBe('LM-18');
      expect((await post(caseId, 'information-sessions', session('MIGRATION_PROCEDURE'))).status).toBe(201);
      const owed = await post(caseId, 'procedure/resolution', { resolution: 'REGULARIZED_HUMANITARIAN' });
      expect(owed.body).toMatchObject({ code: 'CHILD_NOT_INFORMED', rule: 'LM-16' });
      expect(owed.body.detail).toContain('PROCURADURIA_NOTIFICATION, RIGHTS');
      for (const topic of ['RIGHTS', 'PROCURADURIA_NOTIFICATION']) expect((await post(caseId, 'information-sessions', session(topic))).status).toBe(201);

      const detained = await post(caseId, 'procedure/resolution', { resolution: 'DETAINED' });
      expect(detained.status).toBe(422);
      expect(detained.body).toMatchObject({ code: 'CUSTODIAL_STATE_REFUSED', rule: 'LM-10' });
      const unknown = await post(caseId, 'procedure/resolution', { resolution: 'SOMETHING_ELSE' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.errors[0].message).toContain('LM-10');

      const mismatch = await post(caseId, 'procedure/resolution', { resolution: 'REUNIFICATION_IN_MEXICO' });
      expect(mismatch.body).toMatchObject({ code: 'RESOLUTION_DOES_NOT_MATCH_PLAN', rule: 'LM-06' });
      const notSupervisor = await post(caseId, 'procedure/resolution', { resolution: 'REUNIFICATION_IN_MEXICO', override: { reason: 'La tía en Tapachula fue verificada por DIF' } });
      expect(notSupervisor.body.code).toBe('OVERRIDE_NOT_SUPERVISOR');
      const override = { reason: 'La tía en Tapachula fue verificada por DIF' };
      const unweighed = await post(caseId, 'procedure/resolution', { resolution: 'REUNIFICATION_IN_MEXICO', override }, supervisor);
      expect(unweighed.body).toMatchObject({ status: 422, code: 'IMPACT_ASSESSMENT_MISSING', rule: 'GD-02', errors: [expect.objectContaining({ field: 'impactAssessment' })] });
      const before = await written();
      const impactAssessment = 'Vivir con su tía en Tapachula la mantiene en la escuela; se revisa en tres meses';
      const overridden = await post(caseId, 'procedure/resolution', { resolution: 'REUNIFICATION_IN_MEXICO', override, impactAssessment }, supervisor);
      expect(overridden.status).toBe(200);
      expect(overridden.body.procedure).toMatchObject({
        status: 'RESOLVED',
        resolution: 'REUNIFICATION_IN_MEXICO',
        overriddenBy: 'supervisor-CHP',
        overrideReason: override.reason,
        impactAssessment,
        planId: expect.any(String),
      });
      // The office's supervisors list it, with who and why; another office's do not; an officer may not list.
      const listed = await bed.service.request('GET', '/v1/procedure-overrides', { token: supervisor });
      expect(listed.status).toBe(200);
      expect(listed.body.items).toContainEqual(
        expect.objectContaining({ caseId, resolution: 'REUNIFICATION_IN_MEXICO', overriddenBy: 'supervisor-CHP', overrideReason: override.reason }),
      );
      const elsewhere = await bed.service.request('GET', '/v1/procedure-overrides', { token: await bed.service.token(['supervisor'], ['TAB']) });
      expect(elsewhere.body.items.map((item: { caseId: string }) => item.caseId)).not.toContain(caseId);
      expect((await bed.service.request('GET', '/v1/procedure-overrides', { token: officer })).status).toBe(403);
      const [sealed] = await bed.service.dataSource.query(`SELECT procedure_impact_assessment FROM legal_record WHERE case_id = $1`, [caseId]);
      expect(sealed.procedure_impact_assessment).not.toContain('Tapachula');
      expect(await written()).not.toEqual(before);
      const changes = await outboxEvents(bed.service, 'legal.procedure.changed', caseId);
      expect(changes.at(-1)?.payload.data).toEqual({ status: 'RESOLVED', previousStatus: 'PLAN_RECEIVED', resolution: 'REUNIFICATION_IN_MEXICO', overridden: true, stayStatus: 'VRH_CAUTELAR' });
      expect((await auditTrail(bed.service, caseId, 'procedure.resolve')).map((entry) => entry.reason)).toEqual([
        'PLAN_MISSING LM-06',
        'DUE_PROCESS_INCOMPLETE GD-04',
        'CHILD_NOT_INFORMED LM-16',
        'CHILD_NOT_INFORMED LM-16',
        'CUSTODIAL_STATE_REFUSED LM-10',
        'RESOLUTION_DOES_NOT_MATCH_PLAN LM-06',
        'OVERRIDE_NOT_SUPERVISOR LM-06',
        'IMPACT_ASSESSMENT_MISSING GD-02',
        null,
      ]);
    });
  });

  describe('international protection and the case-status lock (DOMAIN.md 4.4 b, INV-01, INV-06)', () => {
    const admin = () => bed.service.token(['national-admin'], [], 'admin-national');

    it('counts the 45 working days on the federal calendar, skipping holidays and an administrator’s suspension (IP-02, IP-08)', async () => {
      const caseId = await bed.register();
      const filedAt = new Date(Date.now() - 60_000);
      const claim = await post(caseId, 'protection/claim', { filedAt: filedAt.toISOString(), representative: 'Lic. R. Pérez (PPNNA)', interpreterId: 'int-quc-7' });
      expect(claim.status).toBe(200);
      const start = mexicoCityDate(filedAt);
      expect(claim.body.protection.decisionDueDate).toBe(new WorkingDayCalendar().addWorkingDays(start, 45));

      const holiday = '2099-01-05';
      expect((await bed.service.request('PUT', `/v1/calendar/holidays/${holiday}`, { token: officer, body: { description: 'x' } })).status).toBe(403);
      const from = new WorkingDayCalendar().addWorkingDays(start, 2);
      const to = new WorkingDayCalendar().addWorkingDays(start, 6);
      const suspension = await bed.service.request('POST', '/v1/calendar/suspensions', { token: await admin(), body: { from, to, legalBasis: 'Acuerdo COMAR DOF' } });
      expect(suspension.status).toBe(201);
      const bad = await bed.service.request('POST', '/v1/calendar/suspensions', { token: await admin(), body: { from: to, to: from, legalBasis: 'Acuerdo' } });
      expect(bad.status).toBe(400);
      const view = await bed.service.request('GET', `/v1/cases/${caseId}/legal`, { token: officer });
      expect(view.body.protection.decisionDueDate).toBe(new WorkingDayCalendar({ suspensions: [{ from, to }] }).addWorkingDays(start, 45));
      expect(view.body.protection.comarNoticeDueAt).toBe(new Date(filedAt.getTime() + 72 * 3_600_000).toISOString());

      expect((await post(caseId, 'protection/extension', { at: new Date().toISOString() })).status).toBe(200);
      const again = await post(caseId, 'protection/extension', { at: new Date().toISOString() });
      expect(again.status).toBe(409);
      expect(again.body.rule).toBe('IP-03');
    });

    it('asks reasons for a late claim and requires the representative, never refusing the claim itself (IP-01, IP-05)', async () => {
      const caseId = await bed.register({ detectedAt: new Date(Date.now() - 90 * 86_400_000).toISOString() });
      const base = { filedAt: new Date().toISOString(), interpreterId: 'int-quc-7' };
      expect((await post(caseId, 'protection/claim', base)).body).toMatchObject({ code: 'REPRESENTATIVE_REQUIRED', rule: 'IP-05' });
      const late = await post(caseId, 'protection/claim', { ...base, representative: 'Lic. R. Pérez' });
      expect(late.body).toMatchObject({ code: 'LATE_FILING_JUSTIFICATION_REQUIRED', rule: 'IP-01' });
      const accepted = await post(caseId, 'protection/claim', { ...base, representative: 'Lic. R. Pérez', lateFilingJustification: 'No sabía que podía pedir refugio' });
      expect(accepted.body.protection.status).toBe('CLAIM_PENDING');
    });

    it('answers case-status with each lock reason, and refuses callers without the right token', async () => {
      const service = await bed.service.token(['integration'], ['CHP'], 'svc-family-contact');
      const reasonsOf = async (caseId: string) => ((await bed.caseStatus(caseId, service)) as { reasons: string[] }).reasons;

      const clear = await bed.register();
      await expect(bed.caseStatus(clear, service)).resolves.toMatchObject({
        caseId: clear,
        returnLocked: false,
        consularContactLocked: false,
        reasons: [],
        protectionStatus: 'NOT_ASSESSED',
        bestInterestsRecommendsReturn: false,
      });

      const flagged = await bed.register();
      await post(flagged, 'protection/need', { source: 'OFFICER' });
      expect(await reasonsOf(flagged)).toEqual(['NEED_FLAGGED']);

      const claimed = await bed.register();
      await post(claimed, 'protection/claim', { filedAt: new Date().toISOString(), representative: 'Lic. R. Pérez', interpreterId: 'int-quc-7' });
      expect(await reasonsOf(claimed)).toEqual(['CLAIM_PENDING']);
      expect((await outboxEvents(bed.service, 'legal.protection.changed', claimed)).at(-1)?.payload.data).toMatchObject({ protectionClaimed: true, status: 'CLAIM_PENDING' });

      const withdrawal = await post(claimed, 'protection/withdrawal', { withdrawnAt: new Date().toISOString(), childViews: 'Quiero volver con mi abuela' });
      expect(withdrawal.body).toMatchObject({ code: 'WITHDRAWAL_SAFEGUARDS_MISSING', rule: 'INV-13' });

      await post(claimed, 'protection/decision', { decision: 'DENIED', decidedAt: new Date().toISOString() });
      expect(await reasonsOf(claimed)).toEqual(['APPEAL_WINDOW']);
      const early = await post(claimed, 'protection/appeal-window-closed');
      expect(early.body).toMatchObject({ code: 'APPEAL_WINDOW_OPEN', rule: 'IP-07' });
      await post(claimed, 'protection/appeal', { kind: 'REVISION', filedAt: new Date().toISOString() });
      expect(await reasonsOf(claimed)).toEqual(['APPEAL_PENDING']);
      await post(claimed, 'protection/appeal-decision', { outcome: 'COMPLEMENTARY_PROTECTION', decidedAt: new Date().toISOString() });
      expect(await reasonsOf(claimed)).toEqual(['PROTECTION_GRANTED']);

      const afraid = await bed.register();
      await post(afraid, 'information-sessions', session('RIGHTS', { fearOfReturnExpressed: true }));
      expect(await reasonsOf(afraid)).toEqual(['FEAR_OF_RETURN']);

      const withdrawn = await bed.register();
      await post(withdrawn, 'protection/claim', { filedAt: new Date().toISOString(), representative: 'Lic. R. Pérez', interpreterId: 'int-quc-7' });
      await post(withdrawn, 'protection/withdrawal', { withdrawnAt: new Date().toISOString(), procuraduriaRepresentative: 'Lic. R. Pérez', childViews: 'Quiero volver con mi abuela' });
      // RP-05, 4.4 b: no consulate either until a fresh determination recommends return.
      await expect(bed.caseStatus(withdrawn, service)).resolves.toMatchObject({ returnLocked: true, consularContactLocked: true, reasons: ['AWAITING_FRESH_BEST_INTERESTS'] });
      await post(withdrawn, 'best-interests', plan('ASSISTED_RETURN', new Date()));
      await expect(bed.caseStatus(withdrawn, service)).resolves.toMatchObject({ returnLocked: false, reasons: [], bestInterestsRecommendsReturn: true });
      expect((await outboxEvents(bed.service, 'legal.lock.changed', withdrawn)).map((event) => event.payload.data)).toEqual([
        { returnLocked: true, consularContactLocked: true, reasons: ['CLAIM_PENDING'], bestInterestsRecommendsReturn: false },
        { returnLocked: true, consularContactLocked: true, reasons: ['AWAITING_FRESH_BEST_INTERESTS'], bestInterestsRecommendsReturn: false },
        { returnLocked: false, consularContactLocked: false, reasons: [], bestInterestsRecommendsReturn: true },
      ]);

      await expect(bed.caseStatus(clear, await bed.service.token(['integration'], ['TAB'], 'svc-other'))).rejects.toMatchObject({ code: 'CASE_NOT_FOUND' });
      await expect(bed.caseStatus(clear, await bed.service.token(['auditor'], ['CHP'], 'auditor-1'))).rejects.toMatchObject({ kind: 'FORBIDDEN' });
      const forged = await createTestSigner().mint({ subject: 'svc-forged', roles: ['national'], offices: [] });
      await expect(bed.caseStatus(clear, forged)).rejects.toMatchObject({ kind: 'UNAUTHENTICATED' });
      expect((await auditTrail(bed.service, clear, 'case-status.read')).map((entry) => entry.outcome)).toEqual(['allowed', 'refused', 'refused', 'refused']);
    });
  });

  describe('informing the child (LM-16, INF-01, INV-11)', () => {
    it('raises one overdue event per duty to inform, and a session on the topic discharges it', async () => {
      const caseId = await bed.register();
      const duties = (await bed.service.request('GET', `/v1/cases/${caseId}/legal`, { token: officer })).body.informDuties;
      expect(duties.map((duty: { topic: string }) => duty.topic).sort()).toEqual(['PROCURADURIA_NOTIFICATION', 'RIGHTS']);
      await post(caseId, 'information-sessions', session('RIGHTS'));
      const scanner = bed.service.app.get(InformOverdueScanner);
      const later = new Date(Date.now() + 25 * 3_600_000);
      await scanner.runOnce(later);
      await scanner.runOnce(later);
      const overdue = await outboxEvents(bed.service, 'legal.inform.overdue', caseId);
      expect(overdue.map((event) => (event.payload.data as { topic: string }).topic)).toEqual(['PROCURADURIA_NOTIFICATION']);
      expect((await outboxEvents(bed.service, 'legal.child.informed', caseId))[0].payload.data).toMatchObject({ topic: 'RIGHTS', language: 'quc', interpreterUsed: true, dutiesDischarged: 1 });
    });

    it('serves the age-banded texts in Spanish and English, and an administrator adds a language', async () => {
      const all = await bed.service.request('GET', '/v1/explanations', { token: officer });
      expect(all.body).toMatchObject({ nextCursor: null });
      expect(all.body.items).toHaveLength(30);
      const one = await bed.service.request('GET', '/v1/explanations?topic=MIGRATION_PROCEDURE&ageBand=6-11&lang=spa', { token: officer });
      expect(one.body).toEqual({ items: [expect.objectContaining({ topic: 'MIGRATION_PROCEDURE', ageBand: '6-11', lang: 'spa', title: 'Papeles para estar en México' })], nextCursor: null });
      expect((await bed.service.request('GET', '/v1/explanations?lang=spanish', { token: officer })).status).toBe(400);
      const body = { title: 'Ri awujil', body: 'Xa jun kʼutbʼal: ri kʼaslemal rech ri akʼal, kʼo uchuqʼabʼ.' };
      expect((await bed.service.request('PUT', '/v1/explanations/RIGHTS/6-11/quc', { token: officer, body })).status).toBe(403);
      expect((await bed.service.request('PUT', '/v1/explanations/RIGHTS/6-11/quc', { token: await bed.service.token(['office-admin'], ['CHP']), body })).status).toBe(403);
      const put = await bed.service.request('PUT', '/v1/explanations/RIGHTS/6-11/quc', { token: await bed.service.token(['national-admin'], []), body });
      expect(put.status).toBe(200);
      expect((await bed.service.request('GET', '/v1/explanations?lang=quc', { token: officer })).body.items).toHaveLength(1);
    });
  });
});
