import { useQuery } from '@tanstack/react-query';
import { ReactNode, useState } from 'react';

import { ApiError, BodyOf, describeProblem, OfflineError, Problem, ServiceName } from '../api/client';
import { eventMessageId, serviceName } from '../i18n/events';
import { useI18n } from '../i18n/i18n';
import { HealthScreeningForm, PlacementForm } from './care-actions';
import { useOffline } from '../offline/offline-context';

type IntakeCase = BodyOf<'intake', '/v1/cases/{caseId}', 'get'>;
type CareCase = BodyOf<'care', '/v1/cases/{caseId}', 'get'>;
type FamilyRecord = BodyOf<'family-contact', '/v1/cases/{caseId}/family', 'get'>;
type LegalRecord = BodyOf<'legal-status', '/v1/cases/{caseId}/legal', 'get'>;
type ReturnPlans = BodyOf<'repatriation', '/v1/cases/{caseId}/return-plans', 'get'>;

/** The gateway's timeline read model (services/gateway). */
interface Timeline {
  items: { eventId: string; service: string; type: string; occurredAt: string; actor: { kind: string; id: string } }[];
}

const MEALS = ['BREAKFAST', 'LUNCH', 'DINNER', 'SNACK', 'INFANT_FEED'] as const;

/** Every precondition of an assisted return, in the order the officer works through them. */
const RETURN_PRECONDITIONS = [
  'NO_PROTECTION_LOCK',
  'PROCEDURE_RESOLVED_FOR_RETURN',
  'LEGAL_STATUS_CONFIRMED',
  'BEST_INTERESTS_RECOMMENDS_RETURN',
  'FAMILY_OR_GUARDIAN_VERIFIED',
  'FAMILY_IN_COUNTRY_OF_RETURN',
  'NO_FLAGGED_RECEIVER',
  'RECEIVING_AUTHORITY_CONFIRMED',
  'ORIGIN_RISK_ASSESSED',
  'RECEIVING_PROTECTION_PLAN_CONFIRMED',
  'CHILD_INFORMED_AND_HEARD',
  'FIT_TO_TRAVEL',
] as const;

function useCaseQuery<T>(service: ServiceName, path: string) {
  const { call } = useOffline();
  return useQuery({ queryKey: [service, path], queryFn: () => call(service, path) as Promise<T>, retry: false });
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="panel">
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

/** The lock in plain words, as legal-status's reasons say it (a pending claim is the common one). */
function lockText(t: ReturnType<typeof useI18n>['t'], reasons: readonly string[]): string {
  return reasons.includes('CLAIM_PENDING') ? t('case.lock') : t('case.lockOther', { reasons: reasons.join(', ') });
}

/** What a supervisor is told when repatriation refuses an approval: its code and detail, the lock plainly, each unmet rule. */
function ApprovalRefusal({ problem, lockReasons }: { problem: Problem; lockReasons: readonly string[] }) {
  const { t } = useI18n();
  const unmet = problem.errors ?? [];
  const locked = unmet.find((error) => error.field === 'NO_PROTECTION_LOCK');
  // legal-status's reasons as the case screen read them; else the ones repatriation names in its message.
  const reasons = lockReasons.length > 0 ? lockReasons : (/\(([A-Z_, ]+)\)/.exec(locked?.message ?? '')?.[1].split(', ') ?? []);
  return (
    <div role="alert" className="refusal">
      {locked && (
        <p className="lock">
          <strong>{reasons.length > 0 ? lockText(t, reasons) : t('case.lockOther', { reasons: locked.message ?? locked.rule ?? '' })}</strong>
        </p>
      )}
      <p>{t('case.approvalRefused', { code: problem.code ?? String(problem.status), detail: problem.detail ?? problem.title ?? '' })}</p>
      {unmet.length > 0 && (
        <ul>
          {unmet.map((error) => (
            <li key={`${error.field}-${error.rule}`}>{t('case.approvalUnmet', { precondition: error.field ?? '', rule: error.rule ?? '' })}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function Unavailable({ service, error }: { service: string; error: unknown }) {
  const { t } = useI18n();
  const detail = error instanceof ApiError ? describeProblem(error.problem) : service;
  return <p className="warning">{t('case.unavailable', { service: detail })}</p>;
}

export function CaseView({ caseId, roles }: { caseId: string; roles: readonly string[] }) {
  const { t, dateTime } = useI18n();
  const { submit, call } = useOffline();
  const intake = useCaseQuery<IntakeCase>('intake', `/v1/cases/${caseId}`);
  const care = useCaseQuery<CareCase>('care', `/v1/cases/${caseId}`);
  const family = useCaseQuery<FamilyRecord>('family-contact', `/v1/cases/${caseId}/family`);
  const legal = useCaseQuery<LegalRecord>('legal-status', `/v1/cases/${caseId}/legal`);
  const plans = useCaseQuery<ReturnPlans>('repatriation', `/v1/cases/${caseId}/return-plans`);
  const timeline = useCaseQuery<Timeline>('gateway', `/v1/cases/${caseId}/timeline`);
  const [actionNotice, setActionNotice] = useState<string | null>(null);
  const [meal, setMeal] = useState<(typeof MEALS)[number]>('LUNCH');
  const [approving, setApproving] = useState(false);
  const [approval, setApproval] = useState<{ planId: string; notice?: string; refusal?: Problem } | null>(null);
  const supervisor = roles.includes('supervisor');

  if (intake.isPending) return <p role="status">{t('case.loading')}</p>;
  if (!intake.data) return <p role="alert">{t('case.notFound')}</p>;
  const record = intake.data;

  const act = async (submission: Parameters<typeof submit>[0]) => {
    try {
      const sent = await submit(submission);
      setActionNotice(sent.queued ? t('case.queued') : t('case.saved'));
      if (!sent.queued) await Promise.all([care.refetch(), family.refetch(), timeline.refetch()]);
    } catch (error) {
      setActionNotice(t('error.generic', { detail: error instanceof ApiError ? describeProblem(error.problem) : String(error) }));
    }
  };

  const recordMeal = () =>
    act({
      kind: 'delivery',
      label: record.caseNumber,
      service: 'care',
      method: 'POST',
      path: `/v1/cases/${caseId}/needs/FOOD/deliveries`,
      body: { deliveredAt: new Date().toISOString(), provided: t('case.mealProvided'), meal },
    });
  const recordCall = () =>
    act({
      kind: 'call',
      label: record.caseNumber,
      service: 'family-contact',
      method: 'POST',
      path: `/v1/cases/${caseId}/calls`,
      body: { dialledBy: 'OFFICER', calledAt: new Date().toISOString(), durationSeconds: 0, outcome: 'NO_ANSWER' },
    });

  // An approval is a supervisor's decision on the case as it stands now: sent at once, never kept
  // on the device or retried; repatriation asks legal-status live and says why it refuses.
  const approve = async (planId: string) => {
    setApproving(true);
    setApproval(null);
    try {
      await call('repatriation', `/v1/cases/${caseId}/return-plans/${planId}/approval`, { method: 'POST' });
      setApproval({ planId, notice: t('case.approved') });
    } catch (error) {
      if (error instanceof ApiError) setApproval({ planId, refusal: error.problem });
      else setApproval({ planId, notice: error instanceof OfflineError ? t('case.approvalOffline') : t('error.generic', { detail: String(error) }) });
    } finally {
      setApproving(false);
      await Promise.all([plans.refetch(), legal.refetch(), timeline.refetch()]);
    }
  };

  const eventSentence = (type: string) => {
    const id = eventMessageId(type);
    return id ? t(id) : type;
  };
  const lock = legal.data?.lock;
  return (
    <article aria-labelledby="case-title">
      <h1 id="case-title">{t('case.title', { caseNumber: record.caseNumber })}</h1>
      <p>
        {t('case.identity', { givenNames: record.child.givenNames, familyNames: record.child.familyNames, ageBand: record.child.ageBand, nationality: record.child.nationality })}
      </p>
      <p>{t('case.stage', { stage: record.stage })}</p>
      <div role="status" aria-live="polite">
        {actionNotice && <p className="notice">{actionNotice}</p>}
      </div>

      <Section id="legal-title" title={t('case.legal')}>
        {legal.isError ? (
          <Unavailable service="legal-status" error={legal.error} />
        ) : lock ? (
          <>
            <p className={lock.returnLocked ? 'lock' : undefined}>
              <strong>
                {!lock.returnLocked ? t('case.noLock') : lockText(t, lock.reasons)}
              </strong>
            </p>
            <p>{t('case.stayStatus', { status: legal.data?.stayStatus ?? '' })}</p>
            {legal.data?.procedure.overriddenBy && (
              <p className="notice">
                {t('case.override', {
                  resolution: legal.data.procedure.resolution ?? '',
                  by: legal.data.procedure.overriddenBy,
                  reason: legal.data.procedure.overrideReason ?? '',
                })}
              </p>
            )}
          </>
        ) : null}
      </Section>

      <Section id="deadlines-title" title={t('case.deadlines')}>
        <ul>
          {record.deadlines.map((deadline) => (
            <li key={deadline.clock} className={deadline.overdue ? 'overdue' : undefined}>
              {t('case.deadline', { clock: deadline.clock, state: deadline.state, breachAt: dateTime(deadline.breachAt) })}
            </li>
          ))}
        </ul>
      </Section>

      <Section id="care-title" title={t('case.care')}>
        {care.isError ? (
          <Unavailable service="care" error={care.error} />
        ) : (
          <ul>
            {(care.data?.needs ?? []).map((need) => (
              <li key={need.need} className={need.state === 'OVERDUE' ? 'overdue' : undefined}>
                <strong>{t('case.need', { need: need.need })}</strong>: {t('case.needState', { state: need.state, dueAt: dateTime(need.dueAt) })}
              </li>
            ))}
          </ul>
        )}
        <div className="field inline">
          <label htmlFor="meal">{t('case.meal')}</label>
          <select id="meal" value={meal} onChange={(event) => setMeal(event.target.value as (typeof MEALS)[number])}>
            {MEALS.map((option) => (
              <option key={option} value={option}>
                {t('case.mealKind', { meal: option })}
              </option>
            ))}
          </select>
        </div>
        <button type="button" onClick={() => void recordMeal()}>
          {t('case.recordMeal')}
        </button>
        {care.data?.placement.current && (
          <p>
            {t('care.placement.current', {
              type: care.data.placement.current.facilityType,
              setting: care.data.placement.current.setting,
              placedAt: dateTime(care.data.placement.current.placedAt),
            })}
          </p>
        )}
        {(care.data?.healthScreenings.length ?? 0) > 0 && (
          <p>{t('care.screening.last', { screenedAt: dateTime(care.data?.healthScreenings[care.data.healthScreenings.length - 1].screenedAt ?? '') })}</p>
        )}
        <HealthScreeningForm caseId={caseId} caseNumber={record.caseNumber} act={act} />
        <PlacementForm caseId={caseId} officeCode={record.officeCode} onPlaced={() => Promise.all([care.refetch(), timeline.refetch()])} />
      </Section>

      <Section id="calls-title" title={t('case.calls')}>
        {family.isError ? (
          <Unavailable service="family-contact" error={family.error} />
        ) : family.data ? (
          <>
            <p className={family.data.firstCall.overdue ? 'overdue' : undefined}>
              {t('case.firstCall', { state: family.data.firstCall.state, dueAt: dateTime(family.data.firstCall.dueAt) })}
            </p>
            <p>{t('case.callsCount', { count: family.data.calls.length })}</p>
          </>
        ) : null}
        <button type="button" onClick={() => void recordCall()}>
          {t('case.recordCall')}
        </button>
      </Section>

      <Section id="plan-title" title={t('case.returnPlan')}>
        {plans.isError ? (
          <Unavailable service="repatriation" error={plans.error} />
        ) : !plans.data || plans.data.items.length === 0 ? (
          <p>{t('case.noPlan')}</p>
        ) : (
          plans.data.items.map((plan) => (
            <div key={plan.planId}>
              <p>{t('case.planStatus', { country: plan.receivingCountry, status: plan.status })}</p>
              <ul>
                {RETURN_PRECONDITIONS.map((precondition) => {
                  const missing = plan.unmetPreconditions.find((unmet) => unmet.precondition === precondition);
                  return (
                    <li key={precondition} className={missing ? 'missing' : 'met'}>
                      {precondition}: {missing ? `${t('case.precondition.missing')} (${missing.rule})` : t('case.precondition.met')}
                    </li>
                  );
                })}
              </ul>
              {supervisor && plan.status === 'PROPOSED' && (
                <button type="button" disabled={approving} onClick={() => void approve(plan.planId)}>
                  {approving ? t('case.approving') : t('case.approve')}
                </button>
              )}
              {approval?.planId === plan.planId && (
                approval.refusal ? (
                  <ApprovalRefusal problem={approval.refusal} lockReasons={lock?.returnLocked ? lock.reasons : []} />
                ) : (
                  <p role="status" className="notice">
                    {approval.notice}
                  </p>
                )
              )}
            </div>
          ))
        )}
      </Section>

      <Section id="timeline-title" title={t('case.timeline')}>
        {timeline.isError ? (
          <p>{t('case.timelineEmpty')}</p>
        ) : (
          <ol className="timeline">
            {(timeline.data?.items ?? []).map((entry) => (
              <li key={entry.eventId}>
                <time dateTime={entry.occurredAt}>{dateTime(entry.occurredAt)}</time> ·{' '}
                {t('case.timelineEntry', {
                  sentence: eventSentence(entry.type),
                  who: t('case.timelineWho', { kind: entry.actor.kind, id: entry.actor.id, service: serviceName(t, entry.service) }),
                })}
              </li>
            ))}
          </ol>
        )}
      </Section>
    </article>
  );
}
