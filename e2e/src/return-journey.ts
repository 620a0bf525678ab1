import { DUE_PROCESS_ITEMS, INFORM_TOPICS } from '@opis/contracts-legal-status';
import { TestResponse } from '@opis/service-harness';
import { waitFor } from '@opis/testing';

import { RunningPlatform, ServiceName } from './running-platform';
import { sampleRegistration } from './sample-registration';

export type Registration = ReturnType<typeof sampleRegistration>;

/** The next Monday 16:00 UTC (10:00 in Guatemala) at least four days ahead: inside GT's seeded window and notice period. */
export function guatemalaWindow(): string {
  const day = new Date(Date.now() + 4 * 86_400_000);
  while (day.getUTCDay() !== 1) day.setUTCDate(day.getUTCDate() + 1);
  day.setUTCHours(16, 0, 0, 0);
  return day.toISOString();
}

/**
 * A foreign child's way to an assisted return, through the services' APIs only, each fact in
 * the service that owns it: intake registers and notifies the Procuraduría, legal-status takes the
 * plan de restitución, informs the child and resolves the PAM (DOMAIN.md 4.4 a), family-contact
 * verifies the family, repatriation proposes and prepares the plan (4.5 a).
 */
export class ReturnJourney {
  constructor(
    private readonly platform: RunningPlatform,
    private readonly officer: string,
    private readonly supervisor: string,
  ) {}

  public readonly now = (): string => new Date(Date.now() - 60_000).toISOString();

  public call(service: ServiceName, method: string, path: string, body?: unknown, token = this.officer) {
    return this.platform.request(service, method, path, { token, body });
  }

  private async expectStatus(what: string, reply: Promise<TestResponse>, ...statuses: number[]) {
    const response = await reply;
    if (!statuses.includes(response.status)) throw new Error(`${what}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }

  /** Registered in intake, its copy in family-contact, legal-status and repatriation. */
  public async registered(registration: Registration = sampleRegistration('CHP')): Promise<string> {
    const body = await this.expectStatus('registering', this.call('intake', 'POST', '/v1/cases', registration), 201);
    const caseId = body.caseId as string;
    await waitFor('the case in family-contact, legal-status and repatriation', async () =>
      (await this.call('family-contact', 'GET', `/v1/cases/${caseId}/family`)).status === 200 &&
      (await this.call('legal-status', 'GET', `/v1/cases/${caseId}/legal`)).status === 200 &&
      (await this.call('repatriation', 'GET', `/v1/cases/${caseId}/return-plans`)).status === 200,
    );
    return caseId;
  }

  /** A family member named, located and verified in family-contact, living in `country`. */
  public async verifiedMember(caseId: string, country = 'GT'): Promise<string> {
    const contact = await this.expectStatus(
      'naming a family member',
      this.call('family-contact', 'POST', `/v1/cases/${caseId}/contacts`, {
        relationship: 'PARENT',
        givenNames: 'Rosa Elvira',
        familyNames: 'Xicará Tum',
        phoneNumbers: [{ MX: '+52 962 555 1234', US: '+1 213 555 0101' }[country] ?? '+502 5555-1234'],
        country,
        place: { MX: 'Tapachula', US: 'Los Angeles' }[country] ?? 'Nahualá',
        howKnown: 'Es mi mamá',
        wantsContact: 'YES',
      }),
      201,
    );
    const contactId = contact.contactId as string;
    await this.expectStatus('locating', this.call('family-contact', 'POST', `/v1/cases/${caseId}/contacts/${contactId}/location`, { via: 'CALL', locatedAt: this.now() }), 200);
    await this.expectStatus(
      'verifying',
      this.call('family-contact', 'POST', `/v1/cases/${caseId}/contacts/${contactId}/verification`, {
        evidence: ['BIRTH_CERTIFICATE'],
        childWish: 'WANTS_REUNIFICATION',
        riskIndicators: [],
        procuraduriaVettingReference: 'PPNNA-CHP-2026-0099',
        childViews: 'Quiere volver con su mamá',
      }),
      200,
    );
    return contactId;
  }

  /** The Procuraduría's plan de restitución (RP-01): its document reference is what decisions cite (RLM-01). */
  public async bestInterestsPlan(caseId: string, measure: string, documentReference: string): Promise<void> {
    await this.expectStatus(
      'recording the plan de restitución',
      this.call('legal-status', 'POST', `/v1/cases/${caseId}/best-interests`, {
        type: 'PLAN',
        author: 'Lic. Procuraduría Chiapas',
        decidedAt: this.now(),
        optionsConsidered: ['HUMANITARIAN_REGULARISATION', measure],
        childViews: 'Quiero volver con mi mamá',
        recommendedMeasure: measure,
        documentReference,
      }),
      201,
    );
  }

  /** The child informed of every topic (LM-16), in K'iche' with an interpreter. */
  public async informedOfEverything(caseId: string): Promise<void> {
    for (const topic of INFORM_TOPICS) {
      await this.expectStatus(
        `informing of ${topic}`,
        this.call('legal-status', 'POST', `/v1/cases/${caseId}/information-sessions`, {
          topic,
          heldAt: this.now(),
          language: 'quc',
          interpreterId: 'int-quc-7',
          materialUsed: 'Texto 12-17 leído en voz alta',
          understanding: 'Entendió y preguntó quién la recibe',
          childViews: 'Quiere volver con su mamá',
          personsPresent: [
            { role: 'OPI', person: 'opi-chp-0042' },
            { role: 'INTERPRETER', person: 'int-quc-7' },
          ],
          accessibilityAdaptations: [],
          hearingAppropriate: true,
          hearingAppropriatenessReason: 'Tiene 13 años, entiende y quiere dar su opinión',
        }),
        201,
      );
    }
  }

  /**
   * The PAM opened after the Procuraduría was notified (LM-05), and resolved as the plan recommends
   * (LM-06, GD-04), the child informed of everything first (LM-16). The plan is recorded before:
   * the PAM opens with it received.
   */
  public async procedureResolved(caseId: string, resolution = 'ASSISTED_RETURN_APPROVED'): Promise<void> {
    await this.expectStatus(
      'notifying the Procuraduría',
      this.call('intake', 'PUT', `/v1/cases/${caseId}/procuraduria-notification`, {
        notifiedAt: this.now(),
        procuraduria: 'PPNNA Chiapas',
        officialName: 'Lic. R. Pérez',
        means: 'OFFICIAL_LETTER',
      }),
      200,
    );
    await waitFor('the PAM open in legal-status, after the notification arrives', async () => (await this.call('legal-status', 'POST', `/v1/cases/${caseId}/procedure/open`)).status === 200);
    for (const item of DUE_PROCESS_ITEMS) {
      await this.expectStatus(
        `due-process item ${item}`,
        this.call('legal-status', 'PUT', `/v1/cases/${caseId}/procedure/checklist/${item}`, { completedAt: this.now(), documentReference: `EXP-CHP-2026-${item}`, person: 'Lic. R. Pérez' }),
        200,
      );
    }
    // The duties to inform about the notification and the PAM open with them (LM-16): sessions after.
    await this.informedOfEverything(caseId);
    await this.expectStatus(
      'resolving the PAM',
      this.call('legal-status', 'POST', `/v1/cases/${caseId}/procedure/resolution`, {
        resolution,
        impactAssessment: 'Volver con su madre, verificada por la Procuraduría y la autoridad de Guatemala, es lo que ella pide y la protege',
      }),
      200,
    );
  }

  /** A foreign child with every precondition recorded where it belongs, and a return plan ready for approval. */
  public async readyForApproval(registration?: Registration): Promise<{ caseId: string; planId: string; contactId: string }> {
    const caseId = await this.registered(registration);
    await this.bestInterestsPlan(caseId, 'ASSISTED_RETURN', `PPNNA/CHP/PR/2026/${caseId.slice(-6)}`);
    await this.procedureResolved(caseId);
    const contactId = await this.verifiedMember(caseId);
    let planId = '';
    await waitFor('a plan proposed once repatriation knows the PAM resolved', async () => {
      const reply = await this.call('repatriation', 'POST', `/v1/cases/${caseId}/return-plans`, { receivingCountry: 'GT', familyContactId: contactId });
      planId = reply.status === 201 ? (reply.body.planId as string) : '';
      return planId !== '';
    });
    const base = this.planPath(caseId, planId);
    await this.expectStatus(
      'receiving authority',
      this.call('repatriation', 'PUT', `${base}/receiving-authority`, {
        authorityCode: 'GT-SBS',
        officialName: 'Licda. Ana López',
        officialPosition: 'Delegada',
        officialContact: '+502 2222-0000',
        acceptedAt: this.now(),
        takesGuardianship: false,
      }),
      200,
    );
    await this.expectStatus('fitness', this.call('repatriation', 'PUT', `${base}/fitness`, { fitToTravel: true, assessedAt: this.now() }), 200);
    await waitFor('every precondition met from repatriation copies', async () => (await this.call('repatriation', 'GET', base)).body.unmetPreconditions?.length === 0);
    return { caseId, planId, contactId };
  }

  public planPath(caseId: string, planId: string): string {
    return `/v1/cases/${caseId}/return-plans/${planId}`;
  }

  public step(caseId: string, planId: string, name: 'approval' | 'schedule' | 'departure' | 'handover' | 'abort', body: unknown = {}, token?: string) {
    return this.call('repatriation', 'POST', `${this.planPath(caseId, planId)}/${name}`, body, token ?? (name === 'approval' ? this.supervisor : this.officer));
  }

  public scheduleBody() {
    return {
      exitPointCode: 'MX-CHP-CIUDAD-HIDALGO',
      handoverAt: guatemalaWindow(),
      legs: [{ mode: 'LAND', origin: 'Tapachula', destination: 'Ciudad Hidalgo', departsAt: guatemalaWindow(), escortOfficerIds: ['opi-chp-0042'] }],
      withAdultReturns: false,
    };
  }

  public handoverBody() {
    return { authorityCode: 'GT-SBS', officialName: 'Licda. Ana López', officialPosition: 'Delegada', place: 'Tecún Umán', handedOverAt: new Date().toISOString(), signed: true };
  }

  /** A protection claim filed with legal-status (DOMAIN.md 4.4 b): the lock every moving step must respect. */
  public fileClaim(caseId: string) {
    return this.call('legal-status', 'POST', `/v1/cases/${caseId}/protection/claim`, { filedAt: new Date().toISOString(), representative: 'Lic. R. Pérez', interpreterId: 'int-quc-7' });
  }
}
