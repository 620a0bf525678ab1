import { callLoggedV1 } from '@opis/contracts-family-contact';
import {
  caseRegisteredV1,
  caseRegisteredV2,
  CaseRegisteredV2,
  caseUpdatedV1,
  channelledToDifV1,
  procuraduriaNotifiedV1,
} from '@opis/contracts-intake';
import { childInformedV1, informOverdueV1, protectionChangedV1 } from '@opis/contracts-legal-status';
import { taskAcknowledgedV1, taskClosedV1, taskOpenedV1 } from '@opis/contracts-notifications';
import { planHandedOverV1, planProposedV1, planRefusedV1, receptionArrivedV1 } from '@opis/contracts-repatriation';
import { OfficeCode, uuidv7 } from '@opis/contracts-envelope';

import { EventBus } from './statistics-harness';

/*
 * A known set of cases, and what every report must say about it (period 2026-03-01..2026-04-30,
 * Mexico City, UTC-6 all year since 2022):
 *   A1, A2  one Guatemalan girl (same person) detected twice in Chiapas, channelled in March
 *           (A2 at 2026-04-01T03:30Z, i.e. 31 March in Mexico City): 2 events, 1 child.
 *   B       Honduran boy, registered 0-11 and corrected to 12-17 (the correction counts).
 *   C       Salvadoran girl, 0-11, separated, Tabasco, April.
 *   D       a Mexican child detected in Chiapas: channelled, but not a foreign child.
 *   E       Guatemalan boy channelled in December 2020: before the series break (outside the period).
 *   R1..R3  Mexican children returned by the USA, received at Tijuana (Baja California).
 * And notifications' alerts: A1's serious incident (acknowledged after 6 minutes, resolved after
 * 50) and C's overdue need in Tabasco (cleared after 20 minutes, never acknowledged).
 */
export const CASES = {
  A1: uuidv7(),
  A2: uuidv7(),
  B: uuidv7(),
  C: uuidv7(),
  D: uuidv7(),
  E: uuidv7(),
  R1: uuidv7(),
  R2: uuidv7(),
  R3: uuidv7(),
};
const PERSON_A = uuidv7();
const PLAN_A1 = uuidv7();
const PLAN_B = uuidv7();

const screening = { protectionNeedIndicated: false, traffickingIndicators: false, medicalEmergency: false, disability: false, pregnant: false };

function registration(overrides: Partial<CaseRegisteredV2>): CaseRegisteredV2 {
  return { ...caseRegisteredV2.example, screening, personId: uuidv7(), ...overrides } as CaseRegisteredV2;
}

const minutesAfter = (iso: string, minutes: number) => new Date(new Date(iso).getTime() + minutes * 60_000).toISOString();

export async function publishKnownEvents(bus: EventBus): Promise<void> {
  // As intake publishes a registration: v2, then v1 as the next case version, which must count nothing twice.
  const register = async (caseId: string, office: OfficeCode, data: Partial<CaseRegisteredV2>) => {
    const v2 = registration(data);
    await bus.publish(caseRegisteredV2, caseId, office, v2);
    const { migrationPointCode: _code, ...common } = v2;
    await bus.publish(caseRegisteredV1, caseId, office, { ...common, migrationPoint: 'Nombre registrado del punto' });
  };
  const notify = async (caseId: string, office: OfficeCode, detectedAt: string, minutes: number) =>
    bus.publish(procuraduriaNotifiedV1, caseId, office, { notifiedAt: minutesAfter(detectedAt, minutes), means: 'EMAIL', minutesSinceDetection: minutes });
  const channel = async (caseId: string, office: OfficeCode, channelledAt: string, minutes: number) =>
    bus.publish(channelledToDifV1, caseId, office, { channelledAt, facilityType: 'DIF_SHELTER', protectionMeasureIssued: false, minutesSinceDetection: minutes });

  // Intake.
  const a1 = '2026-03-10T15:00:00.000Z';
  await register(CASES.A1, 'CHP', { personId: PERSON_A, nationality: 'GT', ageBand: '12-17', accompaniment: 'UNACCOMPANIED', sex: 'F', speaksSpanish: 'NO', detectedAt: a1 });
  await notify(CASES.A1, 'CHP', a1, 55);
  await channel(CASES.A1, 'CHP', minutesAfter(a1, 300), 300);
  const a2 = '2026-03-31T03:30:00.000Z';
  await register(CASES.A2, 'CHP', { personId: PERSON_A, nationality: 'GT', ageBand: '12-17', accompaniment: 'UNACCOMPANIED', sex: 'F', speaksSpanish: 'NO', detectedAt: a2 });
  await notify(CASES.A2, 'CHP', a2, 30);
  await channel(CASES.A2, 'CHP', '2026-04-01T03:30:00.000Z', 1500);
  const b = '2026-03-05T16:00:00.000Z';
  await register(CASES.B, 'CHP', { nationality: 'HN', ageBand: '0-11', accompaniment: 'ACCOMPANIED', sex: 'M', speaksSpanish: 'YES', detectedAt: b });
  await notify(CASES.B, 'CHP', b, 90);
  await channel(CASES.B, 'CHP', minutesAfter(b, 120), 120);
  const c = '2026-04-02T14:00:00.000Z';
  await register(CASES.C, 'TAB', { nationality: 'SV', ageBand: '0-11', accompaniment: 'SEPARATED', sex: 'F', speaksSpanish: 'PARTIAL', detectedAt: c, caseNumber: 'TAB-2026-000001' });
  await channel(CASES.C, 'TAB', minutesAfter(c, 200), 200);
  const d = '2026-03-12T14:00:00.000Z';
  await register(CASES.D, 'CHP', { nationality: 'MX', ageBand: '12-17', accompaniment: 'UNACCOMPANIED', sex: 'M', speaksSpanish: 'YES', countryOfResidence: 'MX', detectedAt: d });
  await notify(CASES.D, 'CHP', d, 600);
  await channel(CASES.D, 'CHP', minutesAfter(d, 100), 100);
  const e = '2020-12-15T14:00:00.000Z';
  await register(CASES.E, 'CHP', { nationality: 'GT', ageBand: '12-17', accompaniment: 'UNACCOMPANIED', sex: 'M', speaksSpanish: 'YES', detectedAt: e });
  await channel(CASES.E, 'CHP', minutesAfter(e, 60), 60);
  await bus.publish(caseUpdatedV1, CASES.B, 'CHP', {
    personId: uuidv7(),
    nationality: 'HN',
    ageBand: '12-17',
    accompaniment: 'ACCOMPANIED',
    sex: 'M',
    screening,
    changedFields: ['child.age'],
  });
  const returned = { nationality: 'MX', countryOfResidence: 'MX', entryPath: 'RETURNED_FROM_USA' as const, migrationPointCode: 'BCN-EL-CHAPARRAL', speaksSpanish: 'YES' as const };
  await register(CASES.R1, 'BCN', { ...returned, ageBand: '12-17', accompaniment: 'UNACCOMPANIED', sex: 'M', detectedAt: '2026-03-03T18:00:00.000Z', caseNumber: 'BCN-2026-000001' });
  await register(CASES.R2, 'BCN', { ...returned, ageBand: '12-17', accompaniment: 'UNACCOMPANIED', sex: 'M', detectedAt: '2026-03-04T18:00:00.000Z', caseNumber: 'BCN-2026-000002' });
  await register(CASES.R3, 'BCN', { ...returned, ageBand: '0-11', accompaniment: 'ACCOMPANIED', sex: 'F', detectedAt: '2026-03-05T18:00:00.000Z', caseNumber: 'BCN-2026-000003' });

  // Family-contact: phone calls (A1 with an interpreter, C without one).
  const call = (interpreterUsed: boolean, calledAt: string) => ({
    callId: uuidv7(),
    outcome: 'REACHED' as const,
    calledAt,
    durationSeconds: 300,
    interpreterUsed,
    firstCall: true,
  });
  await bus.publish(callLoggedV1, CASES.A1, 'CHP', call(true, '2026-03-10T18:00:00.000Z'));
  await bus.publish(callLoggedV1, CASES.C, 'TAB', call(false, '2026-04-02T18:00:00.000Z'));

  // Legal-status: information sessions, an overdue duty, protection claims.
  const inform = (topic: 'DIF_CHANNELLING' | 'PROCURADURIA_NOTIFICATION' | 'MIGRATION_PROCEDURE' | 'RIGHTS', interpreterUsed: boolean, heldAt: string) => ({
    topic,
    language: 'quc',
    interpreterUsed,
    heldAt,
    dutiesDischarged: 1,
  });
  await bus.publish(childInformedV1, CASES.A1, 'CHP', inform('DIF_CHANNELLING', true, '2026-03-11T16:00:00.000Z'));
  await bus.publish(childInformedV1, CASES.A1, 'CHP', inform('RIGHTS', false, '2026-03-11T17:00:00.000Z'));
  await bus.publish(childInformedV1, CASES.A1, 'CHP', inform('PROCURADURIA_NOTIFICATION', true, '2026-03-11T18:00:00.000Z'));
  await bus.publish(childInformedV1, CASES.A1, 'CHP', inform('MIGRATION_PROCEDURE', true, '2026-03-12T16:00:00.000Z'));
  await bus.publish(childInformedV1, CASES.B, 'CHP', inform('RIGHTS', false, '2026-03-06T16:00:00.000Z'));
  await bus.publish(informOverdueV1, CASES.B, 'CHP', { topic: 'MIGRATION_PROCEDURE', openedAt: '2026-03-07T16:00:00.000Z', dueAt: '2026-03-08T16:00:00.000Z' });
  const protection = async (caseId: string, office: OfficeCode, status: string, at: string, decisionDueDate?: string) =>
    bus.publish(
      protectionChangedV1,
      caseId,
      office,
      { protectionClaimed: status !== 'NEED_IDENTIFIED', status: status as 'CLAIM_PENDING', ...(decisionDueDate ? { decisionDueDate } : {}) },
      at,
    );
  // C: filed 2 April with the due date legal-status computed, decided in time.
  await protection(CASES.C, 'TAB', 'CLAIM_PENDING', '2026-04-02T16:00:00.000Z', '2026-06-05');
  await protection(CASES.C, 'TAB', 'RECOGNIZED_REFUGEE', '2026-05-20T16:00:00.000Z');
  // A2: filed 22 March without a due date (45 working days: early June), denied end of July.
  await protection(CASES.A2, 'CHP', 'CLAIM_PENDING', '2026-03-22T16:00:00.000Z');
  await protection(CASES.A2, 'CHP', 'DENIED', '2026-07-30T16:00:00.000Z');
  // B: need identified, then a claim still pending.
  await protection(CASES.B, 'CHP', 'NEED_IDENTIFIED', '2026-04-08T16:00:00.000Z');
  await protection(CASES.B, 'CHP', 'CLAIM_PENDING', '2026-04-10T16:00:00.000Z');

  // Repatriation: two plans (one refused first), two hand-overs; three receptions at Tijuana.
  await bus.publish(planProposedV1, CASES.A1, 'CHP', { planId: PLAN_A1, receivingCountry: 'GT', ageBand: '12-17', sex: 'F', nationality: 'GT', accompaniment: 'UNACCOMPANIED' });
  await bus.publish(planRefusedV1, CASES.A1, 'CHP', { planId: PLAN_A1, stage: 'APPROVAL', unmet: ['NO_PROTECTION_LOCK', 'CHILD_INFORMED_AND_HEARD'], rules: ['INV-01', 'LM-16'] }, '2026-03-15T16:00:00.000Z');
  await bus.publish(planHandedOverV1, CASES.A1, 'CHP', {
    planId: PLAN_A1,
    handoverId: uuidv7(),
    receivingAuthorityCode: 'GT-SBS',
    exitPointCode: 'MX-CHP-CIUDAD-HIDALGO',
    handedOverAt: '2026-03-25T17:00:00.000Z',
  });
  await bus.publish(planProposedV1, CASES.B, 'CHP', { planId: PLAN_B, receivingCountry: 'HN', ageBand: '12-17', sex: 'M', nationality: 'HN', accompaniment: 'ACCOMPANIED' });
  await bus.publish(planRefusedV1, CASES.B, 'CHP', { planId: PLAN_B, stage: 'SCHEDULING', unmet: ['HANDOVER_IN_WINDOW'], rules: ['RP-08'] }, '2026-04-03T16:00:00.000Z');
  await bus.publish(planHandedOverV1, CASES.B, 'CHP', {
    planId: PLAN_B,
    handoverId: uuidv7(),
    receivingAuthorityCode: 'HN-DINAF',
    exitPointCode: 'MX-CMX-AICM',
    handedOverAt: '2026-04-05T17:00:00.000Z',
  });
  const arrival = async (accompaniment: string, outOfHours: boolean, arrivedAt: string) => {
    const receptionId = uuidv7();
    await bus.publish(receptionArrivedV1, receptionId, 'BCN', { receptionId, pointCode: 'MX-BCN-TIJUANA', arrivedAt, accompaniment, outOfHours });
  };
  await arrival('UNACCOMPANIED', true, '2026-03-03T09:00:00.000Z');
  await arrival('UNACCOMPANIED', false, '2026-03-04T18:00:00.000Z');
  await arrival('ACCOMPANIED', false, '2026-03-05T18:00:00.000Z');

  // Notifications: two alerts and how they were taken up.
  const incident = { taskId: uuidv7(), trigger: 'CARE_SERIOUS_INCIDENT' as const, level: 0 as const, openedAt: '2026-03-10T20:00:00.000Z' };
  await bus.publish(taskOpenedV1, CASES.A1, 'CHP', { ...incident, addressedRole: 'SUPERVISOR', dueAt: '2026-03-10T20:30:00.000Z' }, incident.openedAt);
  await bus.publish(taskAcknowledgedV1, CASES.A1, 'CHP', { ...incident, acknowledgedAt: '2026-03-10T20:06:00.000Z' }, '2026-03-10T20:06:00.000Z');
  await bus.publish(taskClosedV1, CASES.A1, 'CHP', { ...incident, acknowledgedAt: '2026-03-10T20:06:00.000Z', closedAt: '2026-03-10T20:50:00.000Z', outcome: 'RESOLVED' }, '2026-03-10T20:50:00.000Z');
  const need = { taskId: uuidv7(), trigger: 'CARE_NEED_OVERDUE' as const, level: 0 as const, openedAt: '2026-04-08T15:00:00.000Z' };
  await bus.publish(taskOpenedV1, CASES.C, 'TAB', { ...need, addressedRole: 'OFFICER', dueAt: '2026-04-08T15:15:00.000Z' }, need.openedAt);
  await bus.publish(taskClosedV1, CASES.C, 'TAB', { ...need, closedAt: '2026-04-08T15:20:00.000Z', outcome: 'CLEARED' }, '2026-04-08T15:20:00.000Z');
}

export const PERIOD = 'from=2026-03-01&to=2026-04-30';
