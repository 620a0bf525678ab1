import { QueryClient } from '@tanstack/react-query';

import { apiCaller } from './api/client';
import { fetchSource, WORKLIST_SOURCES } from './api/worklist';
import { Session } from './auth/session';

/** One per page: made before React renders, so that the worklist's reads can start first. */
export const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 10_000, retry: 1 } } });

/**
 * Opening the console signed in on the worklist: its three reads start now, while React renders,
 * under the keys the worklist reads them with (it takes what they bring). Half a second sooner on
 * a slow phone (docs/console, budgets).
 */
export function prefetchWorklist(session: Session | null, path: string): void {
  if (!session || path !== '/') return;
  const call = apiCaller(session.token);
  for (const source of WORKLIST_SOURCES) {
    void queryClient.prefetchQuery({ queryKey: ['worklist', source.name], queryFn: () => fetchSource(call, source) });
  }
}
