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
import { waitFor } from '@opis/testing';

import { LegalRecordService } from '../../src/records/legal-record.service';
import { legalStatusSpec, outboxEvents, registeredSample } from './legal-harness';

describe('legal-status: the record from intake’s case events', () => {
  const spec = legalStatusSpec('legal');

  const written = async () => [await spec.bed.service.count('outbox'), await spec.bed.service.count('due_process_item'), await spec.bed.service.count('best_interests_record')];

  describe('the record opens by itself (LM-03, LM-07, INV-12)', () => {
    it('opens with VRH-cautelar for every registered case, once, and a redelivery changes nothing', async () => {
      const caseId = await spec.bed.register({ notified: false });
      const view = await spec.bed.service.request('GET', `/v1/cases/${caseId}/legal`, { token: spec.officer });
      expect(view.status).toBe(200);
      expect(view.body).toMatchObject({ stayStatus: 'VRH_CAUTELAR', procedure: { status: 'VRH_CAUTELAR' }, protection: { status: 'NOT_ASSESSED' } });
      const [opened] = await outboxEvents(spec.bed.service, 'legal.record.opened', caseId);
      expect(opened.subject).toBe('opis.legal-status.record.opened.v1.CHP');
      expect(Object.keys(opened.payload.data).sort()).toEqual(['accompaniment', 'ageBand', 'nationality', 'procedureStatus', 'sex', 'stayStatus']);

      const before = await written();
      const envelope = await spec.bed.publish(caseRegisteredV2, caseId, 'CHP', registeredSample());
      await spec.bed.publish(caseRegisteredV2, caseId, 'CHP', registeredSample(), envelope);
      await waitFor('both deliveries handled', async () => (await spec.bed.service.dataSource.query(`SELECT 1 FROM inbox WHERE event_id = $1`, [envelope.id])).length === 1);
      expect(await written()).toEqual(before);
      expect(await spec.bed.service.count('legal_record')).toBeGreaterThan(0);
    });

    it('flags the need from intake’s screening and follows a transfer; another office’s case is 404', async () => {
      const caseId = await spec.bed.register({ screening: { ...registeredSample().screening, protectionNeedIndicated: true } });
      await waitFor('the screening applied', async () => (await spec.bed.service.dataSource.query(`SELECT protection_status FROM legal_record WHERE case_id = $1`, [caseId]))[0].protection_status === 'NEED_IDENTIFIED');
      const [lock] = await outboxEvents(spec.bed.service, 'legal.lock.changed', caseId);
      expect(lock.payload.data).toEqual({ returnLocked: true, consularContactLocked: true, reasons: ['NEED_FLAGGED'], bestInterestsRecommendsReturn: false });
      expect((await outboxEvents(spec.bed.service, 'legal.protection.changed', caseId))[0].payload.data).toMatchObject({ protectionClaimed: false, status: 'NEED_IDENTIFIED' });

      await spec.bed.publish(caseTransferredV1, caseId, 'TAB', { ageBand: '12-17', sex: 'F', nationality: 'GT', accompaniment: 'UNACCOMPANIED', fromOffice: 'CHP', toOffice: 'TAB' });
      await waitFor('the transfer applied', async () => (await spec.bed.service.dataSource.query(`SELECT office_code FROM legal_record WHERE case_id = $1`, [caseId]))[0].office_code === 'TAB');
      expect((await spec.bed.service.request('GET', `/v1/cases/${caseId}/legal`, { token: spec.officer })).status).toBe(404);
      expect((await spec.bed.service.request('GET', `/v1/cases/${caseId}/legal`, { token: await spec.bed.service.token(['officer'], ['TAB']) })).status).toBe(200);
    });
  });

  describe('intake events in case-version order', () => {
    const recordRow = async (caseId: string) =>
      (await spec.bed.service.dataSource.query(`SELECT row_to_json(r)::text AS row, intake_case_version, office_code FROM legal_record r WHERE case_id = $1`, [caseId]))[0];
    const sideEffects = async (caseId: string) => [
      await spec.bed.service.count('outbox'),
      (await spec.bed.service.dataSource.query(`SELECT count(*)::int AS n FROM inform_duty WHERE case_id = $1`, [caseId]))[0].n,
    ];
    /** The events of a case are taken (inbox rows) and the newest of them applied to the record. */
    const applied = async (caseId: string, envelopes: EventEnvelope[]) =>
      waitFor('the events taken, the newest applied', async () => {
        const taken = await spec.bed.service.dataSource.query(`SELECT count(*)::int AS n FROM inbox WHERE event_id = ANY($1::uuid[])`, [envelopes.map((e) => e.id)]);
        const newest = Math.max(...envelopes.map((e) => e.caseVersion));
        return taken[0].n === envelopes.length && (await recordRow(caseId)).intake_case_version === newest;
      });
    const updated = (overrides: Partial<CaseUpdatedV1>): CaseUpdatedV1 => ({ ...caseUpdatedV1.example, ageBand: '12-17', ...overrides }) as CaseUpdatedV1;
    const screening = (protectionNeedIndicated: boolean) => ({ ...caseUpdatedV1.example.screening, protectionNeedIndicated });
    const toTab = { ageBand: '12-17', sex: 'F', nationality: 'HN', accompaniment: 'UNACCOMPANIED', fromOffice: 'CHP', toOffice: 'TAB' } as const;
    const tabOfficer = () => spec.bed.service.token(['officer'], ['TAB']);

    it('a retried older event after a newer one, and the same event delivered twice, change nothing', async () => {
      const caseId = await spec.bed.register();
      const older = await spec.bed.publish(caseUpdatedV1, caseId, 'CHP', updated({ nationality: 'SV', screening: screening(false) }));
      const newer = await spec.bed.publish(caseTransferredV1, caseId, 'TAB', toTab);
      await applied(caseId, [older, newer]);
      const before = await recordRow(caseId);
      expect(before).toMatchObject({ office_code: 'TAB', intake_case_version: newer.caseVersion });
      const effects = await sideEffects(caseId);

      // Both again, through JetStream: the consumer knows their ids and versions.
      await spec.bed.publish(caseUpdatedV1, caseId, 'CHP', older.data, older);
      await spec.bed.publish(caseTransferredV1, caseId, 'TAB', newer.data, newer);
      // A later event taken means the copies before it were handled.
      const marker = await spec.bed.publish(caseAssignedV1, caseId, 'TAB', { officerId: 'opi-tab-0007' });
      await waitFor('the events before the marker handled', async () => (await spec.bed.service.dataSource.query(`SELECT 1 FROM inbox WHERE event_id = $1`, [marker.id])).length === 1);
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
      const records = spec.bed.service.app.get(LegalRecordService);
      expect(await spec.bed.service.dataSource.transaction((manager) => records.applyIntakeEvent(retried, manager))).toBe('stale');
      expect((await recordRow(caseId)).row).toBe(before.row);
      expect(await sideEffects(caseId)).toEqual(effects);
      expect((await spec.bed.service.request('GET', `/v1/cases/${caseId}/legal`, { token: await tabOfficer() })).body).toMatchObject({
        officeCode: 'TAB',
        protection: { status: 'NOT_ASSESSED' },
        lock: { reasons: [] },
      });
    });

    it('never lets an older correction arriving after a newer one overwrite it', async () => {
      const caseId = await spec.bed.register();
      const older = spec.bed.envelope(caseUpdatedV1, caseId, 'CHP', updated({ nationality: 'SV', ageBand: '0-11', screening: screening(false) }));
      const newer = spec.bed.envelope(caseUpdatedV1, caseId, 'CHP', updated({ nationality: 'HN', screening: screening(false) }));
      // Delivered out of order on purpose: the newer one first.
      await spec.bed.publish(caseUpdatedV1, caseId, 'CHP', newer.data, newer);
      await spec.bed.publish(caseUpdatedV1, caseId, 'CHP', older.data, older);
      await applied(caseId, [older, newer]);
      expect((await spec.bed.service.request('GET', `/v1/cases/${caseId}/legal`, { token: spec.officer })).body).toMatchObject({ ageBand: '12-17' });
      expect(await spec.bed.service.dataSource.query(`SELECT nationality FROM legal_record WHERE case_id = $1`, [caseId])).toEqual([{ nationality: 'HN' }]);
    });

    it('identifies a protection need raised by a correction published after a transfer, and follows the later notification and hand-over', async () => {
      const caseId = await spec.bed.register({ notified: false });
      const transfer = await spec.bed.publish(caseTransferredV1, caseId, 'TAB', toTab);
      const correction = await spec.bed.publish(caseUpdatedV1, caseId, 'TAB', updated({ nationality: 'HN', screening: screening(true) }));
      const notified = await spec.bed.publish(procuraduriaNotifiedV1, caseId, 'TAB', { notifiedAt: new Date(Date.now() - 60_000).toISOString(), means: 'EMAIL', minutesSinceDetection: 90 });
      const channelled = await spec.bed.publish(channelledToDifV1, caseId, 'TAB', {
        channelledAt: new Date().toISOString(),
        facilityType: 'DIF_SHELTER',
        protectionMeasureIssued: false,
        minutesSinceDetection: 120,
      });
      await applied(caseId, [transfer, correction, notified, channelled]);

      const view = await spec.bed.service.request('GET', `/v1/cases/${caseId}/legal`, { token: await tabOfficer() });
      expect(view.body).toMatchObject({ officeCode: 'TAB', protection: { status: 'NEED_IDENTIFIED' }, lock: { returnLocked: true, reasons: ['NEED_FLAGGED'] } });
      const [protection] = await outboxEvents(spec.bed.service, 'legal.protection.changed', caseId);
      expect(protection).toMatchObject({ subject: 'opis.legal-status.protection.changed.v1.TAB', payload: { data: { status: 'NEED_IDENTIFIED' } } });
      const [row] = await spec.bed.service.dataSource.query(`SELECT procuraduria_notified_at IS NOT NULL AS notified FROM legal_record WHERE case_id = $1`, [caseId]);
      expect(row).toEqual({ notified: true });
      const duties = await spec.bed.service.dataSource.query(`SELECT cause FROM inform_duty WHERE case_id = $1 ORDER BY cause`, [caseId]);
      expect(duties.map((duty: { cause: string }) => duty.cause)).toEqual(expect.arrayContaining(['CHANNELLED_TO_DIF', 'PROCURADURIA_NOTIFIED']));
    });

    // Needs the consumer that applies a case's events in caseVersion order (it holds the transfer
    // until the correction before it arrives); a copy alone would skip the correction as older.
    it('identifies a protection need raised by a correction written before a transfer but delivered after it', async () => {
      const caseId = await spec.bed.register();
      const correction = spec.bed.envelope(caseUpdatedV1, caseId, 'CHP', updated({ screening: screening(true) }));
      const transfer = spec.bed.envelope(caseTransferredV1, caseId, 'TAB', toTab);
      await spec.bed.publish(caseTransferredV1, caseId, 'TAB', transfer.data, transfer);
      await spec.bed.publish(caseUpdatedV1, caseId, 'CHP', correction.data, correction);
      await applied(caseId, [correction, transfer]);
      expect((await spec.bed.service.request('GET', `/v1/cases/${caseId}/legal`, { token: await tabOfficer() })).body).toMatchObject({
        officeCode: 'TAB',
        protection: { status: 'NEED_IDENTIFIED' },
        lock: { reasons: ['NEED_FLAGGED'] },
      });
    });
  });

});
