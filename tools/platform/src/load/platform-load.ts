// Registrations as the offices send them, for the platform benchmark and the fault-injection run:
// a realistic office mix (Chiapas heaviest, then the southern border, then the north), names with
// as many namesakes as in an office, and an Idempotency-Key per registration that identifies it
// afterwards. For the fault run, each case then lives a journey across services (corrections,
// transfers, the Procuraduría, DIF, a protection claim, a session with the child, a free call),
// interleaved with other cases' journeys, so that every service learns several facts per case.
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

// Names as officers meet them: given names and surnames common among the children who cross
// Mexico's southern border, drawn with the skew of real registers (a few names are very common,
// most are rare), so that the duplicate search meets as many namesakes as it would in an office.
// Registrations are told apart by their Idempotency-Key, never by their name.
const GIVEN_F = ['María', 'Ana', 'Sofía', 'Daniela', 'Fernanda', 'Guadalupe', 'Karla', 'Dulce', 'Rosa', 'Wendy', 'Yeimi', 'Lesly', 'Glenda', 'Milagro', 'Elvia', 'Ixchel', 'Alejandra', 'Gabriela', 'Valeria', 'Camila', 'Andrea', 'Paola', 'Jennifer', 'Kimberly', 'Yaritza', 'Dayana', 'Esther', 'Marisol', 'Odalys', 'Nahomi', 'Wilmary', 'Fabiola', 'Roselande', 'Nadège', 'Keila', 'Brenda', 'Mayra', 'Heidy', 'Iris', 'Lucía'];
const GIVEN_M = ['José', 'Juan', 'Luis', 'Carlos', 'Jorge', 'Kevin', 'Brayan', 'Héctor', 'Marvin', 'Santos', 'Edwin', 'Oscar', 'Fernando', 'Byron', 'Ángel', 'Cristian', 'Miguel', 'Jesús', 'David', 'Josué', 'Anderson', 'Wilmer', 'Elmer', 'Erick', 'Selvin', 'Jefferson', 'Darwin', 'Yordi', 'Francisco', 'Antonio', 'Samuel', 'Mateo', 'Jean', 'Wilson', 'Nelson', 'Rigoberto', 'Alexander', 'Dennis', 'Melvin', 'Pedro'];
const FAMILY = ['López', 'García', 'Hernández', 'Pérez', 'Martínez', 'Ramírez', 'González', 'Rodríguez', 'Cruz', 'Gómez', 'Reyes', 'Flores', 'Morales', 'Mejía', 'Castillo', 'Ortiz', 'Chávez', 'Juárez', 'Vásquez', 'Mendoza', 'Aguilar', 'Rivera', 'Méndez', 'Díaz', 'Sánchez', 'Romero', 'Torres', 'Álvarez', 'Ramos', 'Velásquez', 'Escobar', 'Orellana', 'Portillo', 'Argueta', 'Alvarado', 'Xol', 'Coj', 'Tum', 'Caal', 'Pop', 'Tzul', 'Ajú', 'Cac', 'Ixcoy', 'Choc', 'Batz', 'Quej', 'Tiul', 'Jean-Baptiste', 'Pierre', 'Joseph', 'Louis', 'Charles', 'Rojas', 'Contreras', 'Guerrero', 'Medina', 'Suárez', 'Acosta', 'Zelaya'];

/** A deterministic generator per registration (mulberry32), so a run's names come out the same every time. */
export function randomFor(run: string, i: number): () => number {
  let seed = i;
  for (const char of run) seed = Math.imul(seed ^ char.charCodeAt(0), 2654435761) >>> 0;
  return () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An entry of `list`, the first ones most often (weight 1/rank, as names are spread in a population). */
function skewedPick(list: readonly string[], random: () => number): string {
  const harmonic = list.reduce((sum, _name, rank) => sum + 1 / (rank + 1), 0);
  let target = random() * harmonic;
  for (const [rank, name] of list.entries()) {
    target -= 1 / (rank + 1);
    if (target <= 0) return name;
  }
  return list[list.length - 1];
}

export function inventedName(run: string, i: number, sex: 'F' | 'M'): { givenNames: string; familyNames: string } {
  const random = randomFor(run, i);
  const given = sex === 'F' ? GIVEN_F : GIVEN_M;
  const first = skewedPick(given, random);
  const second = skewedPick(given, random);
  const givenNames = random() < 0.6 && second !== first ? `${first} ${second}` : first;
  const paternal = skewedPick(FAMILY, random);
  const familyNames = random() < 0.9 ? `${paternal} ${skewedPick(FAMILY, random)}` : paternal;
  return { givenNames, familyNames };
}

export function registrationBody(run: string, i: number) {
  const sex = i % 2 ? 'F' : 'M';
  return {
    child: {
      ...inventedName(run, i, sex),
      sex,
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
  /** Registration `i`; a retry passes the body of the first attempt, so that its Idempotency-Key meets the same request. */
  register(i: number, body?: ReturnType<typeof registrationBody>): Promise<{ outcome: Outcome; ms: number; key: string }>;
  close(): void;
}

export function createRegistrar(options: { baseUrl: () => string; run: string; tokenFor: (office: OfficeCode) => string; timeoutMs: number; maxSockets?: number }): Registrar {
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 64 });
  const register = (i: number, body?: ReturnType<typeof registrationBody>) =>
    new Promise<{ outcome: Outcome; ms: number; key: string }>((resolve) => {
      const key = `${options.run}-${i}`;
      const input = body ?? registrationBody(options.run, i);
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
            const text = Buffer.concat(chunks).toString('utf8');
            const location = typeof response.headers.location === 'string' ? response.headers.location : '';
            if (status === 201 || status === 200) {
              settle({ kind: 'acknowledged', caseId: JSON.parse(text).caseId as string });
            } else if (status === 409 && text.includes('"IDEMPOTENCY_KEY_OUTCOME_UNRECORDED"') && location.startsWith('/v1/cases/')) {
              // Applied before its service stopped, answer unrecorded: the key's Location names the case.
              settle({ kind: 'acknowledged', caseId: location.slice('/v1/cases/'.length) });
            } else if (status === 409 && text.includes('"IDEMPOTENCY_KEY_IN_PROGRESS"')) {
              // The first request with this key may still commit: neither told done nor refused.
              settle({ kind: 'unknown', reason: 'HTTP 409 in progress' });
            } else if (status === 503 && /"(DATABASE_UNREACHABLE|SERVICE_BUSY)"/.test(text)) {
              // The database was never reached, or the request never started: a refusal, which the
              // checker holds to "nothing written".
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
