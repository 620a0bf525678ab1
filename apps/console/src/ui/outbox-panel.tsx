import { BodyOf, describeProblem } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { OutboxEntry } from '../offline/outbox';
import { useOffline } from '../offline/offline-context';
import { Link } from './router';

type RegistrationResult = BodyOf<'intake', '/v1/cases', 'post'>;

function kindLabel(t: ReturnType<typeof useI18n>['t'], entry: OutboxEntry): string {
  if (entry.kind === 'register') return t('outbox.kind.register', { name: entry.label });
  const kinds = { delivery: t('outbox.kind.delivery'), call: t('outbox.kind.call'), 'health-screening': t('outbox.kind.healthScreening') } as const;
  return `${kinds[entry.kind]} · ${entry.label}`;
}

/** What waits on the device, what was synced, and each conflict with the service's own words. */
export function OutboxPanel() {
  const { t } = useI18n();
  const { entries, synced, retry, discard } = useOffline();
  const conflicts = entries.filter((entry) => entry.state === 'conflict');
  if (conflicts.length === 0 && synced.length === 0) return null;
  return (
    <section aria-labelledby="outbox-title" className="panel">
      <h2 id="outbox-title">{t('outbox.title')}</h2>
      <ul aria-live="polite">
        {synced.map(({ entry, result }) => {
          const registered = entry.kind === 'register' ? (result as RegistrationResult) : undefined;
          return (
            <li key={entry.id}>
              {t('outbox.synced', { label: kindLabel(t, entry) })}
              {registered && (
                <>
                  {' → '}
                  <Link href={`/cases/${registered.caseId}`}>{registered.caseNumber}</Link>
                </>
              )}
            </li>
          );
        })}
        {conflicts.map((entry) => (
          <li key={entry.id} className="conflict">
            {kindLabel(t, entry)}: {t('outbox.conflict', { detail: entry.problem ? describeProblem(entry.problem) : '' })}{' '}
            <button type="button" onClick={() => void retry(entry)}>
              {t('outbox.retry')}
            </button>{' '}
            <button type="button" onClick={() => void discard(entry)}>
              {t('outbox.discard')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
