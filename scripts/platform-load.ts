// Registrations as the offices send them, for the platform benchmark and the fault-injection run:
// a realistic office mix (Chiapas heaviest, then the southern border, then the north), unique
// invented names, and an Idempotency-Key per registration that identifies it afterwards.
import { Agent, request } from 'node:http';

import { OfficeCode } from '@opis/contracts-envelope';

/** Share of registrations per office, out of 100: Tapachula (Chiapas) receives most children. */
export const OFFICE_MIX: ReadonlyArray<readonly [OfficeCode, number]> = [
  ['CHP', 40],
  ['TAB', 12],
  ['VER', 9],
  ['OAX', 8],
  ['CHH', 7],
  ['BCN', 6],
  ['TAM', 6],
  ['SON', 5],
  ['CMX', 4],
  ['COA', 3],
];

const OFFICE_WHEEL: OfficeCode[] = OFFICE_MIX.flatMap(([office, share]) => Array.from({ length: share }, () => office));

export function officeFor(i: number): OfficeCode {
  // A stride coprime with 100 spreads each office's registrations evenly over the run.
  return OFFICE_WHEEL[(i * 37) % OFFICE_WHEEL.length];
}

const SYLLABLES = ['ka', 'lu', 'mi', 'xo', 'te', 'ra', 'ni', 'so', 'ba', 'du', 'ya', 'pe', 'qui', 'zu', 'lo', 'ma'];

/** An invented name no one has: the run's id and the registration's number spelled in syllables. */
function inventedName(run: string, i: number): string {
  let n = i;
  let word = '';
  do {
    word += SYLLABLES[n % SYLLABLES.length];
    n = Math.floor(n / SYLLABLES.length);
  } while (n > 0);
  return `${word.charAt(0).toUpperCase()}${word.slice(1)} ${run}`;
}

export function registrationBody(run: string, i: number) {
  return {
    child: {
      givenNames: inventedName(run, i),
      familyNames: `Prueba ${['Xol', 'Coj', 'Tum', 'Caal', 'Pop', 'Tzul'][i % 6]}`,
      sex: i % 2 ? 'F' : 'M',
      age: { years: 4 + (i % 14), status: 'DECLARED' },
      nationality: ['GT', 'HN', 'SV', 'VE', 'HT', 'MX'][i % 6],
      countryOfResidence: 'GT',
      languages: ['spa'],
      speaksSpanish: 'YES',
    },
    encounter: {
      officeCode: officeFor(i),
      migrationPoint: 'Punto de prueba',
      detectedAt: new Date(Date.now() - 3_600_000).toISOString(),
      entryPath: 'DETECTED',
      // Accompanied children need the adult's evidence and a household: the mix keeps to those met alone or separated.
      accompaniment: i % 4 === 0 ? 'SEPARATED' : 'UNACCOMPANIED',
    },
    screening: { protectionNeedIndicated: i % 10 === 0, traffickingIndicators: false, medicalEmergency: i % 50 === 0, disability: false, pregnant: false },
  };
}

/**
 * What the client learned: acknowledged (201, the case id), refused (a 4xx/5xx answer: the
 * service says nothing was written) or unknown (no answer: a timeout or a reset connection;
 * the registration may or may not have committed).
 */
export type Outcome = { kind: 'acknowledged'; caseId: string } | { kind: 'refused'; status: number } | { kind: 'unknown'; reason: string };

export interface Registrar {
  register(i: number): Promise<{ outcome: Outcome; ms: number; key: string }>;
  close(): void;
}

export function createRegistrar(options: { baseUrl: () => string; run: string; tokenFor: (office: OfficeCode) => string; timeoutMs: number; maxSockets?: number }): Registrar {
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 64 });
  const register = (i: number) =>
    new Promise<{ outcome: Outcome; ms: number; key: string }>((resolve) => {
      const key = `${options.run}-${i}`;
      const input = registrationBody(options.run, i);
      const payload = JSON.stringify(input);
      const started = performance.now();
      let settled = false;
      const settle = (outcome: Outcome) => {
        if (settled) return;
        settled = true;
        resolve({ outcome, ms: performance.now() - started, key });
      };
      const req = request(
        `${options.baseUrl()}/v1/cases`,
        {
          method: 'POST',
          agent,
          timeout: options.timeoutMs,
          headers: {
            authorization: `Bearer ${options.tokenFor(input.encounter.officeCode)}`,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(payload),
            'idempotency-key': key,
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', (error) => settle({ kind: 'unknown', reason: error.message }));
          response.on('end', () => {
            const status = response.statusCode ?? 0;
            if (status === 201 || status === 200) {
              settle({ kind: 'acknowledged', caseId: JSON.parse(Buffer.concat(chunks).toString('utf8')).caseId as string });
            } else if (status === 503 && Buffer.concat(chunks).toString('utf8').includes('"DATABASE_UNREACHABLE"')) {
              // The database was never reached: a refusal, which the checker holds to "nothing written".
              settle({ kind: 'refused', status });
            } else if (status >= 500) {
              // A 5xx may come after the commit (a failure while answering): not a refusal.
              settle({ kind: 'unknown', reason: `HTTP ${status}` });
            } else {
              settle({ kind: 'refused', status });
            }
          });
        },
      );
      req.on('timeout', () => {
        req.destroy(new Error('timeout'));
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        // Refused before anything was sent (the service is down): nothing can have been written.
        if (error.code === 'ECONNREFUSED') settle({ kind: 'refused', status: 0 });
        else settle({ kind: 'unknown', reason: error.code ?? error.message });
      });
      req.end(payload);
    });
  return { register, close: () => agent.destroy() };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
