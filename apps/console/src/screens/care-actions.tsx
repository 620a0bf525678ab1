import { useQuery } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';

import { ApiError, BodyOf, describeProblem, OfflineError, RequestOf } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { Submission, useOffline } from '../offline/offline-context';

type Facilities = BodyOf<'care', '/v1/facilities', 'get'>;
type Facility = Facilities['items'][number];
type Placement = RequestOf<'care', '/v1/cases/{caseId}/placements', 'post'>;
type HealthScreening = RequestOf<'care', '/v1/cases/{caseId}/health-screenings', 'post'>;

const SCREENING_FINDINGS = ['urgentReferral', 'chronicCondition', 'pregnancyFollowUp', 'disabilitySupport'] as const;

/**
 * A health screening, recorded from the case: care work, so it is kept on the device without a
 * connection and sent with its Idempotency-Key when the connection returns.
 */
export function HealthScreeningForm({ caseId, caseNumber, act }: { caseId: string; caseNumber: string; act(submission: Submission): Promise<void> }) {
  const { t } = useI18n();
  const [findings, setFindings] = useState<Record<(typeof SCREENING_FINDINGS)[number], boolean>>({
    urgentReferral: false,
    chronicCondition: false,
    pregnancyFollowUp: false,
    disabilitySupport: false,
  });
  const [notes, setNotes] = useState('');
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const body: HealthScreening = { screenedAt: new Date().toISOString(), ...findings, ...(notes.trim() ? { notes: notes.trim() } : {}) };
    await act({ kind: 'health-screening', label: caseNumber, service: 'care', method: 'POST', path: `/v1/cases/${caseId}/health-screenings`, body });
  };
  return (
    <details>
      <summary>{t('care.screening.title')}</summary>
      <form onSubmit={(event) => void onSubmit(event)} aria-label={t('care.screening.title')}>
        {SCREENING_FINDINGS.map((finding) => (
          <div className="check" key={finding}>
            <input
              id={`screening-${finding}`}
              type="checkbox"
              checked={findings[finding]}
              onChange={(event) => setFindings((previous) => ({ ...previous, [finding]: event.target.checked }))}
            />
            <label htmlFor={`screening-${finding}`}>{t(`care.screening.${finding}`)}</label>
          </div>
        ))}
        <div className="field">
          <label htmlFor="screening-notes">{t('care.screening.notes')}</label>
          <textarea id="screening-notes" maxLength={2000} value={notes} onChange={(event) => setNotes(event.target.value)} />
        </div>
        <button type="submit">{t('care.screening.submit')}</button>
      </form>
    </details>
  );
}

/**
 * Placing the child in a registered facility of the case's office, each shown with its free places
 * (a full one cannot be chosen). Sent at once, never kept on the device: a place is decided on
 * the facility's occupancy now, which only care knows; its refusal (a rule of LM-08, GD-07, INV-09)
 * is shown in its own words.
 */
export function PlacementForm({ caseId, officeCode, onPlaced }: { caseId: string; officeCode: string; onPlaced(): Promise<unknown> }) {
  const { t } = useI18n();
  const { call } = useOffline();
  // Read when the officer opens the form, and each time: occupancy changes by the hour.
  const [open, setOpen] = useState(false);
  const facilities = useQuery({
    queryKey: ['care', 'facilities', officeCode],
    queryFn: () => call('care', `/v1/facilities?office=${officeCode}&limit=100`) as Promise<Facilities>,
    enabled: open,
    staleTime: 0,
    retry: false,
  });
  const [facilityId, setFacilityId] = useState('');
  const [setting, setSetting] = useState<Placement['setting']>('CHILD_ONLY_AREA');
  const [outcome, setOutcome] = useState<string | null>(null);
  const inOffice = (facilities.data?.items ?? []).filter((facility) => facility.officeCode === officeCode);
  const chosen = inOffice.find((facility) => facility.facilityId === facilityId);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!chosen) return;
    const body: Placement = { facilityId: chosen.facilityId, facilityType: chosen.type, setting, placedAt: new Date().toISOString() };
    try {
      await call('care', `/v1/cases/${caseId}/placements`, { method: 'POST', body });
      setOutcome(t('care.placement.done', { name: chosen.name }));
      await Promise.all([onPlaced(), facilities.refetch()]);
    } catch (error) {
      setOutcome(
        error instanceof ApiError
          ? t('care.placement.refused', { detail: describeProblem(error.problem) })
          : error instanceof OfflineError
            ? t('care.placement.offline')
            : t('error.generic', { detail: String(error) }),
      );
    }
  };

  const optionText = (facility: Facility) =>
    t('care.placement.option', { name: facility.name, type: facility.type, available: facility.available, capacity: facility.capacity });
  return (
    <details onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>{t('care.placement.title')}</summary>
      <form onSubmit={(event) => void onSubmit(event)} aria-label={t('care.placement.title')}>
        {facilities.isError ? (
          <p className="warning">{t('care.placement.unavailable')}</p>
        ) : (
          <div className="field">
            <label htmlFor="placement-facility">{t('care.placement.facility')}</label>
            <select id="placement-facility" value={facilityId} onChange={(event) => setFacilityId(event.target.value)} required>
              <option value="">{t('care.placement.choose')}</option>
              {inOffice.map((facility) => (
                <option key={facility.facilityId} value={facility.facilityId} disabled={facility.full}>
                  {optionText(facility)}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor="placement-setting">{t('care.placement.setting')}</label>
          <select id="placement-setting" value={setting} onChange={(event) => setSetting(event.target.value as Placement['setting'])}>
            {(chosen?.settings ?? ['CHILD_ONLY_AREA', 'FAMILY_UNIT_AREA']).map((option) => (
              <option key={option} value={option}>
                {t('care.placement.settingName', { setting: option })}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" disabled={!chosen || chosen.full}>
          {t('care.placement.submit')}
        </button>
        <div role="status" aria-live="polite">
          {outcome && <p className="notice">{outcome}</p>}
        </div>
      </form>
    </details>
  );
}
