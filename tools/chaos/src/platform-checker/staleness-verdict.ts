// Each copy's final content against its source's final state: intake's cases, legal-status's records.
import { caseRegisteredV2 } from '@opis/contracts-intake';
import { lockChangedV1, protectionChangedV1, protectionClaimedIn } from '@opis/contracts-legal-status';
import { differences, IntakeCase, LegalRecord, SourceEvent, typeOf } from '@opis/platform-tools';
import type { HarnessServiceName } from '@opis/platform-tools';


/** Reads rows of a service's database (the checker's pools). */
export type RowReader = <T extends object>(service: HarnessServiceName, sql: string, params?: unknown[]) => Promise<T[]>;

/** Each copy's final content against its source's final state. */
export async function judgeStaleness(
  rows: RowReader,
  cases: ReadonlyMap<string, IntakeCase>,
  intakeEvents: readonly SourceEvent[],
  legalEvents: readonly SourceEvent[],
  isHeld: (group: string, caseId: string) => boolean,
  stale: string[],
): Promise<void> {
  const registeredOffice = new Map<string, string>();
  const everFlagged = new Set<string>();
  for (const event of intakeEvents) {
    if (event.type === typeOf(caseRegisteredV2)) registeredOffice.set(event.caseId, event.officeCode);
    const screening = event.data.screening as { protectionNeedIndicated?: boolean } | undefined;
    if (screening?.protectionNeedIndicated) everFlagged.add(event.caseId);
  }
  const legalSpoke = new Set(legalEvents.filter((event) => event.type === typeOf(lockChangedV1) || event.type === typeOf(protectionChangedV1)).map((event) => event.caseId));
  const categories = (row: IntakeCase) => ({ office_code: row.office_code, age_band: row.age_band, sex: row.sex, nationality: row.nationality, accompaniment: row.accompaniment });
  const compare = async (service: HarnessServiceName, group: string, table: string, columns: string, expected: (row: IntakeCase) => Record<string, unknown>) => {
    const copies = await rows<Record<string, unknown> & { case_id: string }>(service, `SELECT case_id, ${columns} FROM ${table}`);
    for (const copy of copies) {
      const source = cases.get(copy.case_id);
      if (!source || isHeld(group, copy.case_id)) continue;
      const diff = differences(expected(source), copy);
      if (diff.length > 0) stale.push(`${service} ${table} case ${copy.case_id}: ${diff.join(', ')}`);
    }
  };
  const flags = (row: IntakeCase) => ({
    protection_need_indicated: row.protection_need_indicated,
    trafficking_indicators: row.trafficking_indicators,
    medical_emergency: row.medical_emergency,
    disability: row.disability,
    pregnant: row.pregnant,
  });
  const commonColumns = 'office_code, age_band, sex, nationality, accompaniment';
  await compare('care', 'care-intake-case', 'care_record', `${commonColumns}, protection_need_indicated, trafficking_indicators, medical_emergency, disability, pregnant`, (row) => ({
    ...categories(row),
    ...flags(row),
  }));
  await compare('family-contact', 'family-contact-intake-cases', 'family_record', `${commonColumns}, protection_need_indicated`, (row) => ({
    ...categories(row),
    protection_need_indicated: row.protection_need_indicated,
  }));
  await compare('repatriation', 'repatriation-intake-cases', 'case_copy', `${commonColumns}, protection_need_indicated`, (row) => ({
    ...categories(row),
    protection_need_indicated: row.protection_need_indicated,
  }));
  await compare(
    'legal-status',
    'legal-status-intake-cases',
    'legal_record',
    `${commonColumns}, (extract(epoch FROM procuraduria_notified_at) * 1000)::bigint::text AS procuraduria_notified_ms`,
    (row) => ({ ...categories(row), procuraduria_notified_ms: row.procuraduria_notified_ms }),
  );
  await compare('statistics', 'statistics-intake', 'stat_case', 'age_band, sex, nationality, accompaniment, person_id, registered_office', (row) => ({
    age_band: row.age_band,
    sex: row.sex,
    nationality: row.nationality,
    accompaniment: row.accompaniment,
    person_id: row.person_id,
    registered_office: registeredOffice.get(row.id),
  }));

  // Legal-status's own state, and its copies elsewhere.
  const legal = new Map(
    (
      await rows<LegalRecord>('legal-status', 'SELECT case_id, protection_status, return_locked, lock_reasons, bi_recommends_return FROM legal_record')
    ).map((row) => [row.case_id, row]),
  );
  // A need said at intake (at registration or in any later screening) reaches legal-status, and a flag cleared later does not clear it.
  for (const caseId of everFlagged) {
    const record = legal.get(caseId);
    if (record && record.protection_status === 'NOT_ASSESSED' && !isHeld('legal-status-intake-cases', caseId)) {
      stale.push(`legal-status legal_record case ${caseId}: protection_status NOT_ASSESSED, but intake's screening indicated a protection need`);
    }
  }
  const lockOf = (record: LegalRecord) => ({
    return_locked: record.return_locked,
    lock_reasons: [...record.lock_reasons].sort(),
    bi_recommends_return: record.bi_recommends_return,
    protection_status: record.protection_status,
  });
  const legalCopies = new Map(
    (
      await rows<{ case_id: string; return_locked: boolean; lock_reasons: string[]; bi_recommends_return: boolean; protection_status: string | null }>(
        'repatriation',
        'SELECT case_id, return_locked, lock_reasons, bi_recommends_return, protection_status FROM legal_copy',
      )
    ).map((row) => [row.case_id, row]),
  );
  const protections = new Map(
    (await rows<{ case_id: string; protection_claimed: boolean; status: string }>('family-contact', 'SELECT case_id, protection_claimed, status FROM case_protection')).map(
      (row) => [row.case_id, row],
    ),
  );
  const statisticsProtection = new Map<string, { status: string; version: number }>();
  const legalVersionOf = new Map(legalEvents.map((event) => [event.id, event.version]));
  for (const row of await rows<{ case_id: string; event_id: string; status: string }>('statistics', 'SELECT case_id, event_id, status FROM stat_protection_change')) {
    const version = legalVersionOf.get(row.event_id) ?? 0;
    if ((statisticsProtection.get(row.case_id)?.version ?? -1) < version) statisticsProtection.set(row.case_id, { status: row.status, version });
  }
  for (const [caseId, record] of legal) {
    if (!legalSpoke.has(caseId)) continue;
    const copy = legalCopies.get(caseId);
    if (!isHeld('repatriation-legal-status', caseId)) {
      const diff = differences(lockOf(record), {
        return_locked: copy?.return_locked ?? false,
        lock_reasons: [...(copy?.lock_reasons ?? [])].sort(),
        bi_recommends_return: copy?.bi_recommends_return ?? false,
        protection_status: copy?.protection_status ?? 'NOT_ASSESSED',
      });
      if (diff.length > 0) stale.push(`repatriation legal_copy case ${caseId}: ${diff.join(', ')}`);
    }
    if (!isHeld('family-contact-legal-protection', caseId)) {
      const protection = protections.get(caseId);
      const diff = differences(
        { status: record.protection_status, protection_claimed: protectionClaimedIn(record.protection_status) },
        { status: protection?.status ?? 'NOT_ASSESSED', protection_claimed: protection?.protection_claimed ?? false },
      );
      if (diff.length > 0) stale.push(`family-contact case_protection case ${caseId}: ${diff.join(', ')}`);
    }
    if (!isHeld('statistics-legal-status', caseId)) {
      const status = statisticsProtection.get(caseId)?.status ?? 'NOT_ASSESSED';
      if (status !== record.protection_status) stale.push(`statistics stat_protection_change case ${caseId}: latest status ${status} (source ${record.protection_status})`);
    }
  }
}
