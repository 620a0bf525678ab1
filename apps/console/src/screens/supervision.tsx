import { useQuery } from '@tanstack/react-query';

import { ApiError, BodyOf, describeProblem } from '../api/client';
import { formatDateTime } from '../i18n/format';
import { useI18n } from '../i18n/i18n';
import { timeZoneOf } from '../i18n/office-time-zones';
import { useOffline } from '../offline/offline-context';
import { Link } from '../ui/router';

type AwaitingApproval = BodyOf<'repatriation', '/v1/return-plans-awaiting-approval', 'get'>;
type Overrides = BodyOf<'legal-status', '/v1/procedure-overrides', 'get'>;

/**
 * For supervisors: the office's return plans waiting for their approval (the longest waiting
 * first; each approved or refused on its case, where its preconditions and the lock are shown),
 * and the migration procedures resolved against the plan's measure, with who and why (LM-06).
 */
export function Supervision() {
  const { t, locale } = useI18n();
  const { call } = useOffline();
  const approvals = useQuery({ queryKey: ['supervision', 'approvals'], queryFn: () => call('repatriation', '/v1/return-plans-awaiting-approval?limit=100') as Promise<AwaitingApproval>, retry: false });
  const overrides = useQuery({ queryKey: ['supervision', 'overrides'], queryFn: () => call('legal-status', '/v1/procedure-overrides?limit=100') as Promise<Overrides>, retry: false });
  const at = (officeCode: string, iso: string) => formatDateTime(locale, timeZoneOf(officeCode), iso);
  const unavailable = (error: unknown) => t('supervision.unavailable', { detail: error instanceof ApiError ? describeProblem(error.problem) : String(error) });

  return (
    <section aria-labelledby="supervision-title">
      <h1 id="supervision-title">{t('supervision.title')}</h1>
      <section aria-labelledby="approvals-title">
        <h2 id="approvals-title">{t('supervision.approvals')}</h2>
        {approvals.isError ? (
          <p className="warning">{unavailable(approvals.error)}</p>
        ) : approvals.isPending ? (
          <p role="status">{t('supervision.loading')}</p>
        ) : approvals.data.items.length === 0 ? (
          <p>{t('supervision.approvals.none')}</p>
        ) : (
          <ul>
            {approvals.data.items.map((plan) => (
              <li key={plan.planId}>
                {t('supervision.approval', { country: plan.receivingCountry, proposedAt: at(plan.officeCode, plan.proposedAt), by: plan.proposedBy })}{' '}
                <Link href={`/cases/${plan.caseId}`}>{t('supervision.openCase')}</Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="overrides-title">
        <h2 id="overrides-title">{t('supervision.overrides')}</h2>
        {overrides.isError ? (
          <p className="warning">{unavailable(overrides.error)}</p>
        ) : overrides.isPending ? (
          <p role="status">{t('supervision.loading')}</p>
        ) : overrides.data.items.length === 0 ? (
          <p>{t('supervision.overrides.none')}</p>
        ) : (
          <ul>
            {overrides.data.items.map((override) => (
              <li key={override.caseId}>
                <Link href={`/cases/${override.caseId}`}>{override.caseNumber}</Link>{' '}
                {t('supervision.override', {
                  resolution: override.resolution,
                  resolvedAt: at(override.officeCode, override.resolvedAt),
                  by: override.overriddenBy,
                  reason: override.overrideReason ?? '',
                })}
              </li>
            ))}
          </ul>
        )}
      </section>
    </section>
  );
}
