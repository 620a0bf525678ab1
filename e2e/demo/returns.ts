// The demo's returns: one assisted return to the hand-over (second child), one aborted by the child's fear (fourth).
import { ItemOf, ResponseBodyOf } from '@opis/api-clients';
import { DUE_PROCESS_ITEMS, INFORM_TOPICS } from '@opis/contracts-legal-status';


import {
  Cast,
  copiesArrive,
  firstInside,
  inventedFamilyName,
  localTime,
  minutesAgo,
  now,
  register,
  registration,
  RUN,
  verifiedMember,
  YEAR,
} from './cast';
import { Answer, api, check, describe, expectStatus, log, problemOf, section, StepFailed, until } from './steps';

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

export async function secondChild(cast: Cast): Promise<void> {
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

export async function fourthChild(cast: Cast): Promise<void> {
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