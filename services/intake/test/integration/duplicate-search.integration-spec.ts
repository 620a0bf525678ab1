import { bornYearsAgo, counts, duplicateCheck, ifMatchOf, IntakeHarness, registration, startIntake } from './intake-harness';

/**
 * The duplicate search on a small real register (intake's migrations, its SQL, its score): the same
 * child registered again under each variation officers really produce is found first, in any
 * office, and namesakes the score rules out (another age, another documented birth year) are not
 * shown. bench:duplicates measures the same at a million persons.
 */
describe('duplicate search: the same child under the spellings officers write', () => {
  let intake: IntakeHarness;
  let officerChp: string;
  let officerTab: string;

  beforeAll(async () => {
    intake = await startIntake('duplicate-search');
    officerChp = await intake.token(['officer'], ['CHP']);
    officerTab = await intake.token(['officer'], ['TAB']);
  });

  afterAll(async () => {
    await intake?.close();
  });

  interface Child {
    givenNames: string;
    familyNames: string;
    years: number;
    documented?: boolean;
    nationality?: string;
  }

  const childOf = ({ givenNames, familyNames, years, documented = true, nationality = 'GT' }: Child) => ({
    givenNames,
    familyNames,
    nationality,
    dateOfBirth: documented ? bornYearsAgo(years) : undefined,
    age: { years, status: documented ? 'DOCUMENTED' : 'DECLARED' },
  });

  async function register(child: Child, token = officerChp, officeCode = 'CHP') {
    const response = await intake.request('POST', '/v1/cases', { token, body: registration({ child: childOf(child), encounter: { officeCode } }) });
    expect(response.status).toBe(201);
    return response.body as { caseNumber: string; possibleDuplicates: Array<{ caseNumber: string; score: number }> };
  }

  const shownNumbers = (registered: { possibleDuplicates: Array<{ caseNumber: string }> }) =>
    registered.possibleDuplicates.map((duplicate) => duplicate.caseNumber);

  const variations: Array<[string, Child, Child]> = [
    ['a second given name dropped', { givenNames: 'Yeimi Wendy', familyNames: 'Tzul Caal', years: 14 }, { givenNames: 'Yeimi', familyNames: 'Tzul Caal', years: 14 }],
    ['a second family name dropped', { givenNames: 'Jefferson Brayan', familyNames: 'Orellana Portillo', years: 15, documented: false }, { givenNames: 'Jefferson Brayan', familyNames: 'Orellana', years: 15, documented: false }],
    ['given and family names swapped', { givenNames: 'Roselande', familyNames: 'Jean-Baptiste Désir', years: 12, documented: false, nationality: 'HT' }, { givenNames: 'Jean-Baptiste Désir', familyNames: 'Roselande', years: 12, documented: false, nationality: 'HT' }],
    ['diacritics lost', { givenNames: 'Josué Ángel', familyNames: 'Ixcoy Tecún', years: 16, documented: false }, { givenNames: 'Josue Angel', familyNames: 'Ixcoy Tecun', years: 16, documented: false }],
    ['Yeimy for Yeimi', { givenNames: 'Yeimy Marisol', familyNames: 'Coj', years: 13, documented: false }, { givenNames: 'Yeimi Marisol', familyNames: 'Coj', years: 13, documented: false }],
    ['Yeferson for Jefferson', { givenNames: 'Jefferson', familyNames: 'Zambrano Rondón', years: 11, documented: false, nationality: 'VE' }, { givenNames: 'Yeferson', familyNames: 'Zambrano Rondón', years: 11, documented: false, nationality: 'VE' }],
    ['Jonathan for Jhonatan', { givenNames: 'Jhonatan', familyNames: 'Choc Batz', years: 10, documented: false }, { givenNames: 'Jonathan', familyNames: 'Choc Batz', years: 10, documented: false }],
    ['a one-letter typo', { givenNames: 'Wilmary', familyNames: 'Colmenares Urdaneta', years: 9, documented: false, nationality: 'VE' }, { givenNames: 'Wilmary', familyNames: 'Colmenares Urdanetta', years: 9, documented: false, nationality: 'VE' }],
    ['an age one year apart', { givenNames: 'Glenda Odalys', familyNames: 'Quej Tiul', years: 13, documented: false }, { givenNames: 'Glenda Odalys', familyNames: 'Quej Tiul', years: 14, documented: false }],
    ['the date of birth missing on one side', { givenNames: 'Marvin Esvin', familyNames: 'Maquín Ical', years: 15 }, { givenNames: 'Marvin Esvin', familyNames: 'Maquín Ical', years: 15, documented: false }],
    ['another nationality declared', { givenNames: 'Nahomi', familyNames: 'Argueta Funes', years: 8, nationality: 'SV' }, { givenNames: 'Nahomi', familyNames: 'Argueta Funes', years: 8, nationality: 'HN' }],
  ];

  it.each(variations)('finds the earlier record first: %s', async (_label, earlier, later) => {
    const first = await register(earlier);
    // Namesakes that are other children: far younger, or (documented) born in another year.
    const younger = await register({ ...earlier, years: earlier.years - 6 });
    const again = await register(later);
    expect(shownNumbers(again)[0]).toBe(first.caseNumber);
    expect(shownNumbers(again)).not.toContain(younger.caseNumber);
  });

  it('ranks the same child written with one name fewer above a namesake with a letter changed', async () => {
    const inFull = await register({ givenNames: 'Ericka Leticia', familyNames: 'Velis Portillo', years: 14, documented: false });
    const oneLetterOff = await register({ givenNames: 'Ericka', familyNames: 'Velis Portilla', years: 14, documented: false });
    const again = await register({ givenNames: 'Ericka', familyNames: 'Velis Portillo', years: 14, documented: false });
    // By trigrams alone the namesake (0.8) came before the child written in full (0.74).
    expect(shownNumbers(again).slice(0, 2)).toEqual([inFull.caseNumber, oneLetterOff.caseNumber]);
  });

  const storedAndSearched = async (child: Child) => {
    const registered = await register(child);
    const [row] = (await intake.dataSource.query(
      `SELECT p.phonetic_name, p.name_keys, t.phonetic, t.tokens, t.near_keys, t.typo_keys
         FROM intake_case c JOIN person p ON p.id = c.person_id CROSS JOIN person_name_search_terms(p.search_name) t
        WHERE c.case_number = $1`,
      [registered.caseNumber],
    )) as Array<Record<string, unknown>>;
    return row;
  };

  it('looks a name up with the very code and keys the register stores for it', async () => {
    expect(await storedAndSearched({ givenNames: 'Jhonatan Josué', familyNames: 'Velásquez', years: 12, documented: false })).toEqual({
      phonetic_name: 'belaskes yonatan yosue',
      name_keys: ['F:belaskes yonatan yosue', 'L:yonatan yosue', 'L:belaskes yosue', 'L:belaskes yonatan'],
      phonetic: 'belaskes yonatan yosue',
      tokens: ['belaskes', 'yonatan', 'yosue'],
      // A record with one token more holds the name as an L: key; one with a token fewer, an L: key as its F: key.
      near_keys: ['L:belaskes yonatan yosue', 'F:yonatan yosue', 'F:belaskes yosue', 'F:belaskes yonatan'],
      typo_keys: ['L:yonatan yosue', 'L:belaskes yosue', 'L:belaskes yonatan'],
    });
    // Two tokens: no key for either token alone (a block of a fifth of the register), so no typo keys.
    expect(await storedAndSearched({ givenNames: 'Yeimi', familyNames: 'Tzul', years: 9, documented: false })).toEqual({
      phonetic_name: 'tsul yeimi',
      name_keys: ['F:tsul yeimi'],
      phonetic: 'tsul yeimi',
      tokens: ['tsul', 'yeimi'],
      near_keys: ['L:tsul yeimi'],
      typo_keys: [],
    });
  });

  it('finds the same child registered in another office: the register is national', async () => {
    const inTabasco = await register({ givenNames: 'Ixmucané', familyNames: 'Saquic Cumes', years: 14 }, officerTab, 'TAB');
    const inChiapas = await register({ givenNames: 'Ixmucane', familyNames: 'Saquic', years: 14, documented: false });
    expect(shownNumbers(inChiapas)).toContain(inTabasco.caseNumber);
  });

  it('leaves out a namesake documented as born in another year, and keeps one born another day of the same year', async () => {
    const born = bornYearsAgo(13);
    const otherYear = `${Number(born.slice(0, 4)) - 2}${born.slice(4)}`;
    const sameYear = `${born.slice(0, 5)}${born.slice(5, 7) === '01' ? '02' : '01'}${born.slice(7)}`;
    const child = { givenNames: 'Lesly Dayana', familyNames: 'Xicará Sajché', nationality: 'GT' };
    const registerBorn = async (dateOfBirth: string, years: number) => {
      const response = await intake.request('POST', '/v1/cases', {
        token: officerChp,
        body: registration({ child: { ...child, dateOfBirth, age: { years, status: 'DOCUMENTED' } } }),
      });
      expect(response.status).toBe(201);
      return response.body as { caseNumber: string; possibleDuplicates: Array<{ caseNumber: string }> };
    };
    const bornTwoYearsEarlier = await registerBorn(otherYear, 15);
    const bornSameYear = await registerBorn(sameYear, 13);
    const later = await registerBorn(born, 13);
    expect(shownNumbers(later)).toContain(bornSameYear.caseNumber);
    expect(shownNumbers(later)).not.toContain(bornTwoYearsEarlier.caseNumber);
  });

  async function registerChild(child: Record<string, unknown>) {
    const response = await intake.request('POST', '/v1/cases', { token: officerChp, body: registration({ child }) });
    expect(response.status).toBe(201);
    return response.body as { caseId: string; caseNumber: string; possibleDuplicates: Array<{ caseNumber: string }> };
  }

  it('reads namesakes of the other sex only when born the same day: a sex recorded wrongly needs a date of birth to be found', async () => {
    const born = bornYearsAgo(12);
    const name = { givenNames: 'Dany', familyNames: 'Ajpop Sicajau' };
    const boy = await registerChild({ ...name, sex: 'M', dateOfBirth: born, age: { years: 12, status: 'DOCUMENTED' } });
    const girlUndocumented = await registerChild({ ...name, sex: 'F', dateOfBirth: undefined, age: { years: 12, status: 'DECLARED' } });
    const girlSameDay = await registerChild({ ...name, sex: 'F', dateOfBirth: born, age: { years: 12, status: 'DOCUMENTED' } });
    const boyAgain = await registerChild({ ...name, sex: 'M', dateOfBirth: undefined, age: { years: 12, status: 'DECLARED' } });
    expect(shownNumbers(girlUndocumented)).not.toContain(boy.caseNumber);
    expect(shownNumbers(girlSameDay)).toContain(boy.caseNumber);
    expect(shownNumbers(boyAgain)).toContain(boy.caseNumber);
  });

  it('still finds a record whose age or date of birth was corrected: the birth year the search reads follows the correction', async () => {
    const declared = await registerChild({ givenNames: 'Keyli Anahí', familyNames: 'Cux Pop', dateOfBirth: undefined, age: { years: 5, status: 'DECLARED' } });
    const documented = await registerChild({ givenNames: 'Edvin Rocael', familyNames: 'Tum Chiquín', sex: 'M', dateOfBirth: bornYearsAgo(5), age: { years: 5, status: 'DOCUMENTED' } });
    for (const [caseId, child] of [
      [declared.caseId, { age: { years: 16, status: 'DECLARED' } }],
      [documented.caseId, { dateOfBirth: bornYearsAgo(16), age: { years: 16, status: 'DOCUMENTED' } }],
    ] as const) {
      const corrected = await intake.request('PATCH', `/v1/cases/${caseId}`, { token: officerChp, body: { child }, headers: await ifMatchOf(intake, caseId) });
      expect(corrected.status).toBe(200);
    }
    // Eleven years from the first estimate: outside the birth years a 16-year-old's search reads.
    const declaredAgain = await registerChild({ givenNames: 'Keyli Anahí', familyNames: 'Cux Pop', dateOfBirth: undefined, age: { years: 16, status: 'DECLARED' } });
    const documentedAgain = await registerChild({ givenNames: 'Edvin Rocael', familyNames: 'Tum Chiquín', sex: 'M', dateOfBirth: undefined, age: { years: 16, status: 'DECLARED' } });
    expect(shownNumbers(declaredAgain)).toContain(declared.caseNumber);
    expect(shownNumbers(documentedAgain)).toContain(documented.caseNumber);
  });

  describe('the check before saving (POST /v1/duplicate-checks)', () => {
    const check = (body: unknown, token = officerChp) => intake.request('POST', '/v1/duplicate-checks', { token, body });

    it('shows the same child already registered in the office, before a second case is opened, and writes nothing but its audit entries (the search, and each case it showed)', async () => {
      const earlier = await register({ givenNames: 'Brayan Alexis', familyNames: 'Pop Caal', years: 13, documented: false });
      const before = await counts(intake);
      const checked = await check(duplicateCheck(childOf({ givenNames: 'Brayan', familyNames: 'Pop Caal', years: 13, documented: false })));
      expect(checked.status).toBe(200);
      expect(checked.body.possibleDuplicates[0]).toEqual(expect.objectContaining({ visibility: 'FULL', caseNumber: earlier.caseNumber, officeCode: 'CHP' }));
      expect(await counts(intake)).toEqual(before);
      // No case number was taken: the next registration gets the one after the earlier child's.
      const next = await register({ givenNames: 'Otro', familyNames: 'Niño Distinto', years: 9, documented: false });
      expect(Number(next.caseNumber.slice(-6))).toBe(Number(earlier.caseNumber.slice(-6)) + 1);
      const audit = (await intake.dataSource.query(`SELECT actor_subject, office_code, outcome, case_id FROM audit_log WHERE action = 'person.duplicate-check'`)) as Array<Record<string, unknown>>;
      expect(audit).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ office_code: 'CHP', outcome: 'allowed', case_id: null }),
          expect.objectContaining({ office_code: 'CHP', outcome: 'allowed', case_id: checked.body.possibleDuplicates[0].caseId }),
        ]),
      );
      expect(audit).toHaveLength(1 + checked.body.possibleDuplicates.length);
    });

    it('counts a record in an office the officer does not see, naming neither the child nor the case', async () => {
      const child = { givenNames: 'Wendy Yamileth', familyNames: 'Chen Xol', years: 15, documented: false };
      await register(child, officerTab, 'TAB');
      const checked = await check(duplicateCheck(childOf(child)));
      expect(checked.status).toBe(200);
      expect(checked.body).toEqual({ possibleDuplicates: [], inOtherOffices: 1 });
    });

    it('refuses an office that is not the caller\'s, naming the field, and a check without the age, naming it', async () => {
      const elsewhere = await check(duplicateCheck({}, 'TAB'));
      expect(elsewhere.status).toBe(403);
      expect(elsewhere.body.errors).toEqual([expect.objectContaining({ field: 'officeCode', rule: 'officeScope' })]);
      const { age: _age, ...withoutAge } = duplicateCheck().child;
      const incomplete = await check({ officeCode: 'CHP', child: withoutAge });
      expect(incomplete.status).toBe(400);
      expect(incomplete.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'child.age' })]));
    });
  });
});
