import { bodyOf, RequestBodyOf } from '@opis/api-clients';
import { DUE_PROCESS_ITEMS, INFORM_TOPICS } from '@opis/contracts-legal-status';
import { waitFor } from '@opis/testing';

import { RunningPlatform, ServiceName } from './running-platform';
import { Registration, sampleRegistration } from './sample-registration';

export type { Registration } from './sample-registration';

const PLAN = '/v1/cases/{caseId}/return-plans/{planId}';

type BestInterests = RequestBodyOf<'legal-status', '/v1/cases/{caseId}/best-interests', 'post'>;
type Resolution = RequestBodyOf<'legal-status', '/v1/cases/{caseId}/procedure/resolution', 'post'>;

/** The bodies of the steps that move a child, as repatriation's document types them. */
export interface StepBodies {
  approval: undefined;
  schedule: RequestBodyOf<'repatriation', `${typeof PLAN}/schedule`, 'post'>;
  departure: RequestBodyOf<'repatriation', `${typeof PLAN}/departure`, 'post'>;
  handover: RequestBodyOf<'repatriation', `${typeof PLAN}/handover`, 'post'>;
  abort: RequestBodyOf<'repatriation', `${typeof PLAN}/abort`, 'post'>;
}
export type StepName = keyof StepBodies;
/** A step's body (none for approval, optional for departure), then the token it is sent with. */
type StepArguments<N extends StepName> = N extends 'approval'
  ? [body?: undefined, token?: string]
  : N extends 'departure'
    ? [body?: StepBodies[N], token?: string]
    : [body: StepBodies[N], token?: string];

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

  /** The service's typed client, as the officer unless another token is given. */
  public client<S extends ServiceName>(service: S, token = this.officer) {
    return this.platform.client(service, token);
  }

  public legalRecord(caseId: string) {
    return this.client('legal-status').GET('/v1/cases/{caseId}/legal', { params: { path: { caseId } } });
  }

  public plan(caseId: string, planId: string) {
    return this.client('repatriation').GET(PLAN, { params: { path: { caseId, planId } } });
  }

  /** Registered in intake, its copy in family-contact, legal-status and repatriation. */
  public async registered(registration: Registration = sampleRegistration('CHP')): Promise<string> {
    const body = await bodyOf('registering', this.client('intake').POST('/v1/cases', { body: registration }), 201);
    const caseId: string = body.caseId;
    const params = { path: { caseId } };
    await waitFor('the case in family-contact, legal-status and repatriation', async () =>
      (await this.client('family-contact').GET('/v1/cases/{caseId}/family', { params })).response.status === 200 &&
      (await this.legalRecord(caseId)).response.status === 200 &&
      (await this.client('repatriation').GET('/v1/cases/{caseId}/return-plans', { params })).response.status === 200,
    );
    return caseId;
  }

  /** A family member named, located and verified in family-contact, living in `country`. */
  public async verifiedMember(caseId: string, country: 'GT' | 'MX' | 'US' = 'GT'): Promise<string> {
    const family = this.client('family-contact');
    const contact = await bodyOf(
      'naming a family member',
      family.POST('/v1/cases/{caseId}/contacts', {
        params: { path: { caseId } },
        body: {
        relationship: 'PARENT',
        givenNames: 'Rosa Elvira',
        familyNames: 'Xicará Tum',
          phoneNumbers: [{ GT: '+502 5555-1234', MX: '+52 962 555 1234', US: '+1 213 555 0101' }[country]],
          country,
          place: { GT: 'Nahualá', MX: 'Tapachula', US: 'Los Angeles' }[country],
          howKnown: 'Es mi mamá',
          wantsContact: 'YES',
        },
      }),
      201,
    );
    const contactId: string = contact.contactId;
    const params = { path: { caseId, contactId } };
    await bodyOf('locating', family.POST('/v1/cases/{caseId}/contacts/{contactId}/location', { params, body: { via: 'CALL', locatedAt: this.now() } }), 200);
    await bodyOf(
      'verifying',
      family.POST('/v1/cases/{caseId}/contacts/{contactId}/verification', {
        params,
        body: {
          evidence: ['BIRTH_CERTIFICATE'],
          childWish: 'WANTS_REUNIFICATION',
          riskIndicators: [],
          procuraduriaVettingReference: 'PPNNA-CHP-2026-0099',
          childViews: 'Quiere volver con su mamá',
        },
      }),
      200,
    );
    return contactId;
  }

  /** The Procuraduría's plan de restitución (RP-01): its document reference is what decisions cite (RLM-01). */
  public async bestInterestsPlan(caseId: string, measure: BestInterests['recommendedMeasure'] & string, documentReference: string): Promise<void> {
    await bodyOf(
      'recording the plan de restitución',
      this.client('legal-status').POST('/v1/cases/{caseId}/best-interests', {
        params: { path: { caseId } },
        body: {
          type: 'PLAN',
          author: 'Lic. Procuraduría Chiapas',
          decidedAt: this.now(),
          optionsConsidered: ['HUMANITARIAN_REGULARISATION', measure],
          childViews: 'Quiero volver con mi mamá',
          recommendedMeasure: measure,
          documentReference,
        },
      }),
      201,
    );
  }

  /** The child informed of every topic (LM-16), in K'iche' with an interpreter. */
  public async informedOfEverything(caseId: string): Promise<void> {
    for (const topic of INFORM_TOPICS) {
      await bodyOf(
        `informing of ${topic}`,
        this.client('legal-status').POST('/v1/cases/{caseId}/information-sessions', {
          params: { path: { caseId } },
          body: {
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
          },
        }),
        201,
      );
    }
  }

  /**
   * The PAM opened after the Procuraduría was notified (LM-05), and resolved as the plan recommends
   * (LM-06, GD-04), the child informed of everything first (LM-16). The plan is recorded before:
   * the PAM opens with it received. With `overrideReason`, resolved otherwise by the supervisor's override.
   */
  public async procedureResolved(caseId: string, resolution: Resolution['resolution'] = 'ASSISTED_RETURN_APPROVED', overrideReason?: string): Promise<void> {
    const params = { path: { caseId } };
    const legal = this.client('legal-status');
    await bodyOf(
      'notifying the Procuraduría',
      this.client('intake').PUT('/v1/cases/{caseId}/procuraduria-notification', {
        params,
        body: { notifiedAt: this.now(), procuraduria: 'PPNNA Chiapas', officialName: 'Lic. R. Pérez', means: 'OFFICIAL_LETTER' },
      }),
      200,
    );
    await waitFor(
      'the PAM open in legal-status, after the notification arrives',
      async () => (await legal.POST('/v1/cases/{caseId}/procedure/open', { params, body: {} })).response.status === 200,
    );
    for (const item of DUE_PROCESS_ITEMS) {
      await bodyOf(
        `due-process item ${item}`,
        legal.PUT('/v1/cases/{caseId}/procedure/checklist/{item}', {
          params: { path: { caseId, item } },
          body: { completedAt: this.now(), documentReference: `EXP-CHP-2026-${item}`, person: 'Lic. R. Pérez' },
        }),
        200,
      );
    }
    // The duties to inform about the notification and the PAM open with them (LM-16): sessions after.
    await this.informedOfEverything(caseId);
    await bodyOf(
      'resolving the PAM',
      (overrideReason ? this.client('legal-status', this.supervisor) : legal).POST('/v1/cases/{caseId}/procedure/resolution', {
        params,
        body: {
          resolution,
          impactAssessment: 'Volver con su madre, verificada por la Procuraduría y la autoridad de Guatemala, es lo que ella pide y la protege',
          ...(overrideReason ? { override: { reason: overrideReason } } : {}),
        },
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
    const repatriation = this.client('repatriation');
    let planId = '';
    await waitFor('a plan proposed once repatriation knows the PAM resolved', async () => {
      const reply = await repatriation.POST('/v1/cases/{caseId}/return-plans', { params: { path: { caseId } }, body: { receivingCountry: 'GT', familyContactId: contactId } });
      planId = reply.response.status === 201 && reply.data ? reply.data.planId : '';
      return planId !== '';
    });
    const params = { path: { caseId, planId } };
    await bodyOf(
      'receiving authority',
      repatriation.PUT(`${PLAN}/receiving-authority`, {
        params,
        body: {
          authorityCode: 'GT-SBS',
          officialName: 'Licda. Ana López',
          officialPosition: 'Delegada',
          officialContact: '+502 2222-0000',
          acceptedAt: this.now(),
          takesGuardianship: false,
        },
      }),
      200,
    );
    await bodyOf('fitness', repatriation.PUT(`${PLAN}/fitness`, { params, body: { fitToTravel: true, assessedAt: this.now() } }), 200);
    await waitFor('every precondition met from repatriation copies', async () => (await this.plan(caseId, planId)).data?.unmetPreconditions?.length === 0);
    return { caseId, planId, contactId };
  }

  /** A step of the return plan; approval as the supervisor unless another token is given. */
  public step<N extends StepName>(caseId: string, planId: string, name: N, ...[body, token]: StepArguments<N>) {
    const repatriation = this.client('repatriation', token ?? (name === 'approval' ? this.supervisor : this.officer));
    const params = { path: { caseId, planId } };
    const step = name as StepName;
    switch (step) {
      case 'approval':
        return repatriation.POST(`${PLAN}/approval`, { params });
      case 'schedule':
        return repatriation.POST(`${PLAN}/schedule`, { params, body: body as StepBodies['schedule'] });
      case 'departure':
        return repatriation.POST(`${PLAN}/departure`, { params, body: (body ?? {}) as StepBodies['departure'] });
      case 'handover':
        return repatriation.POST(`${PLAN}/handover`, { params, body: body as StepBodies['handover'] });
      case 'abort':
        return repatriation.POST(`${PLAN}/abort`, { params, body: body as StepBodies['abort'] });
    }
  }

  public scheduleBody(): StepBodies['schedule'] {
    return {
      exitPointCode: 'MX-CHP-CIUDAD-HIDALGO',
      handoverAt: guatemalaWindow(),
      legs: [{ mode: 'LAND', origin: 'Tapachula', destination: 'Ciudad Hidalgo', departsAt: guatemalaWindow(), escortOfficerIds: ['opi-chp-0042'] }],
      withAdultReturns: false,
    };
  }

  public handoverBody(): StepBodies['handover'] {
    return { authorityCode: 'GT-SBS', officialName: 'Licda. Ana López', officialPosition: 'Delegada', place: 'Tecún Umán', handedOverAt: new Date().toISOString(), signed: true };
  }

  /** A protection claim filed with legal-status (DOMAIN.md 4.4 b): the lock every moving step must respect. */
  public fileClaim(caseId: string) {
    return this.client('legal-status').POST('/v1/cases/{caseId}/protection/claim', {
      params: { path: { caseId } },
      body: { filedAt: new Date().toISOString(), representative: 'Lic. R. Pérez', interpreterId: 'int-quc-7' },
    });
  }
}
