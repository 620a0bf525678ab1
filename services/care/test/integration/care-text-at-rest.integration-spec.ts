import { uuidv7 } from '@opis/contracts-envelope';
import { FieldCipher, FieldDecryptionError } from '@opis/platform';

import { CareSealChildFreeText1766000000000, sealCareText } from '../../src/migrations/1766000000000-care-seal-child-free-text';
import { CareTextCipher } from '../../src/records/care-text.cipher';
import { CareTestBed, startCareTestBed } from './care-harness';

const SEALED = /^k1:[A-Za-z0-9_-]+$/;

/** Issue 19: what care writes about the child's health and harm is unreadable in its database. */
describe('care: the child’s free text at rest', () => {
  let bed: CareTestBed;
  let officer: string;

  beforeAll(async () => {
    bed = await startCareTestBed('care-text-at-rest');
    officer = await bed.care.token(['officer'], ['CHP'], 'opi-chp-0019');
  });

  afterAll(async () => {
    await bed?.close();
  });

  const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
  const post = (path: string, body: unknown) => bed.care.request('POST', path, { token: officer, body });
  const read = async (caseId: string, token = officer) => bed.care.request('GET', `/v1/cases/${caseId}`, { token });
  const storedText = async (caseId: string): Promise<Array<{ place: string; id: string; value: string }>> =>
    bed.care.dataSource.query(
      `SELECT 'health_screening.notes' AS place, id, notes AS value FROM health_screening WHERE case_id = $1 AND notes IS NOT NULL
       UNION ALL SELECT 'incident.notes', id, notes FROM incident WHERE case_id = $1 AND notes IS NOT NULL
       UNION ALL SELECT 'care_delivery.notes', id, notes FROM care_delivery WHERE case_id = $1 AND notes IS NOT NULL
       UNION ALL SELECT 'care_delivery.provided', id, provided FROM care_delivery WHERE case_id = $1
       ORDER BY 1, 2`,
      [caseId],
    );
  /** Every row the case has in every table care writes to, and the events it wrote, as text. */
  const everythingStored = async (caseId: string): Promise<string> => {
    const rows: Array<{ dump: string | null }> = await bed.care.dataSource.query(
      `SELECT string_agg(t::text, ' ') AS dump FROM (SELECT * FROM health_screening WHERE case_id = $1) t
       UNION ALL SELECT string_agg(t::text, ' ') FROM (SELECT * FROM incident WHERE case_id = $1) t
       UNION ALL SELECT string_agg(t::text, ' ') FROM (SELECT * FROM care_delivery WHERE case_id = $1) t
       UNION ALL SELECT string_agg(t::text, ' ') FROM (SELECT * FROM medical_referral WHERE case_id = $1) t
       UNION ALL SELECT string_agg(t::text, ' ') FROM (SELECT * FROM outbox WHERE case_id = $1) t
       UNION ALL SELECT string_agg(t::text, ' ') FROM (SELECT * FROM audit_log WHERE case_id = $1) t`,
      [caseId],
    );
    return rows.map((row) => row.dump ?? '').join(' ');
  };

  const health = 'Moretones en brazos y espalda; refiere dolor al respirar';
  const disclosure = 'Dice que el guía la golpeaba y que la encerraron en una bodega en Tenosique';
  const support = 'Primeros auxilios psicológicos: escucha tras su relato de la bodega';
  const supportNotes = 'Llora al hablar de su hermana, que se quedó con el guía';

  /** A case with a screening, an abuse disclosure and psychological first aid, each with its words. */
  async function caseWithAccounts(): Promise<string> {
    const caseId = await bed.openRecord();
    const screening = await post(`/v1/cases/${caseId}/health-screenings`, {
      screenedAt: ago(40),
      urgentReferral: true,
      chronicCondition: false,
      pregnancyFollowUp: false,
      disabilitySupport: false,
      notes: health,
    });
    expect(screening.status).toBe(200);
    const incident = await post(`/v1/cases/${caseId}/incidents`, {
      type: 'ABUSE_DISCLOSURE',
      severity: 'SERIOUS',
      occurredAt: ago(30),
      notes: disclosure,
      protectionConcern: 'PROTECTION_NEED',
    });
    expect(incident.status).toBe(200);
    const aid = await post(`/v1/cases/${caseId}/needs/PSYCHOLOGICAL_FIRST_AID/deliveries`, { deliveredAt: ago(20), provided: support, notes: supportNotes });
    expect(aid.status).toBe(200);
    return caseId;
  }

  it('stores every account encrypted, bound to its row, and nowhere else in clear (events, audit)', async () => {
    const caseId = await caseWithAccounts();
    const stored = await storedText(caseId);
    // The screening's own HEALTH delivery is sealed too: `provided` is one column, whatever wrote it.
    expect(stored.map((row) => row.place)).toEqual([
      'care_delivery.notes',
      'care_delivery.provided',
      'care_delivery.provided',
      'health_screening.notes',
      'incident.notes',
    ]);
    for (const row of stored) {
      expect(row.value).toMatch(SEALED);
      for (const words of [health, disclosure, support, supportNotes]) expect(row.value).not.toContain(words.slice(0, 10));
    }
    const everything = await everythingStored(caseId);
    for (const words of [health, disclosure, support, supportNotes]) expect(everything).not.toContain(words);
    expect(everything).not.toMatch(/guía|bodega|Tenosique|Moretones/);
  });

  it('shows the words to authorised readers of the case, and to nobody of another office', async () => {
    const caseId = await caseWithAccounts();
    const view = await read(caseId, await bed.care.token(['auditor'], ['CHP'], 'aud-chp-0001'));
    expect(view.status).toBe(200);
    expect(view.body.healthScreenings).toEqual([expect.objectContaining({ urgentReferral: true, notes: health })]);
    expect(view.body.incidents).toEqual([expect.objectContaining({ type: 'ABUSE_DISCLOSURE', notes: disclosure, protectionConcern: 'PROTECTION_NEED' })]);
    const needs = Object.fromEntries(view.body.needs.map((need: { need: string; deliveries: unknown[] }) => [need.need, need.deliveries]));
    expect(needs.PSYCHOLOGICAL_FIRST_AID).toEqual([expect.objectContaining({ provided: support, notes: supportNotes })]);
    expect(needs.HEALTH).toEqual([expect.objectContaining({ provided: 'health screening', notes: null })]);

    const elsewhere = await read(caseId, await bed.care.token(['officer'], ['TAB'], 'opi-tab-0001'));
    expect(elsewhere.status).toBe(404);
    expect(JSON.stringify(elsewhere.body)).not.toContain(disclosure);
  });

  it('refuses a ciphertext copied into another row or another column', async () => {
    const caseId = await caseWithAccounts();
    const other = await caseWithAccounts();
    const text = bed.care.app.get(CareTextCipher);
    const [source] = await bed.care.dataSource.query(`SELECT id, notes FROM incident WHERE case_id = $1`, [caseId]);
    const [target] = await bed.care.dataSource.query(`SELECT id FROM incident WHERE case_id = $1`, [other]);
    const [screening] = await bed.care.dataSource.query(`SELECT id FROM health_screening WHERE case_id = $1`, [caseId]);

    expect(text.open('incident.notes', source.id, source.notes)).toBe(disclosure);
    expect(() => text.open('incident.notes', target.id, source.notes)).toThrow(FieldDecryptionError);
    expect(() => text.open('health_screening.notes', screening.id, source.notes)).toThrow(FieldDecryptionError);

    // Copied in the database, the account does not come out of the other child's record.
    await bed.care.dataSource.query(`UPDATE incident SET notes = $2 WHERE id = $1`, [target.id, source.notes]);
    const view = await read(other);
    expect(view.status).not.toBe(200);
    expect(JSON.stringify(view.body)).not.toContain(disclosure);
  });

  it('seals what an earlier version stored in clear (the migration), once, and leaves sealed rows alone', async () => {
    const caseId = await bed.openRecord();
    const [screeningId, incidentId, deliveryId] = [uuidv7(), uuidv7(), uuidv7()];
    await bed.care.dataSource.query(
      `INSERT INTO health_screening (id, case_id, screened_at, screened_by, urgent_referral, chronic_condition, pregnancy_follow_up, disability_support, notes, recorded_at)
       VALUES ($1, $2, now(), 'opi-old', false, true, false, false, $3, now())`,
      [screeningId, caseId, health],
    );
    await bed.care.dataSource.query(
      `INSERT INTO incident (id, case_id, type, severity, serious, occurred_at, reported_by, notes, recorded_at)
       VALUES ($1, $2, 'ABUSE_DISCLOSURE', 'SERIOUS', true, now(), 'opi-old', $3, now())`,
      [incidentId, caseId, disclosure],
    );
    await bed.care.dataSource.query(
      `INSERT INTO care_delivery (id, case_id, need, delivered_at, delivered_by, provided, notes, recorded_at)
       VALUES ($1, $2, 'PSYCHOLOGICAL_FIRST_AID', now(), 'opi-old', $3, $4, now())`,
      [deliveryId, caseId, support, supportNotes],
    );
    const sealedBefore = await caseWithAccounts();
    const untouched = await storedText(sealedBefore);

    const cipher = bed.care.app.get(FieldCipher);
    const runner = bed.care.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await new CareSealChildFreeText1766000000000(() => cipher).up(runner);
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }

    const stored = await storedText(caseId);
    expect(stored).toHaveLength(4);
    for (const row of stored) expect(row.value).toMatch(SEALED);
    expect(await storedText(sealedBefore)).toEqual(untouched);
    expect(await sealCareText((sql, parameters) => bed.care.dataSource.query(sql, parameters), cipher)).toBe(0);
    const [comment] = await bed.care.dataSource.query(`SELECT col_description('incident'::regclass, attnum) AS text FROM pg_attribute WHERE attrelid = 'incident'::regclass AND attname = 'notes'`);
    expect(comment.text).toBe('sealed: FieldCipher, context incident.notes:<id>');

    const view = await read(caseId);
    expect(view.status).toBe(200);
    expect(view.body.healthScreenings).toEqual([expect.objectContaining({ id: screeningId, notes: health })]);
    expect(view.body.incidents).toEqual([expect.objectContaining({ id: incidentId, notes: disclosure })]);
    const aid = view.body.needs.find((need: { need: string }) => need.need === 'PSYCHOLOGICAL_FIRST_AID');
    expect(aid.deliveries).toEqual([expect.objectContaining({ id: deliveryId, provided: support, notes: supportNotes })]);
  });
});
