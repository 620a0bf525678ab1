import 'reflect-metadata';

import { jetstreamManager } from '@nats-io/jetstream';

import { uuidv7 } from '@opis/contracts-envelope';
import { caseExitedAdultFlowV1, caseRegisteredV2, caseTransferredV1, caseUpdatedV1, CaseUpdatedV1 } from '@opis/contracts-intake';
import { waitFor } from '@opis/testing';

import { FirstCallScanner } from '../../src/deadlines/first-call-scanner.service';
import { auditTrail, contactBody, familyContactSpec, outboxEvents, registeredSample } from './family-harness';

describe('family-contact: the record from intake’s events, its tracing and its first-call clock', () => {
  const spec = familyContactSpec('family');

  const post = (path: string, body: unknown, token = spec.officer) => spec.bed.service.request('POST', path, { token, body });
  const get = (path: string, token = spec.officer) => spec.bed.service.request('GET', path, { token });

  it('opens one record per registered case, and a redelivered registration changes nothing', async () => {
    const caseId = uuidv7();
    const envelope = spec.bed.envelope(caseRegisteredV2, caseId, 'CHP', registeredSample());
    await spec.bed.publish(caseRegisteredV2, caseId, 'CHP', envelope.data, envelope);
    await spec.bed.publish(caseRegisteredV2, caseId, 'CHP', envelope.data, envelope);
    await waitFor('both deliveries handled', async () => {
      const [row] = await spec.bed.service.dataSource.query(
        `SELECT event_id AS last_event_id FROM inbox WHERE consumer = 'family-contact-intake-cases' ORDER BY stream_sequence DESC LIMIT 1`,
      );
      const info = await spec.bed.service.dataSource.query(`SELECT count(*)::int AS n FROM inbox WHERE event_id = $1`, [envelope.id]);
      return row?.last_event_id === envelope.id && info[0].n === 1;
    });
    const jsm = await jetstreamManager(spec.bed.nc);
    const consumerInfo = () => jsm.consumers.info(`${spec.bed.service.namespace}_OPIS_INTAKE`, 'family-contact-intake-cases');
    await waitFor('the redelivery acknowledged', async () => (await consumerInfo()).num_ack_pending === 0);
    expect((await consumerInfo()).delivered.stream_seq).toBeGreaterThanOrEqual(2);
    expect(await spec.bed.service.dataSource.query(`SELECT count(*)::int AS n FROM family_record WHERE case_id = $1`, [caseId])).toEqual([{ n: 1 }]);
    const opened = await outboxEvents(spec.bed.service, 'family.record.opened', caseId);
    expect(opened).toHaveLength(1);
    expect(opened[0].subject).toBe('opis.family-contact.record.opened.v1.CHP');
    expect(opened[0].payload.correlationId).toBe(envelope.id);

    const record = await get(`/v1/cases/${caseId}/family`);
    expect(record.status).toBe(200);
    expect(record.body).toMatchObject({ caseId, status: 'NOT_STARTED', officeCode: 'CHP', firstCall: { state: 'PENDING' } });
  });

  it('concludes tracing as NOT_LOCATED only after the configured days of tracing', async () => {
    const notTracing = await spec.bed.register();
    expect((await post(`/v1/cases/${notTracing}/tracing/not-located`, undefined)).body).toMatchObject({ status: 409, code: 'NOT_TRACING' });

    const recent = await spec.bed.register();
    const today = { channel: 'RED_CROSS_FAMILY_LINKS', outcome: 'NO_RESULT', attemptedAt: new Date().toISOString() };
    expect((await post(`/v1/cases/${recent}/tracing-attempts`, today)).status).toBe(200);
    const tooEarly = await post(`/v1/cases/${recent}/tracing/not-located`, undefined);
    expect(tooEarly.status).toBe(422);
    expect(tooEarly.body.code).toBe('TRACING_TOO_RECENT');
    expect((await get(`/v1/cases/${recent}/family`)).body.status).toBe('TRACING');

    // Detected over a month ago: tracing began then, never before the case did.
    const long = await spec.bed.register({ detectedAt: new Date(Date.now() - 32 * 86_400_000).toISOString() });
    const monthAgo = { channel: 'DIF_NETWORK', outcome: 'NO_RESULT', attemptedAt: new Date(Date.now() - 31 * 86_400_000).toISOString() };
    expect((await post(`/v1/cases/${recent}/tracing-attempts`, monthAgo)).body).toMatchObject({ status: 400, errors: [{ field: 'attemptedAt', rule: 'notBeforeCase' }] });
    expect((await post(`/v1/cases/${long}/tracing-attempts`, monthAgo)).status).toBe(200);
    const otherOffice = await spec.bed.service.token(['officer'], ['TAB']);
    expect((await post(`/v1/cases/${long}/tracing/not-located`, undefined, otherOffice)).status).toBe(404);
    const concluded = await post(`/v1/cases/${long}/tracing/not-located`, undefined);
    expect(concluded.status).toBe(200);
    expect(concluded.body.status).toBe('NOT_LOCATED');
    expect(await auditTrail(spec.bed.service, long, 'tracing.not-located')).toEqual([
      expect.objectContaining({ actor_subject: 'officer-TAB', outcome: 'refused', reason: 'CASE_NOT_FOUND' }),
      expect.objectContaining({ actor_subject: 'officer-CHP', outcome: 'allowed' }),
    ]);
  });

  it('follows a transfer: the new office sees the case, the old one gets 404', async () => {
    const caseId = await spec.bed.register();
    await spec.bed.publish(caseTransferredV1, caseId, 'TAB', { ...caseTransferredV1.example, fromOffice: 'CHP', toOffice: 'TAB' });
    const tab = await spec.bed.service.token(['officer'], ['TAB']);
    await waitFor('the transfer applied', async () => (await get(`/v1/cases/${caseId}/family`, tab)).status === 200);
    expect((await get(`/v1/cases/${caseId}/family`)).status).toBe(404);
    expect((await post(`/v1/cases/${caseId}/contacts`, contactBody())).status).toBe(404);
    expect(await spec.bed.service.count('family_contact')).toBe(0);
  });

  it('never lets an older correction arriving after a newer one overwrite it', async () => {
    const caseId = await spec.bed.register();
    const correction = (data: Partial<CaseUpdatedV1>) => spec.bed.envelope(caseUpdatedV1, caseId, 'CHP', { ...caseUpdatedV1.example, ...data });
    const older = correction({ nationality: 'SV', screening: { ...caseUpdatedV1.example.screening, protectionNeedIndicated: true } });
    const newer = correction({ nationality: 'HN', screening: { ...caseUpdatedV1.example.screening, protectionNeedIndicated: false } });
    // Delivered out of order on purpose: the newer one first.
    await spec.bed.publish(caseUpdatedV1, caseId, 'CHP', newer.data, newer);
    await spec.bed.publish(caseUpdatedV1, caseId, 'CHP', older.data, older);
    await waitFor('both taken, the newer one applied', async () => {
      const taken = await spec.bed.service.dataSource.query(`SELECT count(*)::int AS n FROM inbox WHERE event_id = ANY($1::uuid[])`, [[older.id, newer.id]]);
      const [record] = await spec.bed.service.dataSource.query(`SELECT intake_case_version FROM family_record WHERE case_id = $1`, [caseId]);
      return taken[0].n === 2 && record.intake_case_version === newer.caseVersion;
    });
    expect((await get(`/v1/cases/${caseId}/family`)).body).toMatchObject({ nationality: 'HN', protection: { needIndicated: false } });
  });

  it("raises no first-call alert for a person a competent authority found to be an adult (GD-12): the child's clock stopped", async () => {
    const adult = await spec.bed.register();
    const exitedAt = new Date().toISOString();
    await spec.bed.legalEvent(caseExitedAdultFlowV1, adult, { ...caseExitedAdultFlowV1.example, authority: 'PROCURADURIA', exitedAt, determinedAt: exitedAt });
    expect(await spec.bed.service.dataSource.query(`SELECT child_flow_exited_at IS NOT NULL AS exited FROM family_record WHERE case_id = $1`, [adult])).toEqual([{ exited: true }]);
    const afterDeadline = new Date(Date.now() + (spec.bed.service.config.FIRST_CALL_DEADLINE_MINUTES + 1) * 60_000);
    await spec.bed.service.app.get(FirstCallScanner).runOnce(afterDeadline);
    expect(await outboxEvents(spec.bed.service, 'family.call.overdue', adult)).toHaveLength(0);
  });

  it('raises family.call.overdue once for a case whose first call is late, and not for one that had its call', async () => {
    const late = await spec.bed.register();
    const called = await spec.bed.register();
    await post(`/v1/cases/${called}/calls`, { dialledBy: 'OFFICER', calledAt: new Date().toISOString(), durationSeconds: 0, outcome: 'REFUSED_BY_CHILD' });
    const scanner = spec.bed.service.app.get(FirstCallScanner);
    const afterDeadline = new Date(Date.now() + (spec.bed.service.config.FIRST_CALL_DEADLINE_MINUTES + 1) * 60_000);
    expect(await scanner.runOnce(afterDeadline)).toBeGreaterThanOrEqual(1);
    expect(await scanner.runOnce(afterDeadline)).toBe(0);
    expect(await outboxEvents(spec.bed.service, 'family.call.overdue', late)).toHaveLength(1);
    expect(await outboxEvents(spec.bed.service, 'family.call.overdue', called)).toHaveLength(0);
  });
});
