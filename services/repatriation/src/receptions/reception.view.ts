import { OfficeCode } from '@opis/contracts-envelope';
import { Accompaniment } from '@opis/contracts-intake';
import { CauseOfMigration, IncidentKind, ReceptionHandoverKind, ReceptionStatus, RiskScreenFinding, UsAgency } from '@opis/contracts-repatriation';

import { ReceptionEntity } from './reception.entity';
import { ReceptionHandover } from './reception.repository';

export interface ReceptionView {
  receptionId: string;
  officeCode: OfficeCode;
  status: ReceptionStatus;
  usAgency: UsAgency;
  usStation: string;
  usReference: string;
  expectedPointCode: string;
  expectedAt: string;
  consulateNotified: boolean;
  usScreeningRecord: boolean;
  pointCode: string | null;
  arrivedAt: string | null;
  accompaniment: Accompaniment | null;
  caseId: string | null;
  riskScreen: { screenedAt: string; findings: RiskScreenFinding[]; positive: boolean } | null;
  procuraduriaMeasure: { reference: string; issuedAt: string } | null;
  /** LM-15. */
  causesOfMigration: { causes: CauseOfMigration[]; recordedAt: string } | null;
  /** When a positive screen (US-06) or intrafamily violence (LM-15) sent the reception to the Procuraduría. */
  procuraduriaReferredAt: string | null;
  /** US-05: the parent or guardian DIF reached. */
  familyContacted: { familyContactId: string; contactedAt: string } | null;
  closedAt: string | null;
  difPlatformId: string | null;
  channelledAt: string | null;
  handover: { handoverId: string; kind: ReceptionHandoverKind; familyContactId: string | null; homeState: OfficeCode | null; escortOfficerIds: string[]; handedOverAt: string } | null;
  incidents: Array<{ incidentId: string; kind: IncidentKind; pointCode: string; occurredAt: string }>;
}

const iso = (date: Date | null) => (date ? new Date(date).toISOString() : null);

export function receptionView(
  row: ReceptionEntity,
  handover: ReceptionHandover | null,
  incidents: Array<{ id: string; kind: string; pointCode: string; occurredAt: Date }>,
): ReceptionView {
  return {
    receptionId: row.id,
    officeCode: row.officeCode as OfficeCode,
    status: row.status,
    usAgency: row.usAgency as UsAgency,
    usStation: row.usStation,
    usReference: row.usReference,
    expectedPointCode: row.expectedPointCode,
    expectedAt: new Date(row.expectedAt).toISOString(),
    consulateNotified: row.consulateNotified,
    usScreeningRecord: row.usScreeningRecord,
    pointCode: row.pointCode,
    arrivedAt: iso(row.arrivedAt),
    accompaniment: row.accompaniment as Accompaniment | null,
    caseId: row.caseId,
    riskScreen: row.riskScreenedAt
      ? { screenedAt: new Date(row.riskScreenedAt).toISOString(), findings: (row.riskFindings ?? []) as RiskScreenFinding[], positive: (row.riskFindings ?? []).length > 0 }
      : null,
    procuraduriaMeasure: row.measureIssuedAt ? { reference: row.measureReference ?? '', issuedAt: new Date(row.measureIssuedAt).toISOString() } : null,
    causesOfMigration: row.causesRecordedAt ? { causes: (row.causesOfMigration ?? []) as CauseOfMigration[], recordedAt: new Date(row.causesRecordedAt).toISOString() } : null,
    procuraduriaReferredAt: iso(row.procuraduriaReferredAt),
    familyContacted:
      row.familyContactId && row.familyContactedAt ? { familyContactId: row.familyContactId, contactedAt: new Date(row.familyContactedAt).toISOString() } : null,
    closedAt: iso(row.closedAt),
    difPlatformId: row.difPlatformId,
    channelledAt: iso(row.channelledAt),
    handover: handover
      ? {
          handoverId: handover.id,
          kind: handover.kind as ReceptionHandoverKind,
          familyContactId: handover.familyContactId,
          homeState: handover.homeState as OfficeCode | null,
          escortOfficerIds: handover.escortOfficerIds,
          handedOverAt: new Date(handover.handedOverAt).toISOString(),
        }
      : null,
    incidents: incidents.map((incident) => ({ incidentId: incident.id, kind: incident.kind as IncidentKind, pointCode: incident.pointCode, occurredAt: new Date(incident.occurredAt).toISOString() })),
  };
}
