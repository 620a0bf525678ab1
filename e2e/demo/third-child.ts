// The demo's third child: a Mexican child returned from the USA, through reception, intake, screen, DIF module and family.
import { Cast, copiesArrive, inventedFamilyName, lastInside, localTime, now, register, registration, RUN, verifiedMember, YEAR } from './cast';
import { api, check, describe, expectStatus, log, problemOf, section, StepFailed, until } from './steps';

// ---------------------------------------------------------------------------------------------
// 3. A Mexican child returned from the USA: reception, intake, screen, DIF module, family.

export async function thirdChild(cast: Cast): Promise<void> {
  const givenNames = 'Guadalupe Demo';
  const familyNames = `${inventedFamilyName()} ${inventedFamilyName()}`;
  section(`3 · ${givenNames} ${familyNames} (invented), 16, Mexican, returned from the USA at Tijuana`);

  const tijuana = expectStatus(
    await api(cast.officer, 'repatriation').GET('/v1/repatriation-points/{code}', { params: { path: { code: 'MX-BCN-TIJUANA' } } }),
    200,
    'reading the repatriation point of Tijuana',
  );
  // An unaccompanied child arrives inside the point's hours (US-03); at night the demo's child came in the evening before.
  const arrivedAt = lastInside(new Date(Date.now() - 5 * 60_000), tijuana, 15);

  const opened = expectStatus(
    await api(cast.officer, 'repatriation').POST('/v1/receptions', {
      body: {
        officeCode: 'BCN',
        usAgency: 'USBP',
        usStation: 'San Diego Sector – Chula Vista Station',
        usReference: `USBP-${YEAR}-${RUN}`,
        expectedPointCode: tijuana.code,
        expectedAt: arrivedAt.toISOString(),
        consulateNotified: true,
        usScreeningRecord: true,
      },
    }),
    201,
    'opening the reception',
  );
  const receptionId: string = opened.receptionId;
  log('repatriation', `US Border Patrol notice received: reception ${opened.receptionId}, ${opened.status}`, [
    `expected at ${tijuana.name} (${tijuana.code}); consulate notified; US screening record attached`,
  ]);

  const arrived = expectStatus(
    await api(cast.officer, 'repatriation').POST('/v1/receptions/{receptionId}/arrival', { params: { path: { receptionId } }, body: { pointCode: tijuana.code, arrivedAt: arrivedAt.toISOString(), accompaniment: 'UNACCOMPANIED' } }),
    200,
    'recording the arrival',
  );
  check(arrived.status === 'RECEIVED_AT_POINT', `the reception should be RECEIVED_AT_POINT, is ${arrived.status}`);
  check(arrived.incidents.length === 0, 'an arrival inside the hours records no incident');
  log('repatriation', `arrived unaccompanied at ${tijuana.code}, inside the hours for unaccompanied children (US-03)`, [
    `arrived ${localTime(arrivedAt, tijuana.timeZone).text} ${tijuana.timeZone} (hours ${tijuana.opensAt}-${tijuana.closesAt}); no incident; ${arrived.status}`,
  ]);

  const registered = await register(
    cast,
    'child-3',
    registration(
      { givenNames, familyNames, sex: 'F', years: 16, nationality: 'MX', speaksSpanish: 'YES', languages: ['spa'] },
      { officeCode: 'BCN', migrationPointCode: 'BCN-EL-CHAPARRAL', detectedAt: arrivedAt.toISOString(), entryPath: 'RETURNED_FROM_USA' },
    ),
  );
  const caseId = registered.caseId;
  log('intake', `registered like every child, entry path RETURNED_FROM_USA: case ${registered.caseNumber}`, [`case ${caseId}, office BCN, age band ${registered.ageBand}, MX, UNACCOMPANIED`]);
  await copiesArrive(cast, caseId, [
    'repatriation',
    'family-contact',
  ]);

  const linked = expectStatus(await api(cast.officer, 'repatriation').PUT('/v1/receptions/{receptionId}/case', { params: { path: { receptionId } }, body: { caseId } }), 200, 'linking the case');
  check(linked.caseId === caseId, 'the reception should be linked to the case');
  log('repatriation', 'reception linked to the intake case (US-07)');

  const screened = expectStatus(
    await api(cast.officer, 'repatriation').PUT('/v1/receptions/{receptionId}/risk-screen', { params: { path: { receptionId } }, body: { findings: [], screenedAt: now() } }),
    200,
    'recording the risk screen',
  );
  check(screened.riskScreen?.positive === false, 'the risk screen should be negative');
  log('repatriation', "the OPI's own risk screen: no trafficking, violence at home or fear found (US-06)");

  const channelled = expectStatus(
    await api(cast.officer, 'repatriation').POST('/v1/receptions/{receptionId}/channelling', { params: { path: { receptionId } }, body: { difPlatformId: `DIF-BCN-${RUN}`, channelledAt: now() } }),
    200,
    'channelling to the DIF module',
  );
  check(channelled.status === 'CHANNELLED_DIF_MODULE', `the reception should be CHANNELLED_DIF_MODULE, is ${channelled.status}`);
  log('repatriation', `channelled to the DIF module: DIF-BCN-${RUN} (US-05)`, [`reception ${channelled.status}`]);

  const contactId = await verifiedMember(cast, caseId, { relationship: 'PARENT', country: 'MX', phone: '+52 664 555 0303', place: 'Tijuana, Baja California' });

  expectStatus(
    await api(cast.officer, 'repatriation').PUT('/v1/receptions/{receptionId}/causes-of-migration', { params: { path: { receptionId } }, body: { causes: ['FAMILY_REUNIFICATION', 'WORK'], recordedAt: now() } }),
    200,
    'recording the causes of migration',
  );
  log('repatriation', 'causes of migration recorded: family reunification, work (LM-15); no violence at home, so no Procuraduría measure is needed');
  const contactedMs = await until("family-contact's located mother in repatriation (the family contacted)", async () => {
    const contacted = await api(cast.officer, 'repatriation').POST('/v1/receptions/{receptionId}/family-contact', { params: { path: { receptionId } }, body: { familyContactId: contactId, contactedAt: now() } });
    return contacted.response.status === 200;
  });
  log('repatriation', `her mother contacted (FAMILY_CONTACTED, DOMAIN.md 4.5 b) once repatriation knew her from family-contact (after ${contactedMs} ms)`);

  // Repatriation learns of the verification from family-contact's event; until then it refuses the hand-over.
  let refusedWhileWaiting = 0;
  const handoverMs = await until("family-contact's verification in repatriation (the hand-over is accepted)", async () => {
    const handover = await api(cast.officer, 'repatriation').POST('/v1/receptions/{receptionId}/handover', {
      params: { path: { receptionId } },
      body: {
        kind: 'FAMILY',
        familyContactId: contactId,
        identityEvidence: ['IDENTITY_DOCUMENT'],
        kinshipEvidence: ['BIRTH_CERTIFICATE'],
        escortOfficerIds: [],
        handedOverAt: now(),
      },
    });
    if (handover.response.status === 200) return true;
    if (handover.response.status === 422 && problemOf(handover).code === 'FAMILY_NOT_VERIFIED') {
      refusedWhileWaiting++;
      return false;
    }
    throw new StepFailed(`handing over to family: ${describe(handover)}`);
  });
  const done = expectStatus(await api(cast.officer, 'repatriation').GET('/v1/receptions/{receptionId}', { params: { path: { receptionId } } }), 200, 'reading the reception');
  check(done.status === 'HANDED_TO_FAMILY' && done.caseId === caseId, `the reception should be HANDED_TO_FAMILY, is ${done.status}`);
  log('repatriation', `handed to her verified mother, identity and kinship checked (US-05) (verification arrived after ${handoverMs} ms)`, [
    `reception ${done.status}${refusedWhileWaiting ? `; ${refusedWhileWaiting} earlier attempt(s) refused FAMILY_NOT_VERIFIED until the copy arrived` : ''}`,
  ]);
}