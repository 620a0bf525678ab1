import { useQueryClient } from '@tanstack/react-query';
import { createContext, ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';

import { ApiCall, apiCaller, OfflineError } from '../api/client';
import { Session } from '../auth/session';
import { Outbox, OutboxEntry, SyncedEntry } from './outbox';
import { indexedDbStore } from './store';
import { Vault } from './vault';

/** How often a device with queued work tries again while it believes it is online. */
const RETRY_MS = 15_000;

export type Submission = Omit<OutboxEntry, 'id' | 'createdAt' | 'state' | 'idempotencyKey'>;
export type SubmitResult = { queued: false; result: unknown } | { queued: true };

interface OfflineState {
  online: boolean;
  entries: OutboxEntry[];
  synced: SyncedEntry[];
  call: ApiCall;
  /** Sends now when it can; without a connection keeps it on the device, to be sent with the same Idempotency-Key. */
  submit(submission: Submission): Promise<SubmitResult>;
  retry(entry: OutboxEntry): Promise<void>;
  discard(entry: OutboxEntry): Promise<void>;
  /** Sign-out: the key and every record on the device are destroyed. */
  clear(): Promise<void>;
}

const OfflineContext = createContext<OfflineState | null>(null);

export function deviceStoreName(session: Session): string {
  return `opis-console-${session.subject}`;
}

export function OfflineProvider({ session, children }: { session: Session; children: ReactNode }) {
  const queryClient = useQueryClient();
  const call = useMemo(() => apiCaller(session.token), [session.token]);
  const [outbox, setOutbox] = useState<Outbox | null>(null);
  const vault = useRef<Vault | null>(null);
  const [online, setOnline] = useState(navigator.onLine);
  const [entries, setEntries] = useState<OutboxEntry[]>([]);
  const [synced, setSynced] = useState<SyncedEntry[]>([]);

  useEffect(() => {
    let cancelled = false;
    void indexedDbStore(deviceStoreName(session))
      .then((store) => Vault.open(store))
      .then((opened) => {
        vault.current = opened;
        if (!cancelled) setOutbox(new Outbox(opened));
      });
    return () => {
      cancelled = true;
    };
  }, [session]);

  const refresh = useCallback(async () => setEntries(outbox ? await outbox.list() : []), [outbox]);

  const sync = useCallback(async () => {
    if (!outbox) return;
    const report = await outbox.sync(call);
    if (report.synced.length > 0) {
      setSynced((previous) => [...report.synced, ...previous].slice(0, 10));
      await queryClient.invalidateQueries();
    }
    await refresh();
  }, [outbox, call, queryClient, refresh]);

  useEffect(() => {
    const goOnline = () => {
      setOnline(true);
      void sync();
    };
    const goOffline = () => setOnline(false);
    addEventListener('online', goOnline);
    addEventListener('offline', goOffline);
    // What an earlier session on this device left waiting goes as soon as the device store is open.
    const first = setTimeout(() => void sync(), 0);
    const timer = setInterval(() => navigator.onLine && void sync(), RETRY_MS);
    return () => {
      removeEventListener('online', goOnline);
      removeEventListener('offline', goOffline);
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [sync]);

  const submit = useCallback(
    async (submission: Submission): Promise<SubmitResult> => {
      const idempotencyKey = crypto.randomUUID();
      if (navigator.onLine) {
        try {
          return { queued: false, result: await call(submission.service, submission.path, { ...submission, idempotencyKey }) };
        } catch (error) {
          if (!(error instanceof OfflineError)) throw error;
        }
      }
      if (!outbox) throw new OfflineError();
      await outbox.add({ ...submission, idempotencyKey });
      await refresh();
      return { queued: true };
    },
    [call, outbox, refresh],
  );

  const value = useMemo<OfflineState>(
    () => ({
      online,
      entries,
      synced,
      call,
      submit,
      retry: async (entry) => {
        await outbox?.retry(entry);
        await sync();
      },
      discard: async (entry) => {
        await outbox?.remove(entry);
        await refresh();
      },
      clear: async () => {
        if (vault.current) await vault.current.destroy();
        // One not opened yet is removed by name.
        else indexedDB.deleteDatabase(deviceStoreName(session));
      },
    }),
    [online, entries, synced, call, submit, outbox, sync, refresh, session],
  );
  return <OfflineContext.Provider value={value}>{children}</OfflineContext.Provider>;
}

export function useOffline(): OfflineState {
  const value = useContext(OfflineContext);
  if (!value) throw new Error('useOffline outside OfflineProvider');
  return value;
}
