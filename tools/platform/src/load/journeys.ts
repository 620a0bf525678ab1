// Case journeys (the fault run): what happens to a case after its registration, chosen per case
// from the run's seed and the case's index alone, so that a seed replays the same journeys.
import { Agent, request } from 'node:http';

import { OfficeCode } from '@opis/contracts-envelope';

import { OFFICE_MIX, randomFor, registrationBody, sleep } from './platform-load';

/** One thing an office (or the national protection desk) does to a registered case. */
export type JourneyStep =
  /** PATCH of intake's case: categories (age, nationality, sex, accompaniment) or screening flags. */
  | { kind: 'correct'; body: Record<string, unknown>; fields: string[] }
  /** A protection need seen later: PATCH of the screening (intake), which legal-status must learn. */
  | { kind: 'raise-protection-need' }
  | { kind: 'transfer'; toOffice: OfficeCode }
  | { kind: 'notify-procuraduria' }
  | { kind: 'channel-to-dif' }
  /** legal-status: the COMAR claim, with a representative (protection.changed, lock.changed). */
  | { kind: 'file-claim' }
  /** legal-status: the child informed of their rights and heard; sometimes a fear of return (a lock). */
  | { kind: 'inform'; fearOfReturn: boolean }
  /** family-contact: a relative the child names, and the free call (call.logged). */
  | { kind: 'family-call' };

export interface Journey {
  /** Each step with the think time before it (ms). */
  steps: ReadonlyArray<{ step: JourneyStep; afterMs: number }>;
}

const CORRECTABLE_NATIONALITIES = ['GT', 'HN', 'SV', 'VE', 'HT'];

/**
 * The journey of case `i`: usually a correction of its categories, often a transfer (sometimes a
 * second), for some a protection need raised later, a COMAR claim, a session with the child or a
 * free call, then the Procuraduría and DIF back to back (two events of one case close together,
 * which two instances of a consumer may receive out of order), and sometimes a late correction.
 */
export function journeyFor(seed: number, i: number): Journey {
  const random = randomFor(`journey-${seed}`, i);
  const registered = registrationBody('journey', i);
  const state = {
    years: registered.child.age.years,
    nationality: registered.child.nationality,
    sex: registered.child.sex as 'F' | 'M',
    accompaniment: registered.encounter.accompaniment as 'SEPARATED' | 'UNACCOMPANIED',
    office: registered.encounter.officeCode,
    protectionNeed: registered.screening.protectionNeedIndicated,
  };
  const steps: Array<{ step: JourneyStep; afterMs: number }> = [];
  const think = () => 100 + Math.floor(random() * 600);
  const correction = (): JourneyStep => {
    const body: Record<string, Record<string, unknown>> = {};
    const fields: string[] = [];
    const which = Math.floor(random() * 5);
    if (which === 0 || which === 4) {
      // Across the band boundary (0-11 / 12-17), so the copies' age band moves.
      state.years = state.years < 12 ? state.years + 6 : state.years - 6;
      body.child = { ...body.child, age: { years: state.years, status: 'DECLARED' } };
      fields.push('age');
    }
    if (which === 1 || which === 4) {
      const others = CORRECTABLE_NATIONALITIES.filter((code) => code !== state.nationality);
      state.nationality = others[Math.floor(random() * others.length)];
      body.child = { ...body.child, nationality: state.nationality };
      fields.push('nationality');
    }
    if (which === 2) {
      state.sex = state.sex === 'F' ? 'M' : 'F';
      body.child = { ...body.child, sex: state.sex };
      fields.push('sex');
    }
    if (which === 3 || which === 4) {
      state.accompaniment = state.accompaniment === 'SEPARATED' ? 'UNACCOMPANIED' : 'SEPARATED';
      body.encounter = { accompaniment: state.accompaniment };
      fields.push('accompaniment');
    }
    if (random() < 0.15) {
      body.screening = { medicalEmergency: true };
      fields.push('medicalEmergency');
    }
    return { kind: 'correct', body, fields };
  };
  const transfer = (): JourneyStep => {
    const others = OFFICE_MIX.map(([office]) => office).filter((office) => office !== state.office);
    state.office = others[Math.floor(random() * others.length)];
    return { kind: 'transfer', toOffice: state.office };
  };
  if (random() < 0.8) steps.push({ step: correction(), afterMs: think() });
  if (random() < 0.6) steps.push({ step: transfer(), afterMs: think() });
  if (!state.protectionNeed && random() < 0.3) {
    state.protectionNeed = true;
    steps.push({ step: { kind: 'raise-protection-need' }, afterMs: think() });
  }
  if (random() < 0.25) steps.push({ step: { kind: 'file-claim' }, afterMs: think() });
  if (random() < 0.2) steps.push({ step: { kind: 'inform', fearOfReturn: random() < 0.5 }, afterMs: think() });
  if (random() < 0.25) steps.push({ step: { kind: 'family-call' }, afterMs: think() });
  if (random() < 0.2) steps.push({ step: transfer(), afterMs: think() });
  if (random() < 0.7) {
    steps.push({ step: { kind: 'notify-procuraduria' }, afterMs: think() });
    if (random() < 0.85) steps.push({ step: { kind: 'channel-to-dif' }, afterMs: 0 });
  }
  if (random() < 0.3) steps.push({ step: correction(), afterMs: think() });
  return { steps };
}

/** How a step ended, as the client knows it. */
export type StepOutcome =
  /** Answered 2xx. */
  | 'acknowledged'
  /** A retry was refused as done already (409/422 after an attempt whose outcome was unknown). */
  | 'landed-earlier'
  /** Refused by a rule (4xx at the first answer): nothing written. */
  | 'refused'
  /** No answer worth trusting within the step's deadline: it may or may not have happened. */
  | 'gave-up';

export interface StepRecord {
  caseId: string;
  kind: JourneyStep['kind'];
  outcome: StepOutcome;
  status: number;
  attempts: number;
}

type Answer = { kind: 'answered'; status: number; body: string; etag?: string } | { kind: 'unreachable' } | { kind: 'unknown'; reason: string };

export interface JourneyClientOptions {
  /** The URLs of a service's instances; requests go round robin, so a killed instance costs one retry. */
  urlsOf: (service: 'intake' | 'legal-status' | 'family-contact') => readonly string[];
  /** A token of the national desk (every office, officer and supervisor): follow-up steps meet the case wherever it was transferred. */
  token: string;
  timeoutMs: number;
  /** Longest a step keeps retrying (a service down, a copy not there yet). */
  stepDeadlineMs: number;
}

/** Runs journeys' steps over HTTP, with the retries an office's client makes. */
export function createJourneyClient(options: JourneyClientOptions) {
  const agent = new Agent({ keepAlive: true, maxSockets: 128 });
  const turns = new Map<string, number>();
  const send = (service: 'intake' | 'legal-status' | 'family-contact', method: string, path: string, body: unknown, extraHeaders: Record<string, string> = {}) =>
    new Promise<Answer>((resolve) => {
      const urls = options.urlsOf(service);
      const turn = turns.get(service) ?? 0;
      turns.set(service, turn + 1);
      const payload = body === undefined ? '' : JSON.stringify(body);
      let settled = false;
      const settle = (answer: Answer) => {
        if (settled) return;
        settled = true;
        resolve(answer);
      };
      const req = request(
        `${urls[turn % urls.length]}${path}`,
        {
          method,
          agent,
          timeout: options.timeoutMs,
          headers: {
            authorization: `Bearer ${options.token}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
            ...extraHeaders,
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', (error) => settle({ kind: 'unknown', reason: error.message }));
          const etag = response.headers.etag;
          response.on('end', () => settle({ kind: 'answered', status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ...(etag ? { etag } : {}) }));
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (error: NodeJS.ErrnoException) => settle(error.code === 'ECONNREFUSED' ? { kind: 'unreachable' } : { kind: 'unknown', reason: error.code ?? error.message }));
      req.end(payload);
    });

  /**
   * One step to its end. Retried: no answer, a refusal that wrote nothing (503: database
   * unreachable, busy), another 5xx, and 404 from a service whose copy of the case has not
   * arrived yet. A 409/412/422 after an attempt that may have landed means it did (a correction
   * that landed raised the version its retry names: 412).
   */
  const attempt = async (
    caseId: string,
    kind: JourneyStep['kind'],
    service: 'intake' | 'legal-status' | 'family-contact',
    method: string,
    path: string,
    body: unknown,
  ): Promise<StepRecord & { body: string }> => {
    const deadline = performance.now() + options.stepDeadlineMs;
    let mayHaveLanded = false;
    for (let attempts = 1; ; attempts++) {
      // A correction names the version it corrects (docs/api.md): read it first, each attempt.
      const read = method === 'PATCH' ? await send(service, 'GET', path, undefined) : undefined;
      const ifMatch: Record<string, string> = read?.kind === 'answered' && read.etag ? { 'if-match': read.etag } : {};
      const answer = read && read.kind !== 'answered' ? read : await send(service, method, path, body, ifMatch);
      const status = answer.kind === 'answered' ? answer.status : 0;
      if (answer.kind === 'answered' && status >= 200 && status < 300) return { caseId, kind, outcome: 'acknowledged', status, attempts, body: answer.body };
      if (answer.kind === 'answered' && (status === 409 || status === 412 || status === 422) && mayHaveLanded) return { caseId, kind, outcome: 'landed-earlier', status, attempts, body: answer.body };
      const copyNotThereYet = status === 404 && service !== 'intake';
      const retriable = answer.kind !== 'answered' || status >= 500 || copyNotThereYet;
      if (!retriable) return { caseId, kind, outcome: 'refused', status, attempts, body: answer.kind === 'answered' ? answer.body : '' };
      if (answer.kind === 'unknown' || (status >= 500 && !/"(DATABASE_UNREACHABLE|SERVICE_BUSY)"/.test(answer.kind === 'answered' ? answer.body : ''))) mayHaveLanded = true;
      if (performance.now() > deadline) return { caseId, kind, outcome: 'gave-up', status, attempts, body: '' };
      // A client's pause before it tries again: the retry itself is what finds the service back.
      await sleep(Math.min(2_000, 100 * 2 ** Math.min(attempts, 5)));
    }
  };

  const at = () => new Date(Date.now() - 1_000).toISOString();

  /** Runs one step of case `caseId` (registered as case `i` of the run). */
  const run = async (caseId: string, i: number, step: JourneyStep): Promise<StepRecord> => {
    const base = `/v1/cases/${caseId}`;
    switch (step.kind) {
      case 'correct':
        return attempt(caseId, step.kind, 'intake', 'PATCH', base, step.body);
      case 'raise-protection-need':
        return attempt(caseId, step.kind, 'intake', 'PATCH', base, { screening: { protectionNeedIndicated: true } });
      case 'transfer':
        return attempt(caseId, step.kind, 'intake', 'POST', `${base}/transfers`, { toOffice: step.toOffice, reason: 'Traslado a la oficina que recibe al niño' });
      case 'notify-procuraduria':
        return attempt(caseId, step.kind, 'intake', 'PUT', `${base}/procuraduria-notification`, {
          notifiedAt: at(),
          procuraduria: 'Procuraduría de Protección de Niñas, Niños y Adolescentes',
          officialName: 'Lic. Rebeca Pérez',
          means: 'OFFICIAL_LETTER',
          reference: `PPNNA-${i}`,
        });
      case 'channel-to-dif':
        return attempt(caseId, step.kind, 'intake', 'PUT', `${base}/dif-channelling`, {
          channelledAt: at(),
          facilityType: 'DIF_SHELTER',
          facilityName: 'Albergue temporal del DIF',
          receivedBy: 'Lic. Marta Ochoa',
          receiptNumber: `DIF-REC-${i}`,
          actaNumber: `ACTA-${i}`,
        });
      case 'file-claim':
        return attempt(caseId, step.kind, 'legal-status', 'POST', `${base}/protection/claim`, { filedAt: at(), representative: 'Lic. Rebeca Pérez, Procuraduría' });
      case 'inform':
        return attempt(caseId, step.kind, 'legal-status', 'POST', `${base}/information-sessions`, {
          topic: 'RIGHTS',
          heldAt: at(),
          language: 'spa',
          materialUsed: 'Texto sobre sus derechos, leído en voz alta',
          understanding: 'Entendió sus derechos y a quién pedir ayuda',
          durationMinutes: 20,
          personsPresent: [{ role: 'OPI', person: 'opi-load' }],
          accessibilityAdaptations: [],
          hearingAppropriate: true,
          hearingAppropriatenessReason: 'Tiene edad y madurez para dar su opinión',
          ...(step.fearOfReturn ? { fearOfReturnExpressed: true } : {}),
        });
      case 'family-call': {
        const contact = await attempt(caseId, step.kind, 'family-contact', 'POST', `${base}/contacts`, {
          relationship: 'AUNT_OR_UNCLE',
          givenNames: 'Candelaria',
          familyNames: 'López',
          phoneNumbers: ['+502 5555-0101'],
          country: 'GT',
          wantsContact: 'YES',
        });
        if (contact.outcome !== 'acknowledged') return contact;
        const created = JSON.parse(contact.body) as { contactId: string; phoneNumbers: Array<{ phoneId: string }> };
        return attempt(caseId, step.kind, 'family-contact', 'POST', `${base}/calls`, {
          contactId: created.contactId,
          phoneId: created.phoneNumbers[0]?.phoneId,
          dialledBy: 'CHILD',
          calledAt: at(),
          durationSeconds: 300,
          outcome: 'REACHED',
        });
      }
    }
  };
  return {
    run: async (caseId: string, i: number, step: JourneyStep): Promise<StepRecord> => {
      try {
        const { caseId: id, kind, outcome, status, attempts } = await run(caseId, i, step);
        return { caseId: id, kind, outcome, status, attempts };
      } catch {
        // An answer the client cannot read (a contact without its phone): the step's outcome is not known.
        return { caseId, kind: step.kind, outcome: 'gave-up', status: 0, attempts: 1 };
      }
    },
    close: () => agent.destroy(),
  };
}