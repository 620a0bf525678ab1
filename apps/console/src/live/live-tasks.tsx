import { useQueryClient } from '@tanstack/react-query';
import { createContext, ReactNode, useContext, useEffect, useState } from 'react';

import { followTaskStream } from '../api/task-stream';
import { Session } from '../auth/session';
import { useI18n } from '../i18n/i18n';

/** How often the alerts and the worklist are read again while the live stream is down. */
const POLL_MS = 30_000;

const LiveTasks = createContext(false);

/** Follows notifications' live stream for the session: a change of a task re-reads the alerts and the worklist's alerts at once. */
export function LiveTasksProvider({ session, children }: { session: Session; children: ReactNode }) {
  const queryClient = useQueryClient();
  const [live, setLive] = useState(false);
  useEffect(() => {
    const stop = followTaskStream(
      session.token,
      () => {
        void queryClient.invalidateQueries({ queryKey: ['alerts'] });
        void queryClient.invalidateQueries({ queryKey: ['worklist', 'notifications'] });
      },
      setLive,
    );
    // The service does not end a stream when its token expires: the console does.
    const expiry = setTimeout(
      () => {
        stop();
        setLive(false);
      },
      Math.max(0, session.expiresAt * 1000 - Date.now()),
    );
    return () => {
      clearTimeout(expiry);
      stop();
    };
  }, [session.token, session.expiresAt, queryClient]);
  return <LiveTasks.Provider value={live}>{children}</LiveTasks.Provider>;
}

/** A query's refetchInterval: none while the stream is live (it says when to read again), else a poll. */
export function usePollUnlessLive(): number | false {
  return useContext(LiveTasks) ? false : POLL_MS;
}

/** Says whether what the screen shows follows the stream or is read every 30 s. */
export function LiveState() {
  const { t } = useI18n();
  const live = useContext(LiveTasks);
  return (
    <p className="live" role="status">
      {live ? t('live.on') : t('live.off')}
    </p>
  );
}
