import { createEnvelope } from '@opis/contracts-envelope';
import { careIncidentReportedV1 } from '@opis/contracts-care';
import { memberFlaggedV1 } from '@opis/contracts-family-contact';
import { planAbortedV1 } from '@opis/contracts-repatriation';

import { ConcernRecordFacts, decideConcern, reportedConcern } from './concern-rules';

const caseId = '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d0f';
const actor = { kind: 'officer' as const, id: 'opi-chp-0042' };
const foreign: ConcernRecordFacts = { nationality: 'GT', protectionStatus: 'NOT_ASSESSED', fearOfReturn: false, procedureStatus: 'PAM_OPEN', procedureResolution: null, procedureResolvedAt: null };
const at = new Date('2026-12-02T10:00:00Z');

describe('protection concerns from other services (issue 18, INV-01, GD-08)', () => {
  it('reads a concern from a care incident or a family flag, and an abort as a concern by its reason', () => {
    const incident = createEnvelope({ name: careIncidentReportedV1.name, caseId, officeCode: 'CHP', actor, data: { ...careIncidentReportedV1.example, protectionConcern: 'FEAR_OF_RETURN' as const } });
    expect(reportedConcern(incident)).toEqual({ source: 'CARE_INCIDENT', concern: 'FEAR_OF_RETURN', returnAborted: false, reportedAt: new Date(careIncidentReportedV1.example.occurredAt) });
    expect(reportedConcern(createEnvelope({ name: careIncidentReportedV1.name, caseId, officeCode: 'CHP', actor, data: careIncidentReportedV1.example }))).toBeNull();
    const flag = createEnvelope({ name: memberFlaggedV1.name, caseId, officeCode: 'CHP', actor, data: { ...memberFlaggedV1.example, protectionConcern: 'PROTECTION_NEED' as const } });
    expect(reportedConcern(flag)).toMatchObject({ source: 'FAMILY_FLAG', concern: 'PROTECTION_NEED', returnAborted: false });
    const abort = (reason: 'FEAR_EXPRESSED' | 'PROTECTION_CLAIM' | 'HEALTH' | 'PROTECTION_LOCK') =>
      reportedConcern(createEnvelope({ name: planAbortedV1.name, caseId, officeCode: 'CHP', actor, data: { ...planAbortedV1.example, reason } }));
    expect(abort('FEAR_EXPRESSED')).toMatchObject({ source: 'RETURN_ABORTED', concern: 'FEAR_OF_RETURN', returnAborted: true });
    expect(abort('PROTECTION_CLAIM')).toMatchObject({ concern: 'PROTECTION_NEED', returnAborted: true });
    expect(abort('HEALTH')).toMatchObject({ concern: null, returnAborted: true });
    expect(abort('PROTECTION_LOCK')).toMatchObject({ concern: null, returnAborted: true });
  });

  it('records fear of return once, and identifies a need unless the case is further on', () => {
    expect(decideConcern(foreign, { concern: 'FEAR_OF_RETURN', returnAborted: false, reportedAt: at })).toEqual({ fearOfReturn: true, needIdentified: false, reopenProcedure: false, outcomes: ['FEAR_RECORDED'] });
    expect(decideConcern({ ...foreign, fearOfReturn: true }, { concern: 'FEAR_OF_RETURN', returnAborted: false, reportedAt: at })).toMatchObject({ fearOfReturn: false, outcomes: ['FEAR_ALREADY_RECORDED'] });
    expect(decideConcern(foreign, { concern: 'PROTECTION_NEED', returnAborted: false, reportedAt: at })).toMatchObject({ needIdentified: true, outcomes: ['NEED_IDENTIFIED'] });
    expect(decideConcern({ ...foreign, protectionStatus: 'WITHDRAWN' }, { concern: 'PROTECTION_NEED', returnAborted: false, reportedAt: at })).toMatchObject({ needIdentified: true });
    for (const protectionStatus of ['NEED_IDENTIFIED', 'CLAIM_PENDING', 'RECOGNIZED_REFUGEE', 'DENIED', 'APPEAL_PENDING'] as const) {
      expect(decideConcern({ ...foreign, protectionStatus }, { concern: 'PROTECTION_NEED', returnAborted: false, reportedAt: at })).toMatchObject({ needIdentified: false, outcomes: ['NEED_ALREADY_FURTHER'] });
    }
  });

  it('keeps a Mexican child’s concern for the audit without locking (US-06 routes it to the Procuraduría)', () => {
    const mexican = { ...foreign, nationality: 'MX' };
    expect(decideConcern(mexican, { concern: 'FEAR_OF_RETURN', returnAborted: false, reportedAt: at })).toEqual({ fearOfReturn: false, needIdentified: false, reopenProcedure: false, outcomes: ['NATIONAL_CHILD_NOT_LOCKED'] });
    expect(decideConcern(mexican, { concern: 'PROTECTION_NEED', returnAborted: false, reportedAt: at })).toMatchObject({ needIdentified: false, outcomes: ['NATIONAL_CHILD_NOT_LOCKED'] });
  });

  it('sends a procedure resolved for return back to re-plan on any abort, and nothing else', () => {
    const resolved = { ...foreign, procedureStatus: 'RESOLVED' as const, procedureResolution: 'ASSISTED_RETURN_APPROVED' as const };
    expect(decideConcern(resolved, { concern: null, returnAborted: true, reportedAt: at })).toEqual({ fearOfReturn: false, needIdentified: false, reopenProcedure: true, outcomes: ['PROCEDURE_REOPENED'] });
    expect(decideConcern(resolved, { concern: 'FEAR_OF_RETURN', returnAborted: true, reportedAt: at })).toMatchObject({ fearOfReturn: true, reopenProcedure: true, outcomes: ['FEAR_RECORDED', 'PROCEDURE_REOPENED'] });
    expect(decideConcern({ ...resolved, procedureResolution: 'REGULARIZED_HUMANITARIAN' }, { concern: null, returnAborted: true, reportedAt: at })).toMatchObject({ reopenProcedure: false, outcomes: ['NOTHING_TO_CHANGE'] });
    expect(decideConcern(foreign, { concern: null, returnAborted: true, reportedAt: at })).toMatchObject({ reopenProcedure: false, outcomes: ['NOTHING_TO_CHANGE'] });
  });

  it('reopens only on an abort after the resolution: a replayed or late abort stopped an earlier plan, its fear still counts', () => {
    const resolved = { ...foreign, procedureStatus: 'RESOLVED' as const, procedureResolution: 'ASSISTED_RETURN_APPROVED' as const, procedureResolvedAt: at };
    const before = new Date(at.getTime() - 1);
    const after = new Date(at.getTime() + 1);
    expect(decideConcern(resolved, { concern: null, returnAborted: true, reportedAt: after })).toMatchObject({ reopenProcedure: true, outcomes: ['PROCEDURE_REOPENED'] });
    expect(decideConcern(resolved, { concern: null, returnAborted: true, reportedAt: at })).toMatchObject({ reopenProcedure: false, outcomes: ['ABORT_BEFORE_RESOLUTION'] });
    expect(decideConcern(resolved, { concern: 'FEAR_OF_RETURN', returnAborted: true, reportedAt: before })).toEqual({
      fearOfReturn: true,
      needIdentified: false,
      reopenProcedure: false,
      outcomes: ['FEAR_RECORDED', 'ABORT_BEFORE_RESOLUTION'],
    });
  });
});
