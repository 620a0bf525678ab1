// The demo's first child: registration, care, a free call, the Procuraduría and DIF, and a claim that blocks return.
import { ItemOf } from '@opis/api-clients';

import { Cast, copiesArrive, inventedFamilyName, minutesAgo, now, register, registration, RUN, verifiedMember, YEAR } from './cast';
import { api, check, describe, expectStatus, log, problemOf, section, until } from './steps';

// ---------------------------------------------------------------------------------------------
// 1. Registration, care, a free call, the Procuraduría and DIF, and a claim that blocks return.

export async function firstChild(cast: Cast): Promise<void> {
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