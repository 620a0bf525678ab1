import { FormEvent, useState } from 'react';

import { ApiError, BodyOf, describeProblem, RequestOf } from '../api/client';
import { Session } from '../auth/session';
import { useI18n } from '../i18n/i18n';
import { MessageId } from '../i18n/messages.es-MX';
import { useOffline } from '../offline/offline-context';
import { Link } from '../ui/router';

type Registration = RequestOf<'intake', '/v1/cases', 'post'>;
type RegistrationResult = BodyOf<'intake', '/v1/cases', 'post'>;
type Duplicate = RegistrationResult['possibleDuplicates'][number];
type DuplicateCheck = BodyOf<'intake', '/v1/duplicate-checks', 'post'>;
type DuplicateCheckRequest = RequestOf<'intake', '/v1/duplicate-checks', 'post'>;

const SCREENING_FLAGS = ['protectionNeedIndicated', 'traffickingIndicators', 'medicalEmergency', 'disability', 'pregnant'] as const;
const AGE_IN_DOUBT = new Set(['ESTIMATED', 'DISPUTED']);
/** The most records of other offices intake's duplicate check counts (its DUPLICATE_LIMIT). */
const OTHER_OFFICES_COUNTED = 5;

function Choice({ id, label, options, value, onChange }: { id: string; label: string; options: [string, string][]; value: string; onChange(value: string): void }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        {options.map(([optionValue, text]) => (
          <option key={optionValue} value={optionValue}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

function Text({ id, label, value, onChange, type = 'text', ...rest }: { id: string; label: string; value: string; onChange(value: string): void; type?: string; min?: number; max?: number }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type={type} value={value} onChange={(event) => onChange(event.target.value)} required {...rest} />
    </div>
  );
}

/** The ages an officer wrote (e.g. "15, 17"), or the one age given when none. */
function candidateAges(written: string, years: string): number[] {
  if (written.trim() === '') return [Number(years)];
  // What is not a whole number is sent as it is, for intake to refuse naming the field.
  return written.split(',').map((age) => Number(age.trim()));
}

function localNow(): string {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

export function Register({ session }: { session: Session }) {
  const { t } = useI18n();
  const { submit, call, online } = useOffline();
  const [form, setForm] = useState({
    givenNames: '',
    familyNames: '',
    sex: 'F',
    years: '14',
    ageStatus: 'DECLARED',
    candidates: '',
    nationality: 'GT',
    countryOfResidence: 'GT',
    languages: 'spa',
    speaksSpanish: 'YES',
    officeCode: session.offices[0] ?? 'CHP',
    migrationPoint: '',
    detectedAt: localNow(),
    entryPath: 'DETECTED',
    accompaniment: 'UNACCOMPANIED',
  });
  const [flags, setFlags] = useState<Record<(typeof SCREENING_FLAGS)[number], boolean>>({
    protectionNeedIndicated: false,
    traffickingIndicators: false,
    medicalEmergency: false,
    disability: false,
    pregnant: false,
  });
  const [sending, setSending] = useState(false);
  const [outcome, setOutcome] = useState<{ queued: true } | { queued: false; result: RegistrationResult } | { error: string } | null>(null);
  const [linked, setLinked] = useState<string | null>(null);
  // The earlier records found for the child as written: shown before saving, once per identity.
  const [earlier, setEarlier] = useState<{ identity: string; found: DuplicateCheck } | null>(null);
  const set = (field: keyof typeof form) => (value: string) => setForm((previous) => ({ ...previous, [field]: value }));
  const options = (prefix: string, values: string[]): [string, string][] => values.map((value) => [value, t(`${prefix}.${value}` as MessageId)]);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const registration: Registration = {
      child: {
        givenNames: form.givenNames.trim(),
        familyNames: form.familyNames.trim(),
        sex: form.sex as Registration['child']['sex'],
        age: {
          years: Number(form.years),
          status: form.ageStatus as Registration['child']['age']['status'],
          // An age in doubt names the ages it could be; the youngest one counts for the rules.
          ...(form.ageStatus === 'DISPUTED' ? { candidates: candidateAges(form.candidates, form.years) } : {}),
        },
        nationality: form.nationality.trim().toUpperCase(),
        countryOfResidence: form.countryOfResidence.trim().toUpperCase(),
        languages: form.languages.split(',').map((language) => language.trim()).filter(Boolean),
        speaksSpanish: form.speaksSpanish as Registration['child']['speaksSpanish'],
      },
      encounter: {
        officeCode: form.officeCode as Registration['encounter']['officeCode'],
        migrationPoint: form.migrationPoint.trim(),
        detectedAt: new Date(form.detectedAt).toISOString(),
        entryPath: form.entryPath as Registration['encounter']['entryPath'],
        accompaniment: form.accompaniment as Registration['encounter']['accompaniment'],
      },
      screening: flags,
    };
    setSending(true);
    setLinked(null);
    try {
      if (online && (await earlierRecordsToShow(registration))) return;
      const sent = await submit({
        kind: 'register',
        label: `${registration.child.givenNames} ${registration.child.familyNames}`,
        service: 'intake',
        method: 'POST',
        path: '/v1/cases',
        body: registration,
      });
      setOutcome(sent.queued ? { queued: true } : { queued: false, result: sent.result as RegistrationResult });
    } catch (error) {
      setOutcome({ error: error instanceof ApiError ? describeProblem(error.problem) : String(error) });
    } finally {
      setSending(false);
    }
  };

  /**
   * Before the first save of a child as written, intake's duplicate check: earlier records are
   * shown and the officer saves again to go on (or opens the earlier case). A check that fails
   * never stops a registration; offline there is none (the registration's answer lists them).
   */
  const earlierRecordsToShow = async (registration: Registration): Promise<boolean> => {
    const { givenNames, familyNames, sex, age, nationality } = registration.child;
    const child = { givenNames, familyNames, sex, age, nationality };
    const identity = JSON.stringify([registration.encounter.officeCode, child]);
    if (earlier?.identity === identity) return false;
    try {
      const body: DuplicateCheckRequest = { officeCode: registration.encounter.officeCode, child };
      const found = (await call('intake', '/v1/duplicate-checks', { method: 'POST', body })) as DuplicateCheck;
      setEarlier({ identity, found });
      return found.possibleDuplicates.length > 0 || found.inOtherOffices > 0;
    } catch {
      return false;
    }
  };

  const link = async (caseId: string, duplicate: Duplicate) => {
    if (!('personId' in duplicate)) return;
    await call('intake', `/v1/cases/${caseId}/person`, { method: 'PUT', body: { personId: duplicate.personId } });
    setLinked(duplicate.personId);
  };

  return (
    <section aria-labelledby="register-title">
      <h1 id="register-title">{t('register.title')}</h1>
      <form onSubmit={onSubmit}>
        <fieldset>
          <legend>{t('register.child')}</legend>
          <Text id="givenNames" label={t('register.givenNames')} value={form.givenNames} onChange={set('givenNames')} />
          <Text id="familyNames" label={t('register.familyNames')} value={form.familyNames} onChange={set('familyNames')} />
          <Choice id="sex" label={t('register.sex')} value={form.sex} onChange={set('sex')} options={options('register.sex', ['F', 'M', 'X'])} />
          <Text id="years" type="number" min={0} max={30} label={t('register.ageYears')} value={form.years} onChange={set('years')} />
          <Choice
            id="ageStatus"
            label={t('register.ageStatus')}
            value={form.ageStatus}
            onChange={set('ageStatus')}
            options={options('register.ageStatus', ['DOCUMENTED', 'DECLARED', 'ESTIMATED', 'DISPUTED'])}
          />
          {AGE_IN_DOUBT.has(form.ageStatus) && (
            <p className="notice" role="note" id="presumption">
              {t('register.presumption')}
            </p>
          )}
          {form.ageStatus === 'DISPUTED' && (
            <div className="field">
              <label htmlFor="candidates">{t('register.candidates')}</label>
              <input id="candidates" value={form.candidates} placeholder={form.years} onChange={(event) => set('candidates')(event.target.value)} />
            </div>
          )}
          <Text id="nationality" label={t('register.nationality')} value={form.nationality} onChange={set('nationality')} />
          <Text id="countryOfResidence" label={t('register.residence')} value={form.countryOfResidence} onChange={set('countryOfResidence')} />
          <Text id="languages" label={t('register.languages')} value={form.languages} onChange={set('languages')} />
          <Choice
            id="speaksSpanish"
            label={t('register.speaksSpanish')}
            value={form.speaksSpanish}
            onChange={set('speaksSpanish')}
            options={options('register.speaksSpanish', ['YES', 'PARTIAL', 'NO'])}
          />
        </fieldset>
        <fieldset>
          <legend>{t('register.encounter')}</legend>
          <Choice id="officeCode" label={t('register.office')} value={form.officeCode} onChange={set('officeCode')} options={session.offices.map((office) => [office, office])} />
          <Text id="migrationPoint" label={t('register.migrationPoint')} value={form.migrationPoint} onChange={set('migrationPoint')} />
          <Text id="detectedAt" type="datetime-local" label={t('register.detectedAt')} value={form.detectedAt} onChange={set('detectedAt')} />
          <Choice
            id="entryPath"
            label={t('register.entryPath')}
            value={form.entryPath}
            onChange={set('entryPath')}
            options={options('register.entryPath', ['DETECTED', 'PUT_AT_DISPOSAL', 'RETURNED_FROM_USA'])}
          />
          <Choice
            id="accompaniment"
            label={t('register.accompaniment')}
            value={form.accompaniment}
            onChange={set('accompaniment')}
            options={options('register.accompaniment', ['UNACCOMPANIED', 'SEPARATED', 'ACCOMPANIED'])}
          />
        </fieldset>
        <fieldset>
          <legend>{t('register.screening')}</legend>
          {SCREENING_FLAGS.map((flag) => (
            <div className="check" key={flag}>
              <input id={flag} type="checkbox" checked={flags[flag]} onChange={(event) => setFlags((previous) => ({ ...previous, [flag]: event.target.checked }))} />
              <label htmlFor={flag}>{t(`register.flag.${flag}`)}</label>
            </div>
          ))}
        </fieldset>
        {earlier && (earlier.found.possibleDuplicates.length > 0 || earlier.found.inOtherOffices > 0) && <EarlierRecords found={earlier.found} />}
        <button type="submit" disabled={sending}>
          {sending ? t('register.sending') : earlier && (earlier.found.possibleDuplicates.length > 0 || earlier.found.inOtherOffices > 0) ? t('register.submitAnyway') : t('register.submit')}
        </button>
      </form>
      <div role="status" aria-live="polite">
        {outcome && 'error' in outcome && <p className="error">{t('error.generic', { detail: outcome.error })}</p>}
        {outcome && 'queued' in outcome && outcome.queued && <p className="notice">{t('register.queued')}</p>}
        {outcome && 'queued' in outcome && !outcome.queued && (
          <RegistrationDone result={outcome.result} linked={linked} onLink={(duplicate) => void link(outcome.result.caseId, duplicate)} />
        )}
      </div>
    </section>
  );
}

/** What the duplicate check found before saving: the office's earlier cases to open, and how many elsewhere. */
function EarlierRecords({ found }: { found: DuplicateCheck }) {
  const { t } = useI18n();
  return (
    <div className="panel" role="alert" aria-labelledby="earlier-title">
      <h2 id="earlier-title">{t('register.earlier')}</h2>
      {found.possibleDuplicates.length > 0 && (
        <ul>
          {found.possibleDuplicates.map((duplicate) => (
            <li key={duplicate.caseId}>
              {t('register.duplicate.own', { caseNumber: duplicate.caseNumber, office: duplicate.officeCode, matched: duplicate.matchedOn.join(', '), score: duplicate.score })}{' '}
              <Link href={`/cases/${duplicate.caseId}`}>{t('register.earlier.open')}</Link>
            </li>
          ))}
        </ul>
      )}
      {found.inOtherOffices > 0 && (
        // intake counts up to five: five means five or more.
        <p>{found.inOtherOffices >= OTHER_OFFICES_COUNTED ? t('register.earlier.elsewhereMany', { count: OTHER_OFFICES_COUNTED }) : t('register.earlier.elsewhere', { count: found.inOtherOffices })}</p>
      )}
      <p>{t('register.earlier.help')}</p>
    </div>
  );
}

function RegistrationDone({ result, linked, onLink }: { result: RegistrationResult; linked: string | null; onLink(duplicate: Duplicate): void }) {
  const { t } = useI18n();
  return (
    <div className="panel">
      <p>
        <strong>{t('register.done', { caseNumber: result.caseNumber })}</strong> <Link href={`/cases/${result.caseId}`}>{t('register.open')}</Link>
      </p>
      {result.possibleDuplicates.length === 0 ? (
        <p>{t('register.duplicates.none')}</p>
      ) : (
        <>
          <h2>{t('register.duplicates')}</h2>
          <ul>
            {result.possibleDuplicates.map((duplicate) => (
              <li key={duplicate.caseNumber}>
                {'personId' in duplicate ? (
                  <>
                    {t('register.duplicate.own', { caseNumber: duplicate.caseNumber, office: duplicate.officeCode, matched: duplicate.matchedOn.join(', '), score: duplicate.score })}{' '}
                    {linked === duplicate.personId ? (
                      <span>{t('register.duplicate.linked')}</span>
                    ) : (
                      <button type="button" onClick={() => onLink(duplicate)}>
                        {t('register.duplicate.link')}
                      </button>
                    )}
                  </>
                ) : (
                  t('register.duplicate.other', { caseNumber: duplicate.caseNumber, office: duplicate.officeCode, ageBand: duplicate.ageBand, score: duplicate.score })
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
