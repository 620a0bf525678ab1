import { DUE_PROCESS_ITEMS, InformTopic } from '@opis/contracts-legal-status';

import { LegalTestBed } from './legal-harness';

export const minutesAgo = (minutes: number): string => new Date(Date.now() - minutes * 60_000).toISOString();

export const evidence = () => ({ completedAt: minutesAgo(1), documentReference: 'INM/CHP/2026/0042', person: 'opi-chp-0042' });

export const plan = (measure: string, decidedAt = new Date(Date.now() - 60_000)) => ({
  type: 'PLAN',
  author: 'Lic. Procuraduría Chiapas',
  decidedAt: decidedAt.toISOString(),
  optionsConsidered: ['HUMANITARIAN_REGULARISATION', 'ASSISTED_RETURN', 'REFUGE'],
  childViews: 'Quiero volver con mi abuela',
  recommendedMeasure: measure,
  urgentMeasures: [],
  documentReference: 'PPNNA/CHP/PR/2026/77',
});

/** INF-02: who was present, how the session was made accessible, whether hearing the child was appropriate. */
export const participation = {
  personsPresent: [
    { role: 'OPI', person: 'opi-chp-0042' },
    { role: 'INTERPRETER', person: 'int-quc-7' },
    { role: 'PROCURADURIA_REPRESENTATIVE', person: 'Lic. R. Pérez' },
  ],
  accessibilityAdaptations: ['PICTOGRAMS'],
  hearingAppropriate: true,
  hearingAppropriatenessReason: 'Tiene 14 años, está tranquila y quiere dar su opinión',
};

export const session = (topic: InformTopic, extra: Record<string, unknown> = {}) => ({
  topic,
  heldAt: minutesAgo(1),
  language: 'quc',
  interpreterId: 'int-quc-7',
  materialUsed: 'Texto 12-17 leído en voz alta',
  understanding: 'Entendió lo que sigue y a quién preguntar',
  ...participation,
  ...extra,
});

/** GD-02: what every resolution in these tests weighs. */
export const IMPACT = 'Vuelve con su abuela, verificada por el DIF guatemalteco; la separación de su tía en Tapachula se atiende con llamadas';

/** The topics a PAM resolution needs told (LM-16): what the record's own duties ask, and the procedure. */
export const RESOLUTION_TOPICS: readonly InformTopic[] = ['RIGHTS', 'PROCURADURIA_NOTIFICATION', 'MIGRATION_PROCEDURE'];

/** Calls that set a case up; any answer but 2xx fails the test with the body. */
export function setup(bed: LegalTestBed, token: string) {
  return async (caseId: string, method: 'POST' | 'PUT', path: string, body: unknown = {}): Promise<Record<string, unknown>> => {
    const response = await bed.service.request(method, `/v1/cases/${caseId}/${path}`, { token, body });
    if (response.status >= 300) throw new Error(`setup ${method} ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body as Record<string, unknown>;
  };
}

/** Opens the PAM, records the plan, the checklist and the sessions a resolution on `measure` needs. */
export async function readyToResolve(bed: LegalTestBed, token: string, caseId: string, measure: string): Promise<void> {
  const call = setup(bed, token);
  await call(caseId, 'POST', 'procedure/open');
  await call(caseId, 'POST', 'best-interests', plan(measure));
  for (const topic of [...RESOLUTION_TOPICS, ...(measure === 'ASSISTED_RETURN' ? (['RETURN_PROCESS'] as const) : [])]) {
    await call(caseId, 'POST', 'information-sessions', session(topic));
  }
  for (const item of DUE_PROCESS_ITEMS) await call(caseId, 'PUT', `procedure/checklist/${item}`, evidence());
}

/** A case whose PAM legal-status resolved as ASSISTED_RETURN_APPROVED (DOMAIN.md 4.5 a). */
export async function resolvedForReturn(bed: LegalTestBed, token: string, caseId: string): Promise<void> {
  await readyToResolve(bed, token, caseId, 'ASSISTED_RETURN');
  await setup(bed, token)(caseId, 'POST', 'procedure/resolution', { resolution: 'ASSISTED_RETURN_APPROVED', impactAssessment: IMPACT });
}
