// One consumer's verdict: its committed writes against its stream, per case in version order.
import { ConsumerEvidence, ConsumerFigures, Evidence, Producer, SourceEvent } from '@opis/platform-tools';
import type { EffectChange } from '@opis/platform-tools';

/** One consumer's evidence against its stream: applied out of order, twice, or not at all. */
export function judgeConsumer(
  consumer: ConsumerEvidence,
  events: readonly SourceEvent[],
  eventById: ReadonlyMap<string, SourceEvent & { stream: Producer }>,
  changes: readonly EffectChange[],
  heldFrom: ReadonlyMap<string, number>,
  out: { outOfOrder: string[]; duplicates: string[]; lostFacts: string[]; phantoms: string[]; unknownEventIds: Set<string> },
): ConsumerFigures {
  const figures: ConsumerFigures = { service: consumer.service, stream: consumer.stream, expected: 0, applied: 0, outOfOrder: 0, appliedTwice: 0, lost: 0, held: 0 };
  const name = `${consumer.service}/${consumer.group}`;
  const byCase = new Map<string, SourceEvent[]>();
  for (const event of events) byCase.set(event.caseId, [...(byCase.get(event.caseId) ?? []), event]);
  const missing = (event: SourceEvent, evidence: Evidence, detail: string) => {
    const from = heldFrom.get(event.caseId);
    if (from !== undefined && event.version >= from) {
      figures.held += 1;
      return;
    }
    figures.lost += 1;
    out.lostFacts.push(`${name}: case ${event.caseId} v${event.version} ${event.type}: ${detail} (${evidence.table})`);
  };

  for (const evidence of consumer.evidence) {
    const writes = changes.filter((change) => change.table === evidence.table && change.op !== 'DELETE');
    const expectedOf = (caseId: string) =>
      (byCase.get(caseId) ?? []).filter((event) => evidence.types.includes(event.type) && (evidence.kind !== 'count' || !evidence.when || evidence.when(event.type, event.data)));
    const expectedCases = new Set(events.filter((event) => evidence.types.includes(event.type)).map((event) => event.caseId));

    if (evidence.kind === 'version') {
      // Applications: writes that move the copy's version. Out of order: one below a version applied before it.
      const last = new Map<string, number>();
      const highest = new Map<string, number>();
      const applications = new Map<string, Map<number, number>>();
      for (const write of writes) {
        const caseId = write.values.case_id as string;
        const raw = write.values[evidence.column];
        if (raw === undefined || raw === null) continue;
        const version = Number(raw);
        if (last.get(caseId) === version) continue;
        last.set(caseId, version);
        const times = applications.get(caseId) ?? new Map<number, number>();
        applications.set(caseId, times);
        times.set(version, (times.get(version) ?? 0) + 1);
        const top = highest.get(caseId) ?? 0;
        if (version < top) {
          figures.outOfOrder += 1;
          out.outOfOrder.push(`${name}: case ${caseId} took v${version} after v${top} (${evidence.table}.${evidence.column})`);
        }
        highest.set(caseId, Math.max(top, version));
      }
      for (const [caseId, times] of applications) {
        const known = new Set((byCase.get(caseId) ?? []).map((event) => event.version));
        for (const [version, n] of times) {
          if (!known.has(version)) out.phantoms.push(`${name}: case ${caseId} took v${version}, which ${consumer.stream} never published`);
          if (n > 1) {
            figures.appliedTwice += n - 1;
            out.duplicates.push(`${name}: case ${caseId} took v${version} ${n} times (${evidence.table}.${evidence.column})`);
          }
        }
      }
      for (const caseId of expectedCases) {
        for (const event of expectedOf(caseId)) {
          figures.expected += 1;
          if (applications.get(caseId)?.has(event.version)) figures.applied += 1;
          else missing(event, evidence, `never reached the copy`);
        }
      }
    } else if (evidence.kind === 'event-id') {
      const firstWrites = new Map<string, string[]>();
      const writesPerEvent = new Map<string, number>();
      for (const write of writes) {
        const eventId = write.values.event_id as string;
        const event = eventById.get(eventId);
        if (!event) {
          out.unknownEventIds.add(eventId);
          continue;
        }
        // Another stream's facts in a shared table (stat_session: sessions and calls) are another consumer's.
        if (event.stream !== consumer.stream || !evidence.types.includes(event.type)) continue;
        const n = (writesPerEvent.get(eventId) ?? 0) + 1;
        writesPerEvent.set(eventId, n);
        if (n === 1) firstWrites.set(event.caseId, [...(firstWrites.get(event.caseId) ?? []), eventId]);
      }
      for (const [eventId, n] of writesPerEvent) {
        if (n > 1) {
          const event = eventById.get(eventId) as SourceEvent;
          figures.appliedTwice += n - 1;
          out.duplicates.push(`${name}: case ${event.caseId} v${event.version} ${event.type} written ${n} times (${evidence.table})`);
        }
      }
      for (const [caseId, order] of firstWrites) {
        let top = 0;
        for (const eventId of order) {
          const event = eventById.get(eventId) as SourceEvent;
          if (event.version < top) {
            figures.outOfOrder += 1;
            out.outOfOrder.push(`${name}: case ${caseId} applied v${event.version} ${event.type} after v${top} (${evidence.table})`);
          }
          top = Math.max(top, event.version);
        }
      }
      for (const caseId of expectedCases) {
        for (const event of expectedOf(caseId)) {
          figures.expected += 1;
          if (writesPerEvent.has(event.id)) figures.applied += 1;
          else missing(event, evidence, 'no fact written');
        }
      }
    } else {
      const writesPerCase = new Map<string, number>();
      for (const write of writes) {
        const caseId = write.values.case_id as string;
        writesPerCase.set(caseId, (writesPerCase.get(caseId) ?? 0) + 1);
      }
      for (const [caseId, n] of writesPerCase) {
        const expected = expectedOf(caseId);
        if (n > expected.length) {
          figures.appliedTwice += n - expected.length;
          out.duplicates.push(`${name}: case ${caseId} has ${n} writes to ${evidence.table} for ${expected.length} events`);
        }
      }
      for (const caseId of expectedCases) {
        const expected = expectedOf(caseId);
        const n = writesPerCase.get(caseId) ?? 0;
        figures.expected += expected.length;
        figures.applied += Math.min(n, expected.length);
        // The row names no event: the missing ones are taken as the latest (what a lost tail looks like).
        for (const event of expected.slice(n)) missing(event, evidence, `${n} writes for ${expected.length} events`);
      }
    }
  }
  return figures;
}
