import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';

import { acknowledgePath, byAlertUrgency, isOverdue, OPEN_ALERTS_PATH, Task, TaskPage } from '../api/alerts';
import { ApiError, describeProblem, OfflineError } from '../api/client';
import { formatDateTime } from '../i18n/format';
import { useI18n } from '../i18n/i18n';
import { timeZoneOf } from '../i18n/office-time-zones';
import { LiveState, usePollUnlessLive } from '../live/live-tasks';
import { useOffline } from '../offline/offline-context';
import { Link } from '../ui/router';

/** The office's open alerts for its supervisors, with an acknowledgement sent at once (never queued on the device). */
export function Alerts() {
  const { t, locale } = useI18n();
  const { call } = useOffline();
  const poll = usePollUnlessLive();
  const alerts = useQuery({ queryKey: ['alerts'], queryFn: () => call('notifications', OPEN_ALERTS_PATH) as Promise<TaskPage>, refetchInterval: poll, retry: false });
  const [notice, setNotice] = useState<string | null>(null);
  const [sending, setSending] = useState<string | null>(null);
  // Each alert in its own office's time, whatever the device's clock says.
  const at = (task: Task, iso: string) => formatDateTime(locale, timeZoneOf(task.officeCode), iso);
  const caseLabel = (task: Task) => task.caseNumber ?? task.caseId.slice(0, 8);

  const acknowledge = async (task: Task) => {
    setSending(task.taskId);
    try {
      await call('notifications', acknowledgePath(task.taskId), { method: 'POST' });
      setNotice(t('alerts.acknowledged', { caseNumber: caseLabel(task) }));
      await alerts.refetch();
    } catch (error) {
      setNotice(
        error instanceof OfflineError
          ? t('alerts.offline')
          : t('error.generic', { detail: error instanceof ApiError ? `${error.problem.code ?? error.problem.status}: ${describeProblem(error.problem)}` : String(error) }),
      );
    } finally {
      setSending(null);
    }
  };

  const tasks = byAlertUrgency(alerts.data?.items ?? []);
  return (
    <section aria-labelledby="alerts-title">
      <h1 id="alerts-title">{t('alerts.title')}</h1>
      <p>{t('alerts.intro')}</p>
      <LiveState />
      <div role="status" aria-live="polite">
        {notice && <p className="notice">{notice}</p>}
      </div>
      {alerts.isError ? (
        <p className="warning">{t('alerts.unavailable', { detail: alerts.error instanceof ApiError ? describeProblem(alerts.error.problem) : 'notifications' })}</p>
      ) : alerts.isPending ? (
        <p role="status">{t('alerts.loading')}</p>
      ) : tasks.length === 0 ? (
        <p>{t('alerts.empty')}</p>
      ) : (
        <table>
          <caption className="visually-hidden">{t('alerts.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('alerts.state')}</th>
              <th scope="col">{t('alerts.case')}</th>
              <th scope="col">{t('alerts.kind')}</th>
              <th scope="col">{t('alerts.due')}</th>
              <th scope="col">{t('alerts.escalates')}</th>
              <th scope="col">{t('alerts.action')}</th>
            </tr>
          </thead>
          <tbody>
            {tasks.map((task) => {
              const overdue = isOverdue(task);
              const kind = t('alerts.trigger', { trigger: task.trigger });
              return (
                <tr key={task.taskId} className={overdue ? 'overdue' : undefined}>
                  <td>
                    {overdue ? <strong>{t('alerts.overdue')}</strong> : t('alerts.onTime')} · {t('alerts.level', { level: String(task.level) })}
                  </td>
                  <td>
                    <Link href={`/cases/${task.caseId}`}>{caseLabel(task)}</Link>
                  </td>
                  <td>{kind}</td>
                  <td>
                    <time dateTime={task.dueAt}>{at(task, task.dueAt)}</time>
                  </td>
                  <td>{task.escalatesAt ? <time dateTime={task.escalatesAt}>{at(task, task.escalatesAt)}</time> : t('alerts.noEscalation')}</td>
                  <td>
                    <button
                      type="button"
                      disabled={sending === task.taskId}
                      aria-label={t('alerts.acknowledgeLabel', { kind, caseNumber: caseLabel(task) })}
                      onClick={() => void acknowledge(task)}
                    >
                      {t('alerts.acknowledge')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
