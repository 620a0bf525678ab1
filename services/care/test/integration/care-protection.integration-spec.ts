import { jetstreamManager } from '@nats-io/jetstream';

import { careIncidentReportedV1 } from '@opis/contracts-care';
import { EventEnvelope, eventSubject, streamName, validateEvent } from '@opis/contracts-envelope';
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
      expect(fear.status).toBe(201);
      const need = await post(`/v1/cases/${caseId}/incidents`, { type: 'THREAT', severity: 'MODERATE', occurredAt: ago(20), protectionConcern: 'PROTECTION_NEED' });
      expect(need.status).toBe(201);
      const plain = await post(`/v1/cases/${caseId}/incidents`, { type: 'INJURY', severity: 'MINOR', occurredAt: ago(10) });
      expect(plain.status).toBe(201);

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
});
