import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * A free TCP port on 127.0.0.1, never the same twice in one process, and below the kernel's
 * ephemeral range. Listening on port 0 twice can give the same port twice (a chaos run told
 * care and statistics both to listen on 36615, and they took turns failing to restart), and a
 * port from the ephemeral range can be taken by an outgoing connection while its server is down
 * (a killed service, a stopped PostgreSQL), which then cannot listen again.
 */
export async function freePort(): Promise<number> {
  const [low, high] = portsBelowEphemeralRange();
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const candidate = high > low && attempt < 50 ? low + Math.floor(Math.random() * (high - low)) : await listenOn(0);
    if (handedOut.has(candidate) || !(await canListen(candidate))) continue;
    handedOut.add(candidate);
    return candidate;
  }
  throw new Error('no free port found');
}

const handedOut = new Set<number>();

function portsBelowEphemeralRange(): [number, number] {
  let ephemeralStart = 32_768;
  try {
    ephemeralStart = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || ephemeralStart;
  } catch {
    // not Linux: the usual default
  }
  return [10_000, ephemeralStart];
}

async function canListen(port: number): Promise<boolean> {
  try {
    return (await listenOn(port)) === port;
  } catch {
    return false;
  }
}

function listenOn(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

/**
 * Polls `check` until it resolves true or the deadline passes. For real conditions, not sleeps.
 * 30 s by default: in `npm test` a suite may run beside the chaos run (a private PostgreSQL and
 * eleven service processes) on two cores, where an event can take seconds to travel; a condition
 * that never comes still fails, only later.
 */
export async function waitFor(
  description: string,
  check: () => Promise<boolean> | boolean,
  { timeoutMs = 30_000, intervalMs = 25 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  const cause = lastError instanceof Error ? `: ${lastError.message}` : '';
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}${cause}`);
}
