// The notifications service's live stream of task changes (server-sent events, GET
// /v1/tasks/stream), read with fetch rather than EventSource: EventSource cannot send the
// officer's bearer token. Each `event: task` says a task of the officer's offices changed.

/** The events complete in `buffer` (each ends with a blank line), and what is left of it. */
export function parseEvents(buffer: string): { events: { event: string; data: string }[]; rest: string } {
  const blocks = buffer.replace(/\r\n/g, '\n').split('\n\n');
  const rest = blocks.pop() ?? '';
  const events = blocks.flatMap((block) => {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      // A line starting with ':' is a comment (the service's keep-alive).
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    return data.length > 0 ? [{ event, data: data.join('\n') }] : [];
  });
  return { events, rest };
}

/** How long to wait before connecting again after the stream ended or failed: doubling, at most a minute. */
export function reconnectDelayMs(failures: number): number {
  return Math.min(60_000, 2_000 * 2 ** Math.max(0, failures - 1));
}

/** An answer that connecting again will not change: not signed in, or not allowed to read alerts. */
function isFinal(status: number): boolean {
  return status === 401 || status === 403;
}

/**
 * Follows the stream until stopped, connecting again after a failure. `onLive(true)` once the
 * service has answered, `onLive(false)` when the stream is lost (the screens poll meanwhile). The
 * stream tells only changes made after it connects: each connection is also a change, so that
 * what changed while it was down is read again.
 */
export function followTaskStream(token: string, onTaskChanged: () => void, onLive: (live: boolean) => void, origin = ''): () => void {
  const abort = new AbortController();
  let failures = 0;
  const run = async () => {
    while (!abort.signal.aborted) {
      try {
        const response = await fetch(`${origin}/api/notifications/v1/tasks/stream`, {
          headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
          signal: abort.signal,
        });
        if (isFinal(response.status)) {
          onLive(false);
          return;
        }
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        onLive(true);
        onTaskChanged();
        failures = 0;
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          const parsed = parseEvents(buffer + value);
          buffer = parsed.rest;
          if (parsed.events.some((each) => each.event === 'task')) onTaskChanged();
        }
      } catch {
        // Lost, refused or stopped: decided below.
      }
      if (abort.signal.aborted) return;
      onLive(false);
      failures += 1;
      await new Promise((resolve) => setTimeout(resolve, reconnectDelayMs(failures)));
    }
  };
  void run();
  return () => abort.abort();
}
