// The demo's cast: invented children and unique references, times inside the services' windows, and their registration.
import { randomBytes } from 'node:crypto';

import { ItemOf, RequestBodyOf } from '@opis/api-clients';

import { Answer, api, Caller, check, expectStatus, log, StepFailed, until, Window } from './steps';

// ---------------------------------------------------------------------------------------------
// Invented children, unique references, and times inside the windows the services keep.

export const RUN = `${new Date().toISOString().slice(2, 10).replace(/-/g, '')}${randomBytes(3).toString('hex').toUpperCase()}`;
export const YEAR = new Date().getUTCFullYear();
const SYLLABLES = ['ka', 'lu', 'mi', 'xo', 'te', 'na', 'ri', 'bo', 'se', 'ya', 'qui', 'tzu', 'ja', 'po', 'le', 'wi'];
const seed = randomBytes(64);
let seedAt = 0;

/** A family name nobody has: two or three syllables drawn for this run ("Tzunaxo"). */
export function inventedFamilyName(): string {
  const count = 2 + (seed[seedAt++ % seed.length] % 2);
  const word = Array.from({ length: count }, () => SYLLABLES[seed[seedAt++ % seed.length] % SYLLABLES.length]).join('');
  return word.charAt(0).toUpperCase() + word.slice(1);
}

export const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
export const now = () => new Date().toISOString();

export function localTime(at: Date, timeZone: string): { weekday: number; minutes: number; text: string } {
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
export function firstInside(from: Date, window: Window, marginMinutes: number): Date {
  const at = new Date(Math.ceil(from.getTime() / 900_000) * 900_000);
  for (let step = 0; step < 4 * 24 * 14; step++, at.setTime(at.getTime() + 900_000)) {
    if (inside(at, window, marginMinutes)) return at;
  }
  throw new StepFailed(`no time inside the window ${JSON.stringify(window)} within two weeks`);
}

/** The last minute up to `until`, inside the window (the arrival of a child met in hours). */
export function lastInside(until: Date, window: Window, marginMinutes: number): Date {
  const at = new Date(Math.floor(until.getTime() / 60_000) * 60_000);
  for (let step = 0; step < 60 * 24 * 14; step++, at.setTime(at.getTime() - 60_000)) {
    if (inside(at, window, marginMinutes)) return at;
  }
  throw new StepFailed(`no time inside the window ${JSON.stringify(window)} in the last two weeks`);
}

// ---------------------------------------------------------------------------------------------

export interface Cast {
  officer: Caller;
  supervisor: Caller;
  officeAdmin: Caller;
}

type RegisterCase = RequestBodyOf<'intake', '/v1/cases', 'post'>;

export function registration(
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

export async function register(cast: Cast, label: string, body: RegisterCase) {
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
export async function copiesArrive(cast: Cast, caseId: string, services: CopyKeeper[]): Promise<void> {
  for (const service of services) {
    const ms = await until(`the case in ${service}`, async () => (await copyOf(cast.officer, service, caseId)).response.status === 200);
    log(service, `opened its record of the case from intake.case.registered (after ${ms} ms)`);
  }
}

/** A family member the child names, located by the child's call, and verified (GD-05). */
export async function verifiedMember(
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