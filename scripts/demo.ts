// `npm run demo`: five invented children walked through the platform that `npm start` runs, with
// real HTTP calls and a timeline of what each service did. It is also a check: every step asserts
// what the services answered, and any step that does not behave as shown exits non-zero.
//   1. a child registered at Ciudad Hidalgo: care needs, a free call, the Procuraduría and DIF,
//      then a protection claim that refuses her hand-over to her aunt across the border and her return;
//   2. a child whose assisted return to Guatemala, resolved in his migration procedure, goes through
//      to the hand-over;
//   3. a Mexican child received from the USA in Tijuana and handed to her family;
//   4. a child whose return is aborted because she says she is afraid to go back: the lock then
//      stands in legal-status;
//   5. a serious incident in care reaches the office's supervisor on shift: a task in
//      notifications and an email (in the mail catcher `npm start` runs), which she acknowledges;
//   6. the officers' console (its gateway, GATEWAY_URL, default http://127.0.0.1:3000) serves the app
//      and shows that child's case as one timeline, in order, from intake's, care's and notifications' events.
// Base URLs come from PLATFORM_SERVICES; override one with <SERVICE>_URL (INTAKE_URL, CARE_URL,
// FAMILY_CONTACT_URL, LEGAL_STATUS_URL, REPATRIATION_URL, NOTIFICATIONS_URL) and the mail catcher's with
// MAIL_CATCHER_URL (default http://127.0.0.1:1080). DEMO_WAIT_MS bounds each wait for a
// record to appear downstream through NATS (default 30000). Each run invents fresh children and
// unique references, so it can run again and again on the same databases.
// Every call goes through the typed clients generated from the services' OpenAPI documents
// (libs/api-clients): a route, parameter or body the documents do not have does not compile, and an
// answer they do not allow stops the demo (issue 19). Answers are held against the committed
// documents (docs/openapi); DEMO_CONTRACT=served holds them against what each service serves at
// /docs-json instead (a service changed before the documents are regenerated).
import { randomBytes } from 'node:crypto';

import { DUE_PROCESS_ITEMS, INFORM_TOPICS } from '@opis/contracts-legal-status';
import { mintToken, Role } from '@opis/platform';

import { ContractDriftError, ItemOf, OpenApiDocument, RequestBodyOf, ResponseBodyOf, serviceClient, ServiceClient } from '../libs/api-clients/src';

import { CONSOLE_GATEWAY, PLATFORM_SERVICES, PlatformServiceName } from './platform-services';

type ServiceName = PlatformServiceName;

const WAIT_MS = Number(process.env.DEMO_WAIT_MS ?? 30_000);
const MAIL_CATCHER_URL = (process.env.MAIL_CATCHER_URL ?? 'http://127.0.0.1:1080').replace(/\/$/, '');
const POLL_MS = 50;
const GATEWAY_URL = (process.env.GATEWAY_URL ?? `http://127.0.0.1:${CONSOLE_GATEWAY.port}`).replace(/\/$/, '');

const BASE_URLS = new Map<ServiceName, string>(
  PLATFORM_SERVICES.map((service) => [
    service.name,
    (process.env[`${service.name.toUpperCase().replace(/-/g, '_')}_URL`] ?? `http://127.0.0.1:${service.port}`).replace(/\/$/, ''),
  ]),
);

// ---------------------------------------------------------------------------------------------
// The answers the demo reads, typed by the documents (any until a document has the schema).

/** A refusal's problem body: what the demo shows of any refusal. */
interface Problem {
  code?: string;
  detail?: string;
  rule?: string;
  errors?: Array<{ field: string; rule: string; message: string }>;
}
/** An answer of a typed client. */
interface Answer {
  data?: unknown;
  error?: unknown;
  response: Response;
}
/** A receiving country's or a repatriation point's hours. */
interface Window {
  timeZone: string;
  weekdays: number[];
  opensAt: string;
  closesAt: string;
}

// ---------------------------------------------------------------------------------------------
// The timeline, and the failure that stops it.

class StepFailed extends Error {}

const clock = (at = new Date()) => at.toISOString().slice(11, 23);

function log(service: ServiceName | 'demo', headline: string, facts: Array<string | false | undefined> = []): void {
  console.log(`${clock()}  ${service.padEnd(15)} ${headline}`);
  for (const fact of facts) if (fact) console.log(`${' '.repeat(30)}· ${fact}`);
}

function section(title: string): void {
  console.log(`\n── ${title} ${'─'.repeat(Math.max(0, 86 - title.length))}`);
}

function problemOf(reply: Answer): Problem {
  return (reply.error ?? {}) as Problem;
}

function describe(reply: Answer): string {
  const { code, detail, errors } = problemOf(reply);
  const fields = (errors ?? []).map((error) => `${error.field} (${error.rule})`).join(', ');
  return `HTTP ${reply.response.status}${code ? ` ${code}` : ''}${detail ? `: ${detail}` : ''}${fields ? ` [${fields}]` : ''}`;
}

function expectStatus<R extends Answer>(reply: R, expected: number, what: string): NonNullable<R['data']> {
  if (reply.response.status !== expected) throw new StepFailed(`${what}: expected HTTP ${expected}, got ${describe(reply)}`);
  return reply.data as NonNullable<R['data']>;
}

function check(condition: boolean, what: string): void {
  if (!condition) throw new StepFailed(what);
}

/** Polls a real condition until it holds; returns how long it took. Never a fixed sleep. */
async function until(what: string, condition: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  let lastError = '';
  while (Date.now() - started < WAIT_MS) {
    try {
      if (await condition()) return Date.now() - started;
    } catch (error) {
      // A drift from the documents stops the demo at once rather than at the timeout.
      if (error instanceof StepFailed || error instanceof ContractDriftError) throw error;
      lastError = error instanceof Error ? `: ${error.message}` : '';
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new StepFailed(`timed out after ${WAIT_MS} ms waiting for ${what}${lastError}`);
}

// ---------------------------------------------------------------------------------------------
// HTTP with a caller's token, through the typed clients.

interface Caller {
  label: string;
  token: string;
}

async function caller(label: string, roles: Role[], offices: string[]): Promise<Caller> {
  return { label, token: await mintToken({ roles, offices, subject: label, ttl: '1h' }) };
}

/** With DEMO_CONTRACT=served, answers are held against the documents the services serve (/docs-json). */
const servedDocuments = new Map<ServiceName, OpenApiDocument>();

async function readServedDocuments(): Promise<void> {
  if (process.env.DEMO_CONTRACT !== 'served') return;
  for (const [name, url] of BASE_URLS) servedDocuments.set(name, (await (await fetch(`${url}/docs-json`)).json()) as OpenApiDocument);
}

/** The typed client of `service` with the caller's token. */
function api<S extends ServiceName>(who: Caller, service: S): ServiceClient<S> {
  return serviceClient(service, BASE_URLS.get(service) as string, who.token, { document: servedDocuments.get(service) });
}

// ---------------------------------------------------------------------------------------------
// Invented children, unique references, and times inside the windows the services keep.

const RUN = `${new Date().toISOString().slice(2, 10).replace(/-/g, '')}${randomBytes(3).toString('hex').toUpperCase()}`;
const YEAR = new Date().getUTCFullYear();
const SYLLABLES = ['ka', 'lu', 'mi', 'xo', 'te', 'na', 'ri', 'bo', 'se', 'ya', 'qui', 'tzu', 'ja', 'po', 'le', 'wi'];
const seed = randomBytes(64);
let seedAt = 0;

/** A family name nobody has: two or three syllables drawn for this run ("Tzunaxo"). */
function inventedFamilyName(): string {
  const count = 2 + (seed[seedAt++ % seed.length] % 2);
  const word = Array.from({ length: count }, () => SYLLABLES[seed[seedAt++ % seed.length] % SYLLABLES.length]).join('');
  return word.charAt(0).toUpperCase() + word.slice(1);
}

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const now = () => new Date().toISOString();

function localTime(at: Date, timeZone: string): { weekday: number; minutes: number; text: string } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const part = (type: string) => parts.find((candidate) => candidate.type === type)?.value ?? '';
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(part('weekday')) + 1;
  return { weekday, minutes: Number(part('hour')) * 60 + Number(part('minute')), text: `${part('weekday')} ${part('hour')}:${part('minute')}` };
}

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** Inside the window, with `marginMinutes` to spare at both ends. */
function inside(at: Date, window: Window, marginMinutes: number): boolean {
  const local = localTime(at, window.timeZone);
  return (
    window.weekdays.includes(local.weekday) &&
    local.minutes >= minutesOf(window.opensAt) + marginMinutes &&
    local.minutes < minutesOf(window.closesAt) - marginMinutes
  );
}

/** The first quarter-hour from `from` on, inside the window. */
function firstInside(from: Date, window: Window, marginMinutes: number): Date {
  const at = new Date(Math.ceil(from.getTime() / 900_000) * 900_000);
  for (let step = 0; step < 4 * 24 * 14; step++, at.setTime(at.getTime() + 900_000)) {
    if (inside(at, window, marginMinutes)) return at;
  }
  throw new StepFailed(`no time inside the window ${JSON.stringify(window)} within two weeks`);
}

/** The last minute up to `until`, inside the window (the arrival of a child met in hours). */
function lastInside(until: Date, window: Window, marginMinutes: number): Date {
  const at = new Date(Math.floor(until.getTime() / 60_000) * 60_000);
  for (let step = 0; step < 60 * 24 * 14; step++, at.setTime(at.getTime() - 60_000)) {
    if (inside(at, window, marginMinutes)) return at;
  }
  throw new StepFailed(`no time inside the window ${JSON.stringify(window)} in the last two weeks`);
}

// ---------------------------------------------------------------------------------------------

interface Cast {
  officer: Caller;
  supervisor: Caller;
  officeAdmin: Caller;
}

type RegisterCase = RequestBodyOf<'intake', '/v1/cases', 'post'>;

function registration(
  child: { givenNames: string; familyNames: string; sex: 'F' | 'M'; years: number; nationality: RegisterCase['child']['nationality']; speaksSpanish: 'YES' | 'PARTIAL'; languages: string[] },
  encounter: Pick<RegisterCase['encounter'], 'officeCode' | 'migrationPointCode' | 'detectedAt' | 'entryPath'>,
): RegisterCase {
  return {
    child: {
      givenNames: child.givenNames,
      familyNames: child.familyNames,
      sex: child.sex,
      age: { years: child.years, status: 'DECLARED' },
      nationality: child.nationality,
      countryOfResidence: child.nationality,
      languages: child.languages,
      speaksSpanish: child.speaksSpanish,
    },
    encounter: { ...encounter, accompaniment: 'UNACCOMPANIED' },
    screening: { protectionNeedIndicated: false, traffickingIndicators: false, medicalEmergency: false, disability: false, pregnant: false },
  };
}

async function register(cast: Cast, label: string, body: RegisterCase) {
  const reply = await api(cast.officer, 'intake').POST('/v1/cases', { params: { header: { 'Idempotency-Key': `demo-${RUN}-${label}` } }, body });
  const registered = expectStatus(reply, 201, `registering ${label}`);
  check(registered.status === 'OPEN', `${label}'s case should open as OPEN, is ${registered.status}`);
  return registered;
}

type CopyKeeper = 'care' | 'family-contact' | 'legal-status' | 'repatriation';

/** A service's own record of the case. */
function copyOf(who: Caller, service: CopyKeeper, caseId: string): Promise<Answer> {
  const params = { path: { caseId } };
  switch (service) {
    case 'care':
      return api(who, 'care').GET('/v1/cases/{caseId}', { params });
    case 'family-contact':
      return api(who, 'family-contact').GET('/v1/cases/{caseId}/family', { params });
    case 'legal-status':
      return api(who, 'legal-status').GET('/v1/cases/{caseId}/legal', { params });
    case 'repatriation':
      return api(who, 'repatriation').GET('/v1/cases/{caseId}/return-plans', { params });
  }
}

/** Waits until the services that keep a copy of the case have it (through intake's events). */
async function copiesArrive(cast: Cast, caseId: string, services: CopyKeeper[]): Promise<void> {
  for (const service of services) {
    const ms = await until(`the case in ${service}`, async () => (await copyOf(cast.officer, service, caseId)).response.status === 200);
    log(service, `opened its record of the case from intake.case.registered (after ${ms} ms)`);
  }
}

/** A family member the child names, located by the child's call, and verified (GD-05). */
async function verifiedMember(
  cast: Cast,
  caseId: string,
  contact: Pick<RequestBodyOf<'family-contact', '/v1/cases/{caseId}/contacts', 'post'>, 'relationship' | 'country' | 'place'> & { phone: string },
): Promise<string> {
  const created = expectStatus(
    await api(cast.officer, 'family-contact').POST('/v1/cases/{caseId}/contacts', {
      params: { path: { caseId } },
      body: {
        relationship: contact.relationship,
        givenNames: 'Aurelia',
        familyNames: inventedFamilyName(),
        phoneNumbers: [contact.phone],
        country: contact.country,
        place: contact.place,
        howKnown: 'Es mi mamá',
        wantsContact: 'YES',
      },
    }),
    201,
    'recording the family member',
  );
  const contactId = created.contactId;
  const located = expectStatus(
    await api(cast.officer, 'family-contact').POST('/v1/cases/{caseId}/contacts/{contactId}/location', { params: { path: { caseId, contactId } }, body: { via: 'CALL', locatedAt: now() } }),
    200,
    'locating the family member',
  );
  check(located.members.some((member: ItemOf<typeof located.members>) => member.contactId === contactId && member.status === 'LOCATED'), 'the member should be LOCATED');
  const verified = expectStatus(
    await api(cast.officer, 'family-contact').POST('/v1/cases/{caseId}/contacts/{contactId}/verification', {
      params: { path: { caseId, contactId } },
      body: {
        evidence: ['BIRTH_CERTIFICATE', 'IDENTITY_DOCUMENT'],
        childWish: 'WANTS_REUNIFICATION',
        riskIndicators: [],
        procuraduriaVettingReference: `PPNNA-${RUN}-${contactId.slice(-4)}`,
        childViews: 'Quiere volver con su mamá',
      },
    }),
    200,
    'verifying the family member',
  );
  const member = verified.members.find((candidate: ItemOf<typeof verified.members>) => candidate.contactId === contactId);
  check(member?.status === 'VERIFIED', `the member should be VERIFIED, is ${member?.status}`);
  log('family-contact', `${contact.relationship} named, located by call and verified (GD-05)`, [
    `contact ${contactId} in ${contact.country}; kinship: birth certificate + identity document; risk screen clear; Procuraduría vetting recorded`,
    `family record: ${verified.status}`,
  ]);
  return contactId;
}

// ---------------------------------------------------------------------------------------------
// 1. Registration, care, a free call, the Procuraduría and DIF, and a claim that blocks return.

async function firstChild(cast: Cast): Promise<void> {
  const givenNames = 'Itzel Demo';
  const familyNames = `${inventedFamilyName()} ${inventedFamilyName()}`;
  section(`1 · ${givenNames} ${familyNames} (invented), 13, from Guatemala, alone at Ciudad Hidalgo`);

  const registered = await register(
    cast,
    'child-1',
    registration(
      { givenNames, familyNames, sex: 'F', years: 13, nationality: 'GT', speaksSpanish: 'PARTIAL', languages: ['quc', 'spa'] },
      { officeCode: 'CHP', migrationPointCode: 'CHP-CIUDAD-HIDALGO', detectedAt: minutesAgo(20), entryPath: 'DETECTED' },
    ),
  );
  const caseId = registered.caseId;
  log('intake', `registered the child met at a migration point in Chiapas: case ${registered.caseNumber}`, [
    `case ${caseId}, office CHP, age band ${registered.ageBand} (declared 13), GT, UNACCOMPANIED, speaks K'iche' and some Spanish`,
    `status ${registered.status}; intake.case.registered published for the other services`,
  ]);
  const intakeView = expectStatus(await api(cast.officer, 'intake').GET('/v1/cases/{caseId}', { params: { path: { caseId } } }), 200, 'reading the case');
  log('intake', 'started the INV-03 clocks from the detection', intakeView.deadlines.map((deadline: ItemOf<typeof intakeView.deadlines>) => `${deadline.clock}: ${deadline.state}`));

  await copiesArrive(cast, caseId, ['care', 'family-contact', 'legal-status', 'repatriation']);

  // Care: a shelter registered by the office administrator, then food, health and a place to rest.
  const careBefore = expectStatus(await api(cast.officer, 'care').GET('/v1/cases/{caseId}', { params: { path: { caseId } } }), 200, 'reading care');
  log('care', 'immediate-needs checklist, due from the detection', [careBefore.needs.map((need: ItemOf<typeof careBefore.needs>) => `${need.need} ${need.state}`).join(', ')]);

  const facility = expectStatus(
    await api(cast.officeAdmin, 'care').POST('/v1/facilities', {
      body: {
        officeCode: 'CHP',
        name: `Albergue DIF Tapachula · demo ${RUN}`,
        type: 'DIF_SHELTER',
        capacity: 40,
        settings: ['CHILD_ONLY_AREA', 'FAMILY_UNIT_AREA'],
        accreditation: `DIF-CHP-ACR-${RUN}`,
      },
    }),
    201,
    'registering the DIF shelter',
  );
  log('care', `office-admin registered a DIF shelter: ${facility.name}`, [`facility ${facility.facilityId}, ${facility.type}, capacity ${facility.capacity}, child-only and family areas`]);

  const fed = expectStatus(
    await api(cast.officer, 'care').POST('/v1/cases/{caseId}/needs/{need}/deliveries', {
      params: { path: { caseId, need: 'FOOD' } },
      body: {
        deliveredAt: now(),
        provided: 'comida: arroz, frijoles, tortillas, agua',
        meal: 'LUNCH',
        diet: 'STANDARD',
      },
    }),
    200,
    'recording a meal',
  );
  check(fed.needs.find((need: ItemOf<typeof fed.needs>) => need.need === 'FOOD')?.state === 'MET', 'FOOD should be MET after the meal');
  log('care', 'meal delivered (LUNCH, standard diet)', ['FOOD: MET']);

  const screened = expectStatus(
    await api(cast.officer, 'care').POST('/v1/cases/{caseId}/health-screenings', {
      params: { path: { caseId } },
      body: {
        screenedAt: now(),
        urgentReferral: false,
        chronicCondition: false,
        pregnancyFollowUp: false,
        disabilitySupport: false,
      },
    }),
    200,
    'recording the health screening',
  );
  check(screened.needs.find((need: ItemOf<typeof screened.needs>) => need.need === 'HEALTH')?.state === 'MET', 'HEALTH should be MET after the screening');
  log('care', 'health screening: no urgent referral, no chronic condition', ['HEALTH: MET']);

  const placed = expectStatus(
    await api(cast.officer, 'care').POST('/v1/cases/{caseId}/placements', {
      params: { path: { caseId } },
      body: {
        facilityId: facility.facilityId,
        facilityType: 'DIF_SHELTER',
        setting: 'CHILD_ONLY_AREA',
        placedAt: now(),
      },
    }),
    200,
    'placing the child',
  );
  check(placed.placement.current?.facilityId === facility.facilityId, 'the placement should be in the registered shelter');
  check(placed.needs.find((need: ItemOf<typeof placed.needs>) => need.need === 'REST')?.state === 'MET', 'REST should be MET after the placement');
  log('care', 'placed in the registered DIF shelter, child-only area (LM-08, GD-07; never a migration station)', [
    'REST: MET',
    `checklist now: ${placed.needs.map((need: ItemOf<typeof placed.needs>) => `${need.need} ${need.state}`).join(', ')}`,
  ]);

  // Family contact: the person she names, and the free call (with an interpreter: LM-18).
  const contact = expectStatus(
    await api(cast.officer, 'family-contact').POST('/v1/cases/{caseId}/contacts', {
      params: { path: { caseId } },
      body: {
        relationship: 'AUNT_OR_UNCLE',
        givenNames: 'Candelaria',
        familyNames: inventedFamilyName(),
        phoneNumbers: ['+502 5555-0101'],
        country: 'GT',
        place: 'Quetzaltenango',
        howKnown: 'Es mi tía, vive cerca de mi casa',
        wantsContact: 'YES',
      },
    }),
    201,
    'recording the contact the child names',
  );
  log('family-contact', 'recorded the aunt the child names (name and number encrypted at rest)', [`contact ${contact.contactId}, GT, the child wants her contacted`]);

  const called = expectStatus(
    await api(cast.officer, 'family-contact').POST('/v1/cases/{caseId}/calls', {
      params: { path: { caseId } },
      body: {
        contactId: contact.contactId,
        phoneId: contact.phoneNumbers[0].phoneId,
        dialledBy: 'CHILD',
        calledAt: now(),
        durationSeconds: 420,
        outcome: 'REACHED',
        interpreter: { language: 'quc', interpreterId: 'int-quc-07' },
      },
    }),
    200,
    'logging the free call',
  );
  check(called.calls.at(-1)?.outcome === 'REACHED', 'the call should be REACHED');
  check(called.firstCall.state === 'MET', `the first-call deadline should be MET, is ${called.firstCall.state}`);
  log('family-contact', 'free phone call: REACHED, 7 min, dialled by the child, K\'iche\' interpreter', [
    `first-call deadline: ${called.firstCall.state}; family record ${called.status}`,
  ]);

  // Intake: the Procuraduría is notified and DIF receives the child (LM-02).
  const notified = expectStatus(
    await api(cast.officer, 'intake').PUT('/v1/cases/{caseId}/procuraduria-notification', {
      params: { path: { caseId } },
      body: {
        notifiedAt: now(),
        procuraduria: 'Procuraduría de Protección de NNA de Chiapas',
        officialName: 'Lic. Rebeca Pérez',
        means: 'OFFICIAL_LETTER',
        reference: `PPNNA-CHP-${YEAR}-${RUN}`,
      },
    }),
    200,
    'recording the Procuraduría notification',
  );
  check(notified.procuraduriaNotification !== null, 'the notification should be recorded');
  log('intake', 'Procuraduría notified by official letter (LM-01, LM-02)', [
    notified.deadlines.filter((deadline: ItemOf<typeof notified.deadlines>) => deadline.clock === 'PROCURADURIA_NOTIFICATION').map((deadline: ItemOf<typeof notified.deadlines>) => `PROCURADURIA_NOTIFICATION clock: ${deadline.state}`)[0],
  ]);
  const legalSaw = await until('the notification in legal-status', async () => {
    const legal = await api(cast.officer, 'legal-status').GET('/v1/cases/{caseId}/legal', { params: { path: { caseId } } });
    return legal.response.status === 200 && legal.data?.procuraduriaNotifiedAt !== null;
  });
  log('legal-status', `took the notification from intake's event (after ${legalSaw} ms)`);

  const channelled = expectStatus(
    await api(cast.officer, 'intake').PUT('/v1/cases/{caseId}/dif-channelling', {
      params: { path: { caseId } },
      body: {
        channelledAt: now(),
        facilityType: 'DIF_SHELTER',
        facilityId: facility.facilityId,
        facilityName: facility.name,
        receivedBy: 'Lic. Marta Ochoa, DIF Chiapas',
        receiptNumber: `DIF-CHP-REC-${RUN}`,
        actaNumber: `ACTA-CHP-${RUN}`,
      },
    }),
    200,
    'recording the DIF channelling',
  );
  check(channelled.status === 'HANDED_OVER', `the case should be HANDED_OVER to DIF, is ${channelled.status}`);
  log('intake', 'channelled to DIF with receipt and acta de canalización (LM-02, LM-04)', [`case status ${channelled.status}`]);

  // Legal status: a Procuraduría plan made early (her aunt), then a protection need and a COMAR claim.
  const earlyPlanReference = `PPNNA/CHP/PR/${YEAR}/${RUN}-1`;
  expectStatus(
    await api(cast.officer, 'legal-status').POST('/v1/cases/{caseId}/best-interests', {
      params: { path: { caseId } },
      body: {
        type: 'PLAN',
        author: 'Lic. Procuraduría de Chiapas',
        decidedAt: now(),
        optionsConsidered: ['HUMANITARIAN_REGULARISATION', 'ASSISTED_RETURN'],
        childViews: 'Dice que su tía la puede cuidar',
        recommendedMeasure: 'ASSISTED_RETURN',
        documentReference: earlyPlanReference,
      },
    }),
    201,
    'recording the first plan de restitución',
  );
  log('legal-status', `an early plan de restitución considered her aunt in Guatemala (${earlyPlanReference})`);
  const need = expectStatus(
    await api(cast.officer, 'legal-status').POST('/v1/cases/{caseId}/protection/need', { params: { path: { caseId } }, body: { source: 'CHILD' } }),
    200,
    'identifying the protection need',
  );
  check(need.protection.status === 'NEED_IDENTIFIED', `protection should be NEED_IDENTIFIED, is ${need.protection.status}`);
  check(need.lock.returnLocked, 'a protection need should lock return');
  log('legal-status', 'protection need identified (the child fears going back): return and consular contact locked', [
    `lock: return ${need.lock.returnLocked}, consular ${need.lock.consularContactLocked}, reasons ${need.lock.reasons.join(', ')}`,
  ]);

  const claimed = expectStatus(
    await api(cast.officer, 'legal-status').POST('/v1/cases/{caseId}/protection/claim', {
      params: { path: { caseId } },
      body: {
        filedAt: now(),
        representative: 'Lic. Rebeca Pérez, Procuraduría de Chiapas',
        interpreterId: 'int-quc-07',
      },
    }),
    200,
    'filing the protection claim',
  );
  check(claimed.protection.status === 'CLAIM_PENDING', `protection should be CLAIM_PENDING, is ${claimed.protection.status}`);
  check(claimed.lock.returnLocked, 'a pending claim should keep return locked');
  log('legal-status', 'COMAR claim filed with a representative and an interpreter (IP-05, LM-18)', [
    `protection ${claimed.protection.status}; COMAR decision due ${claimed.protection.decisionDueDate}; COMAR notice due ${claimed.protection.comarNoticeDueAt}`,
    `lock reasons: ${claimed.lock.reasons.join(', ')}`,
  ]);

  // Her aunt in Guatemala, verified, offers to take her at the border: the claim refuses it.
  const aunt = await verifiedMember(cast, caseId, { relationship: 'AUNT_OR_UNCLE', country: 'GT', phone: '+502 5555-0111', place: 'Quetzaltenango' });
  const abroad = await api(cast.officer, 'family-contact').POST('/v1/cases/{caseId}/reunification', {
    params: { path: { caseId } },
    body: {
      contactId: aunt,
      handedOverAt: now(),
      place: { kind: 'BORDER_POINT', country: 'GT', description: 'Tecún Umán, San Marcos' },
      receiverIdentityDocument: 'DPI 2456 78901 0101',
      handoverRecordNumber: `ACTA-CHP-${YEAR}-${RUN}-R`,
      bestInterestsReference: earlyPlanReference,
      signedByReceiver: true,
    },
  });
  const abroadRefusal = problemOf(abroad);
  check(abroad.response.status === 422 && abroadRefusal.code === 'MOVE_NOT_CLEARED', `the hand-over abroad should be refused MOVE_NOT_CLEARED, got ${describe(abroad)}`);
  log('family-contact', `hand-over to her aunt at the Guatemalan border REFUSED (HTTP 422 ${abroadRefusal.code}, ${abroadRefusal.rule}): legal-status asked live`, [
    abroadRefusal.detail ?? '',
  ]);

  const proposal = await api(cast.officer, 'repatriation').POST('/v1/cases/{caseId}/return-plans', { params: { path: { caseId } }, body: { receivingCountry: 'GT', familyContactId: aunt } });
  const refusal = problemOf(proposal);
  check(proposal.response.status === 422, `a return proposal should be refused with 422, got ${describe(proposal)}`);
  check(
    (refusal.errors ?? []).some((error) => error.field === 'PROCEDURE_RESOLVED_FOR_RETURN' && error.rule === 'LM-06'),
    'the refusal should name PROCEDURE_RESOLVED_FOR_RETURN (LM-06)',
  );
  log('repatriation', `a return to Guatemala cannot even be proposed (HTTP 422 ${refusal.code}): no migration procedure resolved her return, and her claim locks it`, [
    ...(refusal.errors ?? []).map((error) => `${error.field} (${error.rule}): ${error.message}`),
  ]);
  const plans = expectStatus(await api(cast.officer, 'repatriation').GET('/v1/cases/{caseId}/return-plans', { params: { path: { caseId } } }), 200, 'listing return plans');
  check(plans.items.length === 0, 'no plan should exist');
  log('repatriation', 'no return plan exists: nobody can send her back while the claim is pending');
}

// ---------------------------------------------------------------------------------------------
// 2. An assisted return, every precondition met through the services' APIs, to the hand-over.

type ReceivingCountry = ResponseBodyOf<'repatriation', '/v1/receiving-countries/{country}', 'get'>;

interface PreparedReturn {
  caseId: string;
  planId: string;
  authority: ItemOf<ReceivingCountry['authorities']>;
  exitPoint: ItemOf<ReceivingCountry['exitPoints']>;
  guatemala: ReceivingCountry;
}

/**
 * A Guatemalan child's way to a scheduled assisted return, each fact in the service that owns it:
 * the Procuraduría's plan, the PAM opened after its notification and resolved as the plan says
 * with the child informed of everything (DOMAIN.md 4.4 a), the family verified, then the plan
 * proposed on that resolution, approved and scheduled (4.5 a).
 */
async function preparedReturn(cast: Cast, label: string, child: { givenNames: string; familyNames: string; sex: 'F' | 'M'; years: number }): Promise<PreparedReturn> {
  const registered = await register(
    cast,
    label,
    registration(
      { ...child, nationality: 'GT', speaksSpanish: 'YES', languages: ['spa'] },
      { officeCode: 'CHP', migrationPointCode: 'CHP-TALISMAN', detectedAt: minutesAgo(30), entryPath: 'DETECTED' },
    ),
  );
  const caseId = registered.caseId;
  log('intake', `registered: case ${registered.caseNumber}`, [`case ${caseId}, office CHP, age band ${registered.ageBand}, GT, UNACCOMPANIED`]);
  await copiesArrive(cast, caseId, ['family-contact', 'legal-status', 'repatriation']);

  const plan = expectStatus(
    await api(cast.officer, 'legal-status').POST('/v1/cases/{caseId}/best-interests', {
      params: { path: { caseId } },
      body: {
        type: 'PLAN',
        author: 'Lic. Procuraduría de Chiapas',
        decidedAt: now(),
        optionsConsidered: ['HUMANITARIAN_REGULARISATION', 'ASSISTED_RETURN'],
        childViews: 'Quiero volver con mi mamá y seguir en la escuela',
        recommendedMeasure: 'ASSISTED_RETURN',
        documentReference: `PPNNA/CHP/PR/${YEAR}/${RUN}-${label}`,
      },
    }),
    201,
    'recording the best-interests plan',
  );
  check(plan.lock.bestInterestsRecommendsReturn, 'the plan should recommend return');
  log('legal-status', "the Procuraduría's plan de restitución recommends ASSISTED_RETURN (RP-01), with the child's views", [
    `options considered: HUMANITARIAN_REGULARISATION, ASSISTED_RETURN; return locked: ${plan.lock.returnLocked}`,
  ]);

  expectStatus(
    await api(cast.officer, 'intake').PUT('/v1/cases/{caseId}/procuraduria-notification', {
      params: { path: { caseId } },
      body: {
        notifiedAt: now(),
        procuraduria: 'Procuraduría de Protección de NNA de Chiapas',
        officialName: 'Lic. Rebeca Pérez',
        means: 'OFFICIAL_LETTER',
        reference: `PPNNA-CHP-${YEAR}-${RUN}-${label}`,
      },
    }),
    200,
    'recording the Procuraduría notification',
  );
  const openedAfter = await until('the PAM opened in legal-status once the notification arrived (LM-05)', async () => {
    const opened = await api(cast.officer, 'legal-status').POST('/v1/cases/{caseId}/procedure/open', { params: { path: { caseId } }, body: {} });
    if (opened.response.status === 200) return true;
    if (opened.response.status === 422 || opened.response.status === 409) return false;
    throw new StepFailed(`opening the PAM: ${describe(opened)}`);
  });
  log('legal-status', `the migration procedure (PAM) opened after the Procuraduría was notified (LM-05; notification arrived after ${openedAfter} ms); the plan is on file`);
  for (const item of DUE_PROCESS_ITEMS) {
    expectStatus(
      await api(cast.officer, 'legal-status').PUT('/v1/cases/{caseId}/procedure/checklist/{item}', {
        params: { path: { caseId, item } },
        body: {
          completedAt: now(),
          documentReference: `EXP-CHP-${YEAR}-${RUN}-${item}`,
          person: 'Lic. Rebeca Pérez',
        },
      }),
      200,
      `due-process item ${item}`,
    );
  }
  log('legal-status', `due-process checklist complete: ${DUE_PROCESS_ITEMS.length} items (GD-04)`);
  for (const topic of INFORM_TOPICS) {
    expectStatus(
      await api(cast.officer, 'legal-status').POST('/v1/cases/{caseId}/information-sessions', {
        params: { path: { caseId } },
        body: {
          topic,
          heldAt: now(),
          language: 'spa',
          materialUsed: 'Texto 12-17, leído en voz alta',
          understanding: 'Entendió y pudo contarlo con sus palabras',
          childViews: 'Quiere volver',
          durationMinutes: 20,
          personsPresent: [{ role: 'OPI', person: 'opi-chp-0042' }],
          accessibilityAdaptations: [],
          hearingAppropriate: true,
          hearingAppropriatenessReason: 'Tiene edad y madurez para dar su opinión y quiso darla',
        },
      }),
      201,
      `informing the child about ${topic}`,
    );
  }
  log('legal-status', `informed in age-appropriate words of all five topics, who was present and whether hearing was appropriate recorded (LM-16, INF-02)`);
  const resolved = expectStatus(
    await api(cast.officer, 'legal-status').POST('/v1/cases/{caseId}/procedure/resolution', {
      params: { path: { caseId } },
      body: {
        resolution: 'ASSISTED_RETURN_APPROVED',
        impactAssessment: 'Volver con su madre verificada, con la autoridad de Guatemala presente, es lo que pide y lo protege; quedarse lo separa de su familia',
      },
    }),
    200,
    'resolving the PAM',
  );
  check(resolved.procedure.resolution === 'ASSISTED_RETURN_APPROVED', `the PAM should be resolved as ASSISTED_RETURN_APPROVED, is ${resolved.procedure.resolution}`);
  log('legal-status', 'PAM resolved as ASSISTED_RETURN_APPROVED, as the plan recommends, with its impact assessment (LM-06, GD-02)');

  const contactId = await verifiedMember(cast, caseId, { relationship: 'PARENT', country: 'GT', phone: '+502 5555-0202', place: 'Nahualá, Sololá' });

  const guatemala = expectStatus(
    await api(cast.officer, 'repatriation').GET('/v1/receiving-countries/{country}', { params: { path: { country: 'GT' } } }),
    200,
    'reading the return arrangement with GT',
  );
  const authority = guatemala.authorities.find((candidate: ItemOf<typeof guatemala.authorities>) => candidate.code === 'GT-SBS') ?? guatemala.authorities[0];
  const exitPoint = guatemala.exitPoints.find((point: ItemOf<typeof guatemala.exitPoints>) => point.code === 'MX-CHP-CIUDAD-HIDALGO') ?? guatemala.exitPoints[0];

  // Repatriation knows the mother once family-contact's event reaches it; until then it refuses to name her.
  let proposal: Answer | undefined;
  await until('the verified mother in repatriation (the return can be proposed naming her)', async () => {
    proposal = await api(cast.officer, 'repatriation').POST('/v1/cases/{caseId}/return-plans', { params: { path: { caseId } }, body: { receivingCountry: 'GT', familyContactId: contactId } });
    if (proposal.response.status === 422 && problemOf(proposal).code === 'FAMILY_MEMBER_NOT_OF_CASE') return false;
    return true;
  });
  const proposed = expectStatus(proposal as Answer, 201, 'proposing the return') as ResponseBodyOf<'repatriation', '/v1/cases/{caseId}/return-plans', 'post', 201>;
  const planId: string = proposed.planId;
  log('repatriation', `return to Guatemala proposed on the resolved PAM (legal-status asked live): plan ${proposed.planId}, ${proposed.status}`, [
    `unmet so far: ${proposed.unmetPreconditions.map((item: ItemOf<typeof proposed.unmetPreconditions>) => `${item.precondition} (${item.rule})`).join(', ')}`,
  ]);

  expectStatus(
    await api(cast.officer, 'repatriation').PUT('/v1/cases/{caseId}/return-plans/{planId}/receiving-authority', {
      params: { path: { caseId, planId } },
      body: {
        authorityCode: authority.code,
        officialName: 'Licda. Ana Lucía Xicará',
        officialPosition: 'Delegada de protección a la niñez',
        officialContact: '+502 2222-0101',
        acceptedAt: now(),
        takesGuardianship: false,
      },
    }),
    200,
    'recording the receiving authority',
  );
  log('repatriation', `receiving authority accepted: ${authority.code} (${authority.institution}), its official named with a contact (LM-13, RP-03)`);
  expectStatus(await api(cast.officer, 'repatriation').PUT('/v1/cases/{caseId}/return-plans/{planId}/fitness', { params: { path: { caseId, planId } }, body: { fitToTravel: true, assessedAt: now() } }), 200, 'recording fitness to travel');
  log('repatriation', 'health check: fit to travel');

  const copiesMs = await until('the copies of best interests, informing and family in repatriation', async () => {
    const view = await api(cast.officer, 'repatriation').GET('/v1/cases/{caseId}/return-plans/{planId}', { params: { path: { caseId, planId } } });
    return view.response.status === 200 && view.data?.unmetPreconditions.length === 0;
  });
  const ready = expectStatus(await api(cast.officer, 'repatriation').GET('/v1/cases/{caseId}/return-plans/{planId}', { params: { path: { caseId, planId } } }), 200, 'reading the plan');
  log('repatriation', `every precondition met from its copies of legal-status and family-contact events (after ${copiesMs} ms)`, [
    `best interests recommends return: ${ready.copies.legal?.bestInterestsRecommendsReturn}; informed of return: ${ready.copies.legal?.informedOfReturnAt ? 'yes' : 'no'}; return locked: ${ready.copies.legal?.returnLocked}`,
    `family: ${ready.copies.family.map((member: ItemOf<typeof ready.copies.family>) => `${member.contactId} ${member.status}`).join(', ')}`,
  ]);

  const approved = expectStatus(await api(cast.supervisor, 'repatriation').POST('/v1/cases/{caseId}/return-plans/{planId}/approval', { params: { path: { caseId, planId } } }), 200, 'approving the return');
  check(approved.status === 'APPROVED', `the plan should be APPROVED, is ${approved.status}`);
  log('repatriation', 'supervisor approved: legal-status cleared the move live, no lock, PAM resolved (INV-01, INV-02, LM-06)', [`plan ${approved.status}`]);

  const handoverAt = firstInside(new Date(Date.now() + (guatemala.noticeHours + 1) * 3_600_000), guatemala, 120);
  const departsAt = new Date(handoverAt.getTime() - 90 * 60_000);
  const scheduled = expectStatus(
    await api(cast.officer, 'repatriation').POST('/v1/cases/{caseId}/return-plans/{planId}/schedule', {
      params: { path: { caseId, planId } },
      body: {
        exitPointCode: exitPoint.code,
        handoverAt: handoverAt.toISOString(),
        legs: [{ mode: 'LAND', origin: 'Tapachula', destination: 'Ciudad Hidalgo', departsAt: departsAt.toISOString(), escortOfficerIds: ['opi-chp-0042'] }],
        withAdultReturns: false,
      },
    }),
    200,
    'scheduling the return',
  );
  check(scheduled.status === 'SCHEDULED', `the plan should be SCHEDULED, is ${scheduled.status}`);
  log('repatriation', `scheduled at ${exitPoint.name}, inside Guatemala's window with ${guatemala.noticeHours} h notice (RP-07, RP-08)`, [
    `hand-over ${handoverAt.toISOString()} = ${localTime(handoverAt, guatemala.timeZone).text} ${guatemala.timeZone} (window ${guatemala.opensAt}-${guatemala.closesAt}, weekdays ${guatemala.weekdays.join(',')})`,
    'one LAND leg Tapachula → Ciudad Hidalgo with escort officer opi-chp-0042 (LM-14); no adult returnees (RP-08)',
  ]);
  return { caseId, planId, authority, exitPoint, guatemala };
}

async function secondChild(cast: Cast): Promise<void> {
  const givenNames = 'Mateo Demo';
  const familyNames = `${inventedFamilyName()} ${inventedFamilyName()}`;
  section(`2 · ${givenNames} ${familyNames} (invented), 15, from Guatemala, wants to go home`);
  const { caseId, planId, authority } = await preparedReturn(cast, 'child-2', { givenNames, familyNames, sex: 'M', years: 15 });

  // The demo cannot wait for the scheduled day: departure and hand-over are recorded now.
  const departed = expectStatus(await api(cast.officer, 'repatriation').POST('/v1/cases/{caseId}/return-plans/{planId}/departure', { params: { path: { caseId, planId } }, body: {} }), 200, 'departing');
  check(departed.status === 'IN_TRANSIT', `the plan should be IN_TRANSIT, is ${departed.status}`);
  log('repatriation', 'departed with the escort: legal-status cleared the move again at the last moment', [`plan ${departed.status}`]);

  const handedOver = expectStatus(
    await api(cast.officer, 'repatriation').POST('/v1/cases/{caseId}/return-plans/{planId}/handover', {
      params: { path: { caseId, planId } },
      body: {
        authorityCode: authority.code,
        officialName: 'Licda. Ana Lucía Xicará',
        officialPosition: 'Delegada de protección a la niñez',
        place: 'Tecún Umán, San Marcos',
        handedOverAt: now(),
        signed: true,
      },
    }),
    200,
    'handing over',
  );
  check(handedOver.status === 'HANDED_OVER' && handedOver.handover !== null, `the plan should be HANDED_OVER, is ${handedOver.status}`);
  log('repatriation', `handed over to ${authority.code} at ${handedOver.handover?.place}, acta de entrega signed by both sides (RP-03, INV-08)`, [
    `plan ${handedOver.status}, hand-over ${handedOver.handover?.handoverId}`,
  ]);
}

// ---------------------------------------------------------------------------------------------
// 4. A return aborted because the child says she is afraid: the lock stands in legal-status.

async function fourthChild(cast: Cast): Promise<void> {
  const givenNames = 'Lucía Demo';
  const familyNames = `${inventedFamilyName()} ${inventedFamilyName()}`;
  section(`4 · ${givenNames} ${familyNames} (invented), 14, from Guatemala: her return is under way, then she says she is afraid`);
  const { caseId, planId } = await preparedReturn(cast, 'child-4', { givenNames, familyNames, sex: 'F', years: 14 });

  // The day before departure, she tells the escort officer that the men who threatened her family are waiting.
  const aborted = expectStatus(await api(cast.officer, 'repatriation').POST('/v1/cases/{caseId}/return-plans/{planId}/abort', { params: { path: { caseId, planId } }, body: { reason: 'FEAR_EXPRESSED' } }), 200, 'aborting the return');
  check(aborted.status === 'ABORTED', `the plan should be ABORTED, is ${aborted.status}`);
  log('repatriation', 'return ABORTED: she said she is afraid to go back (DOMAIN.md 4.5 a); repatriation.plan.aborted sends the case back to legal-status', [
    `plan ${aborted.status}`,
  ]);

  const lockMs = await until('fear of return recorded in legal-status from the abort', async () => {
    const legal = await api(cast.officer, 'legal-status').GET('/v1/cases/{caseId}/legal', { params: { path: { caseId } } });
    return legal.response.status === 200 && legal.data?.lock.reasons.includes('FEAR_OF_RETURN') === true;
  });
  const legal = expectStatus(await api(cast.officer, 'legal-status').GET('/v1/cases/{caseId}/legal', { params: { path: { caseId } } }), 200, 'reading the legal record');
  check(legal.lock.returnLocked && legal.lock.consularContactLocked, 'fear of return should lock return and consular contact');
  check(legal.procedure.resolution !== 'ASSISTED_RETURN_APPROVED' || legal.procedure.status !== 'RESOLVED', 'the PAM should no longer carry the return');
  log('legal-status', `fear of return recorded from the aborted return (after ${lockMs} ms): the lock stands here, the one source of it (INV-01, GD-08)`, [
    `lock: return ${legal.lock.returnLocked}, consular ${legal.lock.consularContactLocked}, reasons ${legal.lock.reasons.join(', ')}`,
    `PAM ${legal.procedure.status}${legal.procedure.resolution ? ` (${legal.procedure.resolution})` : ''}: back to the Procuraduría for a new plan`,
  ]);

  const again = await api(cast.officer, 'repatriation').POST('/v1/cases/{caseId}/return-plans', { params: { path: { caseId } }, body: { receivingCountry: 'GT' } });
  const refusal = problemOf(again);
  check(again.response.status === 422, `a new return proposal should be refused with 422, got ${describe(again)}`);
  log('repatriation', `a new return cannot be proposed (HTTP 422 ${refusal.code}): only a Procuraduría decision, with her heard, can lift her fear`, [
    ...(refusal.errors ?? []).map((error) => `${error.field} (${error.rule}): ${error.message}`),
  ]);
}

// ---------------------------------------------------------------------------------------------
// 3. A Mexican child returned from the USA: reception, intake, screen, DIF module, family.

async function thirdChild(cast: Cast): Promise<void> {
  const givenNames = 'Guadalupe Demo';
  const familyNames = `${inventedFamilyName()} ${inventedFamilyName()}`;
  section(`3 · ${givenNames} ${familyNames} (invented), 16, Mexican, returned from the USA at Tijuana`);

  const tijuana = expectStatus(
    await api(cast.officer, 'repatriation').GET('/v1/repatriation-points/{code}', { params: { path: { code: 'MX-BCN-TIJUANA' } } }),
    200,
    'reading the repatriation point of Tijuana',
  );
  // An unaccompanied child arrives inside the point's hours (US-03); at night the demo's child came in the evening before.
  const arrivedAt = lastInside(new Date(Date.now() - 5 * 60_000), tijuana, 15);

  const opened = expectStatus(
    await api(cast.officer, 'repatriation').POST('/v1/receptions', {
      body: {
        officeCode: 'BCN',
        usAgency: 'USBP',
        usStation: 'San Diego Sector – Chula Vista Station',
        usReference: `USBP-${YEAR}-${RUN}`,
        expectedPointCode: tijuana.code,
        expectedAt: arrivedAt.toISOString(),
        consulateNotified: true,
        usScreeningRecord: true,
      },
    }),
    201,
    'opening the reception',
  );
  const receptionId: string = opened.receptionId;
  log('repatriation', `US Border Patrol notice received: reception ${opened.receptionId}, ${opened.status}`, [
    `expected at ${tijuana.name} (${tijuana.code}); consulate notified; US screening record attached`,
  ]);

  const arrived = expectStatus(
    await api(cast.officer, 'repatriation').POST('/v1/receptions/{receptionId}/arrival', { params: { path: { receptionId } }, body: { pointCode: tijuana.code, arrivedAt: arrivedAt.toISOString(), accompaniment: 'UNACCOMPANIED' } }),
    200,
    'recording the arrival',
  );
  check(arrived.status === 'RECEIVED_AT_POINT', `the reception should be RECEIVED_AT_POINT, is ${arrived.status}`);
  check(arrived.incidents.length === 0, 'an arrival inside the hours records no incident');
  log('repatriation', `arrived unaccompanied at ${tijuana.code}, inside the hours for unaccompanied children (US-03)`, [
    `arrived ${localTime(arrivedAt, tijuana.timeZone).text} ${tijuana.timeZone} (hours ${tijuana.opensAt}-${tijuana.closesAt}); no incident; ${arrived.status}`,
  ]);

  const registered = await register(
    cast,
    'child-3',
    registration(
      { givenNames, familyNames, sex: 'F', years: 16, nationality: 'MX', speaksSpanish: 'YES', languages: ['spa'] },
      { officeCode: 'BCN', migrationPointCode: 'BCN-EL-CHAPARRAL', detectedAt: arrivedAt.toISOString(), entryPath: 'RETURNED_FROM_USA' },
    ),
  );
  const caseId = registered.caseId;
  log('intake', `registered like every child, entry path RETURNED_FROM_USA: case ${registered.caseNumber}`, [`case ${caseId}, office BCN, age band ${registered.ageBand}, MX, UNACCOMPANIED`]);
  await copiesArrive(cast, caseId, [
    'repatriation',
    'family-contact',
  ]);

  const linked = expectStatus(await api(cast.officer, 'repatriation').PUT('/v1/receptions/{receptionId}/case', { params: { path: { receptionId } }, body: { caseId } }), 200, 'linking the case');
  check(linked.caseId === caseId, 'the reception should be linked to the case');
  log('repatriation', 'reception linked to the intake case (US-07)');

  const screened = expectStatus(
    await api(cast.officer, 'repatriation').PUT('/v1/receptions/{receptionId}/risk-screen', { params: { path: { receptionId } }, body: { findings: [], screenedAt: now() } }),
    200,
    'recording the risk screen',
  );
  check(screened.riskScreen?.positive === false, 'the risk screen should be negative');
  log('repatriation', "the OPI's own risk screen: no trafficking, violence at home or fear found (US-06)");

  const channelled = expectStatus(
    await api(cast.officer, 'repatriation').POST('/v1/receptions/{receptionId}/channelling', { params: { path: { receptionId } }, body: { difPlatformId: `DIF-BCN-${RUN}`, channelledAt: now() } }),
    200,
    'channelling to the DIF module',
  );
  check(channelled.status === 'CHANNELLED_DIF_MODULE', `the reception should be CHANNELLED_DIF_MODULE, is ${channelled.status}`);
  log('repatriation', `channelled to the DIF module: DIF-BCN-${RUN} (US-05)`, [`reception ${channelled.status}`]);

  const contactId = await verifiedMember(cast, caseId, { relationship: 'PARENT', country: 'MX', phone: '+52 664 555 0303', place: 'Tijuana, Baja California' });

  expectStatus(
    await api(cast.officer, 'repatriation').PUT('/v1/receptions/{receptionId}/causes-of-migration', { params: { path: { receptionId } }, body: { causes: ['FAMILY_REUNIFICATION', 'WORK'], recordedAt: now() } }),
    200,
    'recording the causes of migration',
  );
  log('repatriation', 'causes of migration recorded: family reunification, work (LM-15); no violence at home, so no Procuraduría measure is needed');
  const contactedMs = await until("family-contact's located mother in repatriation (the family contacted)", async () => {
    const contacted = await api(cast.officer, 'repatriation').POST('/v1/receptions/{receptionId}/family-contact', { params: { path: { receptionId } }, body: { familyContactId: contactId, contactedAt: now() } });
    return contacted.response.status === 200;
  });
  log('repatriation', `her mother contacted (FAMILY_CONTACTED, DOMAIN.md 4.5 b) once repatriation knew her from family-contact (after ${contactedMs} ms)`);

  // Repatriation learns of the verification from family-contact's event; until then it refuses the hand-over.
  let refusedWhileWaiting = 0;
  const handoverMs = await until("family-contact's verification in repatriation (the hand-over is accepted)", async () => {
    const handover = await api(cast.officer, 'repatriation').POST('/v1/receptions/{receptionId}/handover', {
      params: { path: { receptionId } },
      body: {
        kind: 'FAMILY',
        familyContactId: contactId,
        identityEvidence: ['IDENTITY_DOCUMENT'],
        kinshipEvidence: ['BIRTH_CERTIFICATE'],
        escortOfficerIds: [],
        handedOverAt: now(),
      },
    });
    if (handover.response.status === 200) return true;
    if (handover.response.status === 422 && problemOf(handover).code === 'FAMILY_NOT_VERIFIED') {
      refusedWhileWaiting++;
      return false;
    }
    throw new StepFailed(`handing over to family: ${describe(handover)}`);
  });
  const done = expectStatus(await api(cast.officer, 'repatriation').GET('/v1/receptions/{receptionId}', { params: { path: { receptionId } } }), 200, 'reading the reception');
  check(done.status === 'HANDED_TO_FAMILY' && done.caseId === caseId, `the reception should be HANDED_TO_FAMILY, is ${done.status}`);
  log('repatriation', `handed to her verified mother, identity and kinship checked (US-05) (verification arrived after ${handoverMs} ms)`, [
    `reception ${done.status}${refusedWhileWaiting ? `; ${refusedWhileWaiting} earlier attempt(s) refused FAMILY_NOT_VERIFIED until the copy arrived` : ''}`,
  ]);
}


// ---------------------------------------------------------------------------------------------
// 5. An alert that reaches a person: a serious incident, the supervisor on shift, her email.

/** A mail as the mail catcher (scripts/mail-catcher.ts) kept it. */
interface CaughtMail {
  to: string[];
  subject: string;
  text: string;
}

async function alertReachesSupervisor(cast: Cast): Promise<{ caseId: string; caseNumber: string }> {
  const givenNames = 'Yeimi Demo';
  const familyNames = `${inventedFamilyName()} ${inventedFamilyName()}`;
  section(`5 · ${givenNames} ${familyNames} (invented), 12, from Honduras: a serious incident reaches the supervisor on shift`);

  const supervisorEmail = `supervision.chp.${RUN.toLowerCase()}@opis.invalid`;
  const shift = expectStatus(
    await api(cast.supervisor, 'notifications').POST('/v1/shifts', {
      body: {
        subject: cast.supervisor.label,
        role: 'SUPERVISOR',
        officeCode: 'CHP',
        startsAt: minutesAgo(5),
        endsAt: new Date(Date.now() + 8 * 3_600_000).toISOString(),
        email: supervisorEmail,
      },
    }),
    201,
    'putting the supervisor on shift',
  );
  log('notifications', `the CHP supervisor is on shift for eight hours; her alerts go to her work email`, [`shift ${shift.shiftId}`]);

  const registered = await register(
    cast,
    'child-5',
    registration(
      { givenNames, familyNames, sex: 'F', years: 12, nationality: 'HN', speaksSpanish: 'YES', languages: ['spa'] },
      { officeCode: 'CHP', migrationPointCode: 'CHP-CIUDAD-HIDALGO', detectedAt: minutesAgo(30), entryPath: 'DETECTED' },
    ),
  );
  const caseId = registered.caseId;
  log('intake', `registered: case ${registered.caseNumber}`);
  await copiesArrive(cast, caseId, ['care']);

  const reportedAt = Date.now();
  expectStatus(
    await api(cast.officer, 'care').POST('/v1/cases/{caseId}/incidents', {
      params: { path: { caseId } },
      body: { type: 'INJURY', severity: 'SERIOUS', occurredAt: minutesAgo(2), notes: 'Se lastimó el brazo al bajar de la litera; en valoración médica.' },
    }),
    200,
    'reporting the incident',
  );
  log('care', 'a serious incident reported by the officer on duty (care.incident.reported)');

  let taskId = '';
  await until('the supervisor\'s task', async () => {
    const tasks = expectStatus(await api(cast.supervisor, 'notifications').GET('/v1/tasks', { params: { query: { mine: true, caseId } } }), 200, 'listing her tasks');
    const task = tasks.items.find((candidate: ItemOf<typeof tasks.items>) => candidate.trigger === 'CARE_SERIOUS_INCIDENT');
    taskId = task?.taskId ?? '';
    return taskId !== '';
  });
  log('notifications', `a task for the supervisor, ${Date.now() - reportedAt} ms after the report`, [`task ${taskId}: CARE_SERIOUS_INCIDENT, case ${registered.caseNumber}`]);

  let mail: CaughtMail | undefined;
  await until('the supervisor\'s email', async () => {
    const mails = (await (await fetch(`${MAIL_CATCHER_URL}/messages?to=${encodeURIComponent(supervisorEmail)}`)).json()) as CaughtMail[];
    mail = mails.find((candidate) => candidate.text.includes(taskId));
    return mail !== undefined;
  });
  const caught = mail as CaughtMail;
  check(caught.subject.includes(registered.caseNumber), `the email should name case ${registered.caseNumber}: "${caught.subject}"`);
  const leaked = [givenNames, ...familyNames.split(' ')].filter((name) => `${caught.subject}\n${caught.text}`.includes(name));
  check(leaked.length === 0, `the email must not carry the child's name, carries ${leaked.join(', ')}`);
  log('notifications', `an email in her inbox, ${Date.now() - reportedAt} ms after the report`, [`"${caught.subject}"`, 'case number, kind of alert and a link; no name']);

  const acknowledged = expectStatus(await api(cast.supervisor, 'notifications').POST('/v1/tasks/{taskId}/acknowledge', { params: { path: { taskId } } }), 200, 'acknowledging');
  check(acknowledged.status === 'ACKNOWLEDGED' && acknowledged.escalatesAt === null, `acknowledged, it should stop escalating: ${acknowledged.status}, ${acknowledged.escalatesAt}`);
  log('notifications', 'she acknowledges it: it will not escalate to the national duty officer');
  return { caseId, caseNumber: registered.caseNumber };
}

/** The console's gateway (issue 23): the app, and the case's timeline from every service's events. */
async function consoleShowsTheCase(cast: Cast, child: { caseId: string; caseNumber: string }): Promise<void> {
  section(`6 · the officers' console at ${GATEWAY_URL}: case ${child.caseNumber} as the supervisor sees it`);
  const page = await fetch(`${GATEWAY_URL}/`);
  const html = await page.text();
  check(page.ok && html.includes('<div id="root">'), `the console's page should be served: HTTP ${page.status}`);
  log('demo', `the console is served (${page.headers.get('content-security-policy') ? 'with its content security policy' : 'without a content security policy'})`);

  interface Timeline {
    items: Array<{ service: string; type: string; occurredAt: string; actor: { kind: string; id: string } }>;
  }
  let timeline: Timeline = { items: [] };
  await until('the timeline to hold intake, care and notifications', async () => {
    const answer = await fetch(`${GATEWAY_URL}/v1/cases/${child.caseId}/timeline`, { headers: { authorization: `Bearer ${cast.supervisor.token}` } });
    if (answer.status === 404) return false;
    check(answer.ok, `the timeline: expected HTTP 200, got ${answer.status}`);
    timeline = (await answer.json()) as Timeline;
    const services = new Set(timeline.items.map((item) => item.service));
    return ['intake', 'care', 'notifications'].every((service) => services.has(service));
  });
  const times = timeline.items.map((item) => item.occurredAt);
  check(times.every((time, index) => index === 0 || times[index - 1] <= time), 'the timeline should be in the order things happened');
  log(
    'demo',
    `the timeline, one read model fed by events (${timeline.items.length} entries, in order):`,
    timeline.items.map((item) => `${item.occurredAt.slice(11, 19)}  ${item.type}  (${item.actor.kind} ${item.actor.id})`),
  );

  const throughGateway = await fetch(`${GATEWAY_URL}/api/notifications/v1/tasks?caseId=${child.caseId}`, { headers: { authorization: `Bearer ${cast.supervisor.token}` } });
  check(throughGateway.ok, `notifications through the gateway: expected HTTP 200, got ${throughGateway.status}`);
  log('demo', 'the services answer behind the console\'s one origin (/api/notifications/v1/tasks with her token)');
}

// ---------------------------------------------------------------------------------------------

async function platformIsUp(): Promise<void> {
  const down: string[] = [];
  for (const [name, url] of BASE_URLS) {
    const ready = await fetch(`${url}/health/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (!ready) down.push(`${name} (${url})`);
  }
  if (down.length > 0) throw new StepFailed(`not ready: ${down.join(', ')}. Start the platform with \`npm start\` first.`);
}

async function main(): Promise<void> {
  const started = Date.now();
  console.log(`OPIS platform demo · run ${RUN} · ${new Date().toISOString()} · times are UTC`);
  console.log(`services: ${[...BASE_URLS].map(([name, url]) => `${name} ${url}`).join(', ')}`);
  console.log('children, relatives and officials below are invented for this run.');
  try {
    await platformIsUp();
    await readServedDocuments();
    const cast: Cast = {
      officer: await caller('demo-officer', ['officer'], ['CHP', 'BCN']),
      supervisor: await caller('demo-supervisor', ['supervisor'], ['CHP', 'BCN']),
      officeAdmin: await caller('demo-office-admin', ['office-admin'], ['CHP']),
    };
    await firstChild(cast);
    await secondChild(cast);
    await thirdChild(cast);
    await fourthChild(cast);
    await consoleShowsTheCase(cast, await alertReachesSupervisor(cast));
  } catch (error) {
    console.error(`\n✗ ${clock()}  the demo stopped: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
    return;
  }
  console.log(`\n✓ every step behaved as shown (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

void main();
