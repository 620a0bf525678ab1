import 'reflect-metadata';

import { FieldCipher } from '@opis/platform';

import { sealChildText } from '../../src/migrations/1764490000002-seal-child-free-text';
import { SealLateClaimJustification1766000000012 } from '../../src/migrations/1766000000012-seal-late-claim-justification';
import { plan, session } from './legal-fixtures';
import { legalStatusSpec } from './legal-harness';

describe('legal-status: the child’s words and a late claim’s reasons at rest', () => {
  const spec = legalStatusSpec('legal-sealed');

  const post = (caseId: string, path: string, body: unknown = {}, token = spec.officer) =>
    spec.bed.service.request('POST', `/v1/cases/${caseId}/${path}`, { token, body });

  describe('the child’s words at rest (INF-01, INF-04)', () => {
    const views = 'Quiero quedarme con mi tía en Tapachula';
    const understood = 'Entendió que nadie la va a regresar mientras se decide; preguntó por su hermano';
    const withdrawalViews = 'Ya no quiero pedir refugio, quiero volver con mi abuela';
    const plaintexts = [views, understood, withdrawalViews];
    const sealedColumns = async (caseId: string): Promise<string[]> => {
      const rows: Array<{ value: string | null }> = await spec.bed.service.dataSource.query(
        `SELECT understanding AS value FROM information_session WHERE case_id = $1
         UNION ALL SELECT child_views FROM information_session WHERE case_id = $1
         UNION ALL SELECT child_views FROM best_interests_record WHERE case_id = $1
         UNION ALL SELECT withdrawal_child_views FROM legal_record WHERE case_id = $1`,
        [caseId],
      );
      return rows.map((row) => row.value).filter((value): value is string => value !== null);
    };

    it('stores the child’s views and what the child understood encrypted, and shows them to authorised readers', async () => {
      const caseId = await spec.bed.register();
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
      const tables = await spec.bed.service.dataSource.query(
        `SELECT string_agg(t::text, ' ') AS dump FROM (SELECT * FROM information_session WHERE case_id = $1) t
         UNION ALL SELECT string_agg(t::text, ' ') FROM (SELECT * FROM best_interests_record WHERE case_id = $1) t
         UNION ALL SELECT string_agg(t::text, ' ') FROM (SELECT * FROM legal_record WHERE case_id = $1) t
         UNION ALL SELECT string_agg(t::text, ' ') FROM (SELECT payload FROM outbox WHERE case_id = $1) t`,
        [caseId],
      );
      const dump = tables.map((row: { dump: string }) => row.dump).join(' ');
      for (const plaintext of plaintexts) expect(dump).not.toContain(plaintext);

      const view = await spec.bed.service.request('GET', `/v1/cases/${caseId}/legal`, { token: await spec.bed.service.token(['auditor'], ['CHP']) });
      expect(view.status).toBe(200);
      expect(view.body.informationSessions).toEqual([expect.objectContaining({ understanding: understood, childViews: views })]);
      expect(view.body.bestInterests).toEqual([expect.objectContaining({ type: 'BIA', childViews: views })]);
      expect((await spec.bed.service.request('GET', `/v1/cases/${caseId}/legal`, { token: await spec.bed.service.token(['officer'], ['TAB']) })).status).toBe(404);
    });

    it('seals what an earlier version stored in plaintext, once (the migration’s step)', async () => {
      const caseId = await spec.bed.register();
      const sessionId = '0190f5c2-7d2a-7b3c-9d4e-000000000001';
      await spec.bed.service.dataSource.query(
        `INSERT INTO information_session (id, case_id, topic, held_at, language, interpreter_id, material_used, understanding, child_views,
                                          fear_of_return_expressed, duration_minutes, recorded_by, recorded_at)
         VALUES ($1, $2, 'RIGHTS', now(), 'quc', 'int-quc-7', 'Texto 12-17', $3, $4, false, NULL, 'opi-test', now())`,
        [sessionId, caseId, understood, views],
      );
      const cipher = spec.bed.service.app.get(FieldCipher);
      const query = (sql: string, parameters?: unknown[]) => spec.bed.service.dataSource.query(sql, parameters);
      expect(await sealChildText(query, cipher)).toBe(2);
      expect(await sealChildText(query, cipher)).toBe(0);
      for (const value of await sealedColumns(caseId)) expect(value).toMatch(/^k1:/);
      const view = await spec.bed.service.request('GET', `/v1/cases/${caseId}/legal`, { token: spec.officer });
      expect(view.body.informationSessions).toEqual([expect.objectContaining({ id: sessionId, understanding: understood, childViews: views })]);
    });
  });

  describe('why a claim came late, at rest (IP-01)', () => {
    const justification = 'Tenía miedo de que me regresaran; el que me trajo me dijo que no hablara con nadie';
    const lateClaim = () => ({ filedAt: new Date().toISOString(), representative: 'Lic. R. Pérez', interpreterId: 'int-quc-7', lateFilingJustification: justification });
    // Detected 90 days ago: well past the 30 working days of IP-01, so the justification is asked for.
    const lateCase = () => spec.bed.register({ detectedAt: new Date(Date.now() - 90 * 86_400_000).toISOString() });
    const stored = async (caseId: string): Promise<string> =>
      (await spec.bed.service.dataSource.query(`SELECT claim_late_justification AS value FROM legal_record WHERE case_id = $1`, [caseId]))[0].value;

    it('stores the justification encrypted, shows it to authorised readers, and keeps it out of events and the audit trail', async () => {
      const caseId = await lateCase();
      const filed = await post(caseId, 'protection/claim', lateClaim());
      expect(filed.status).toBe(200);
      expect(filed.body.protection).toMatchObject({ status: 'CLAIM_PENDING', lateFilingJustification: justification });

      const value = await stored(caseId);
      expect(value).toMatch(/^k1:[A-Za-z0-9_-]+$/);
      expect(value).not.toContain(justification.slice(0, 12));
      const [{ dump }] = await spec.bed.service.dataSource.query(
        `SELECT string_agg(t::text, ' ') AS dump FROM (SELECT payload::text FROM outbox WHERE case_id = $1 UNION ALL SELECT a::text FROM audit_log a WHERE case_id = $1) t`,
        [caseId],
      );
      expect(dump).not.toContain(justification.slice(0, 12));

      const view = await spec.bed.service.request('GET', `/v1/cases/${caseId}/legal`, { token: await spec.bed.service.token(['auditor'], ['CHP']) });
      expect(view.status).toBe(200);
      expect(view.body.protection.lateFilingJustification).toBe(justification);
      expect((await spec.bed.service.request('GET', `/v1/cases/${caseId}/legal`, { token: await spec.bed.service.token(['officer'], ['TAB']) })).status).toBe(404);
    });

    it('seals a justification an earlier version stored in clear, and a second run of the migration changes nothing', async () => {
      const caseId = await lateCase();
      expect((await post(caseId, 'protection/claim', lateClaim())).status).toBe(200);
      await spec.bed.service.dataSource.query(`UPDATE legal_record SET claim_late_justification = $2 WHERE case_id = $1`, [caseId, justification]);
      const column = async () => spec.bed.service.dataSource.query(`SELECT case_id, claim_late_justification FROM legal_record ORDER BY case_id`);

      const migration = new SealLateClaimJustification1766000000012(() => spec.bed.service.app.get(FieldCipher));
      const runner = spec.bed.service.dataSource.createQueryRunner();
      try {
        await migration.up(runner);
        const once = await column();
        await migration.up(runner);
        expect(await column()).toEqual(once);
      } finally {
        await runner.release();
      }

      expect(await stored(caseId)).toMatch(/^k1:[A-Za-z0-9_-]+$/);
      const [{ comment }] = await spec.bed.service.dataSource.query(`SELECT col_description('legal_record'::regclass, attnum) AS comment FROM pg_attribute WHERE attrelid = 'legal_record'::regclass AND attname = 'claim_late_justification'`);
      expect(comment).toBe('sealed: FieldCipher, context legal_record.claim_late_justification:<case_id>');
      const view = await spec.bed.service.request('GET', `/v1/cases/${caseId}/legal`, { token: spec.officer });
      expect(view.body.protection.lateFilingJustification).toBe(justification);
    });
  });

});
