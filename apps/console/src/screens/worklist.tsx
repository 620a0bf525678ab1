import { useQueries } from '@tanstack/react-query';

import { fetchSource, byUrgency, WORKLIST_SOURCES } from '../api/worklist';
import { useI18n } from '../i18n/i18n';
import { LiveState, usePollUnlessLive } from '../live/live-tasks';
import { useOffline } from '../offline/offline-context';
import { Link } from '../ui/router';

export function Worklist() {
  const { t, dateTime } = useI18n();
  const { call } = useOffline();
  const poll = usePollUnlessLive();
  const results = useQueries({
    queries: WORKLIST_SOURCES.map((source) => ({
      queryKey: ['worklist', source.name],
      queryFn: () => fetchSource(call, source),
      // Alerts follow the live stream; care's needs and intake's clocks are read every 30 s.
      refetchInterval: source.name === 'notifications' ? poll : 30_000,
    })),
  });
  const loading = results.some((result) => result.isPending);
  const rows = byUrgency(results.flatMap((result) => result.data ?? []));
  const failed = WORKLIST_SOURCES.filter((_, index) => results[index].isError).map((source) => source.name);

  return (
    <section aria-labelledby="worklist-title">
      <h1 id="worklist-title">{t('worklist.title')}</h1>
      <p>{t('worklist.intro')}</p>
      <LiveState />
      {failed.length > 0 && <p className="warning">{t('worklist.sourceUnavailable', { source: failed.join(', ') })}</p>}
      {loading && rows.length === 0 ? (
        <p role="status">{t('worklist.loading')}</p>
      ) : rows.length === 0 ? (
        <p>{t('worklist.empty')}</p>
      ) : (
        <table>
          <caption className="visually-hidden">{t('worklist.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('worklist.state')}</th>
              <th scope="col">{t('worklist.case')}</th>
              <th scope="col">{t('worklist.what')}</th>
              <th scope="col">{t('worklist.due')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key} className={row.overdue ? 'overdue' : undefined}>
                <td>{row.overdue ? <strong>{t('worklist.overdue')}</strong> : t('worklist.onTime')}</td>
                <td>
                  <Link href={`/cases/${row.caseId}`}>{row.caseNumber || row.caseId.slice(0, 8)}</Link>
                </td>
                <td>
                  {row.kind === 'need'
                    ? t('worklist.kind.need', { need: row.subject })
                    : row.kind === 'inv03'
                      ? t('worklist.kind.inv03')
                      : t('worklist.kind.task', { subject: t('alerts.trigger', { trigger: row.subject }) })}
                </td>
                <td>{row.dueAt ? <time dateTime={row.dueAt}>{dateTime(row.dueAt)}</time> : t('worklist.noDue')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
