import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { queryPrepared } from '@opis/platform';

export interface CaseCategoriesFact {
  caseId: string;
  personId: string | null;
  nationality: string;
  ageBand: string;
  sex: string;
  accompaniment: string;
  /** The intake caseVersion of the event the categories come from. */
  version: number;
}

export interface CaseRegistrationFact extends CaseCategoriesFact {
  registeredOffice: string;
  entryPath: string;
  /** Null from v1 of the registration, which names the point by name only; v2's code is kept. */
  migrationPointCode: string | null;
  speaksSpanish: string;
  detectedAt: string;
}

export interface IntakeMilestoneFact {
  eventId: string;
  caseId: string;
  kind: 'PROCURADURIA_NOTIFIED' | 'CHANNELLED_TO_DIF';
  officeCode: string;
  occurredAt: string;
  minutesSinceDetection: number;
}

export interface SessionFact {
  eventId: string;
  caseId: string;
  kind: 'INFORMED' | 'CALL';
  officeCode: string;
  topic: string | null;
  interpreterUsed: boolean;
  heldAt: string;
}

export interface ProtectionChangeFact {
  eventId: string;
  caseId: string;
  officeCode: string;
  /** The legal-status caseVersion of the change: its order among the case's changes. */
  version: number;
  occurredAt: string;
  status: string;
  decisionDueDate: string | null;
}

export interface ReturnPlanFact {
  planId: string;
  caseId: string;
  receivingCountry: string;
  nationality: string;
  ageBand: string;
  sex: string;
  accompaniment: string;
}

/** A task of notifications as one of its events tells it; null where that event does not say. */
export interface TaskFact {
  taskId: string;
  caseId: string;
  trigger: string;
  officeCode: string;
  /** The notifications caseVersion of the event: the newest one's office counts. */
  version: number;
  openedAt: string;
  level: number;
  acknowledgedAt: string | null;
  closedAt: string | null;
  outcome: string | null;
}

/**
 * The only code that writes facts. Every insert is keyed by the event (or plan) id and ignores
 * a second copy, so a redelivery or a replay into a fresh database gives the same rows.
 */
@Injectable()
export class FactsRepository {
  /** Registration columns are set once; categories follow the newest intake event (registered, updated, transferred). */
  public async upsertCase(manager: EntityManager, fact: CaseCategoriesFact, registration?: Omit<CaseRegistrationFact, keyof CaseCategoriesFact>): Promise<void> {
    const newer = (column: string) => `${column} = CASE WHEN stat_case.categories_version < EXCLUDED.categories_version THEN EXCLUDED.${column} ELSE stat_case.${column} END`;
    await queryPrepared(
      manager,
      `INSERT INTO stat_case (case_id, person_id, registered_office, entry_path, migration_point_code, speaks_spanish, detected_at,
                              nationality, age_band, sex, accompaniment, categories_version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (case_id) DO UPDATE SET
         registered_office = COALESCE(EXCLUDED.registered_office, stat_case.registered_office),
         entry_path = COALESCE(EXCLUDED.entry_path, stat_case.entry_path),
         migration_point_code = COALESCE(EXCLUDED.migration_point_code, stat_case.migration_point_code),
         speaks_spanish = COALESCE(EXCLUDED.speaks_spanish, stat_case.speaks_spanish),
         detected_at = COALESCE(EXCLUDED.detected_at, stat_case.detected_at),
         person_id = CASE WHEN stat_case.categories_version < EXCLUDED.categories_version
                          THEN COALESCE(EXCLUDED.person_id, stat_case.person_id) ELSE COALESCE(stat_case.person_id, EXCLUDED.person_id) END,
         ${newer('nationality')}, ${newer('age_band')}, ${newer('sex')}, ${newer('accompaniment')},
         categories_version = GREATEST(stat_case.categories_version, EXCLUDED.categories_version)`,
      [
        fact.caseId,
        fact.personId,
        registration?.registeredOffice ?? null,
        registration?.entryPath ?? null,
        registration?.migrationPointCode ?? null,
        registration?.speaksSpanish ?? null,
        registration?.detectedAt ?? null,
        fact.nationality,
        fact.ageBand,
        fact.sex,
        fact.accompaniment,
        fact.version,
      ],
    );
  }

  public async insertMilestone(manager: EntityManager, fact: IntakeMilestoneFact): Promise<void> {
    await queryPrepared(
      manager,
      `INSERT INTO stat_intake_milestone (event_id, case_id, kind, office_code, occurred_at, minutes_since_detection)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (event_id) DO NOTHING`,
      [fact.eventId, fact.caseId, fact.kind, fact.officeCode, fact.occurredAt, fact.minutesSinceDetection],
    );
  }

  public async insertSession(manager: EntityManager, fact: SessionFact): Promise<void> {
    await manager.query(
      `INSERT INTO stat_session (event_id, case_id, kind, office_code, topic, interpreter_used, held_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (event_id) DO NOTHING`,
      [fact.eventId, fact.caseId, fact.kind, fact.officeCode, fact.topic, fact.interpreterUsed, fact.heldAt],
    );
  }

  public async insertInformOverdue(manager: EntityManager, fact: { eventId: string; caseId: string; officeCode: string; topic: string; dueAt: string }): Promise<void> {
    await manager.query(
      `INSERT INTO stat_inform_overdue (event_id, case_id, office_code, topic, due_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (event_id) DO NOTHING`,
      [fact.eventId, fact.caseId, fact.officeCode, fact.topic, fact.dueAt],
    );
  }

  public async insertProtectionChange(manager: EntityManager, fact: ProtectionChangeFact): Promise<void> {
    await manager.query(
      `INSERT INTO stat_protection_change (event_id, case_id, office_code, case_version, occurred_at, status, decision_due_date)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (event_id) DO NOTHING`,
      [fact.eventId, fact.caseId, fact.officeCode, fact.version, fact.occurredAt, fact.status, fact.decisionDueDate],
    );
  }

  public async insertReturnPlan(manager: EntityManager, fact: ReturnPlanFact): Promise<void> {
    await manager.query(
      `INSERT INTO stat_return_plan (plan_id, case_id, receiving_country, nationality, age_band, sex, accompaniment)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (plan_id) DO NOTHING`,
      [fact.planId, fact.caseId, fact.receivingCountry, fact.nationality, fact.ageBand, fact.sex, fact.accompaniment],
    );
  }

  public async insertReturnHandover(
    manager: EntityManager,
    fact: { eventId: string; planId: string; caseId: string; officeCode: string; exitPointCode: string; handedOverAt: string },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO stat_return_handover (event_id, plan_id, case_id, office_code, exit_point_code, handed_over_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (event_id) DO NOTHING`,
      [fact.eventId, fact.planId, fact.caseId, fact.officeCode, fact.exitPointCode, fact.handedOverAt],
    );
  }

  public async insertReturnRefusal(
    manager: EntityManager,
    fact: { eventId: string; planId: string; caseId: string; officeCode: string; stage: string; rules: string[]; refusedAt: string },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO stat_return_refusal (event_id, plan_id, case_id, office_code, stage, rules, refused_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (event_id) DO NOTHING`,
      [fact.eventId, fact.planId, fact.caseId, fact.officeCode, fact.stage, fact.rules, fact.refusedAt],
    );
  }

  public async insertReceptionArrival(
    manager: EntityManager,
    fact: { eventId: string; receptionId: string; officeCode: string; pointCode: string; accompaniment: string; outOfHours: boolean; arrivedAt: string },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO stat_reception_arrival (event_id, reception_id, office_code, point_code, accompaniment, out_of_hours, arrived_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (event_id) DO NOTHING`,
      [fact.eventId, fact.receptionId, fact.officeCode, fact.pointCode, fact.accompaniment, fact.outOfHours, fact.arrivedAt],
    );
  }

  /** Each event of a task adds what it knows; a second copy of one changes nothing. */
  public async upsertTask(manager: EntityManager, fact: TaskFact): Promise<void> {
    await queryPrepared(
      manager,
      `INSERT INTO stat_task (task_id, case_id, trigger, office_code, case_version, opened_at, max_level, acknowledged_at, closed_at, outcome)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (task_id) DO UPDATE SET
         office_code = CASE WHEN stat_task.case_version < EXCLUDED.case_version THEN EXCLUDED.office_code ELSE stat_task.office_code END,
         case_version = GREATEST(stat_task.case_version, EXCLUDED.case_version),
         max_level = GREATEST(stat_task.max_level, EXCLUDED.max_level),
         acknowledged_at = COALESCE(stat_task.acknowledged_at, EXCLUDED.acknowledged_at),
         closed_at = COALESCE(stat_task.closed_at, EXCLUDED.closed_at),
         outcome = COALESCE(stat_task.outcome, EXCLUDED.outcome)`,
      [fact.taskId, fact.caseId, fact.trigger, fact.officeCode, fact.version, fact.openedAt, fact.level, fact.acknowledgedAt, fact.closedAt, fact.outcome],
    );
  }
}
