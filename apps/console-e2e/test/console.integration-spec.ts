import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { Browser, BrowserContext, chromium, Page } from 'playwright-core';

import { bodyOf } from '@opis/api-clients';
import { OFFICE_CODES } from '@opis/contracts-envelope';
import { createTestSigner } from '@opis/platform';
import { ConsoleGateway, ReturnJourney, RunningPlatform, sampleRegistration, startConsoleGateway, startPlatform } from '@opis/platform-tools';
import { createTestDatabase, waitFor } from '@opis/testing';

/** Debian's Chromium (the `chromium` package .ci/run installs); CHROMIUM_PATH elsewhere. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
/** CONSOLE_SCREENSHOTS=docs/console keeps a picture of each main screen (the ones docs/console shows). */
const SCREENSHOTS = process.env.CONSOLE_SCREENSHOTS;

// An officer of Chiapas in a real browser against the running platform behind the gateway:
// signs in, registers a child without a connection and sees it synced, works the worklist
// overdue first, opens a case whose return is locked; then her supervisor is refused an approval
// while a claim is pending, reads the timeline in sentences and acknowledges the office's alerts;
// and no page has a serious accessibility fault.
describe('the officers’ console in Chromium', () => {
  let platform: RunningPlatform;
  let gateway: ConsoleGateway;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let officer: string;
  let supervisor: string;

  beforeAll(async () => {
    // One signer for the services and the gateway (which verifies tokens for its own timeline API).
    const signer = createTestSigner();
    const keys = { JWT_PUBLIC_KEY: signer.publicKeyPem, JWT_ISSUER: signer.issuer };
    const serviceToken = (subject: string) => signer.mint({ subject, roles: ['integration'], offices: [...OFFICE_CODES] });
    platform = await startPlatform('console', ['intake', 'care', 'family-contact', 'legal-status', 'repatriation', 'notifications'], {
      serviceEnv: {
        intake: keys,
        care: keys,
        'family-contact': { ...keys, LEGAL_STATUS_TOKEN: await serviceToken('svc-family-contact') },
        'legal-status': keys,
        repatriation: { ...keys, LEGAL_STATUS_TOKEN: await serviceToken('svc-repatriation') },
        notifications: keys,
      },
    });
    gateway = await startConsoleGateway({
      database: await createTestDatabase('e2e_console_gateway'),
      natsUrl: platform.nats.url,
      signer,
      env: {
        RATE_LIMIT_MAX: '100000',
        INTAKE_URL: platform.url('intake'),
        CARE_URL: platform.url('care'),
        FAMILY_CONTACT_URL: platform.url('family-contact'),
        LEGAL_STATUS_URL: platform.url('legal-status'),
        REPATRIATION_URL: platform.url('repatriation'),
        NOTIFICATIONS_URL: platform.url('notifications'),
      },
    });
    officer = await signer.mint({ subject: 'officer-CHP', roles: ['officer'], offices: ['CHP'] });
    supervisor = await signer.mint({ subject: 'supervisor-CHP', roles: ['supervisor'], offices: ['CHP'] });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    context = await browser.newContext({ locale: 'es-MX', timezoneId: 'America/Mexico_City' });
    page = await context.newPage();
    // Six services migrating and starting beside other suites on two cores took over 3 minutes.
  }, 360_000);

  afterAll(async () => {
    await browser?.close();
    await gateway?.stop();
    await platform?.stop();
  });

  async function picture(name: string): Promise<void> {
    if (!SCREENSHOTS) return;
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  }

  async function seriousAccessibilityViolations(): Promise<string[]> {
    // Evaluated by the browser's debugger protocol: the console's content security policy refuses inline scripts.
    await page.evaluate(AXE_SOURCE);
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
      return (await axe.run()).violations;
    });
    return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  }

  /** A timeline entry that shows an event type as it is, not as a sentence. */
  const rawEventType = (text: string) => /\b(intake|care|family|legal|repatriation|notifications)\.[a-z-]+\.[a-z-]+\b/.test(text);

  /** A failure says what the officer saw: the page's text is added to the error. */
  async function showingThePage(steps: () => Promise<void>): Promise<void> {
    try {
      await steps();
    } catch (error) {
      const seen = await page.innerText('body').catch(() => '(no page)');
      throw new Error(`${(error as Error).message}\n--- the page showed:\n${seen}`);
    }
  }

  it('signs in, registers a child offline and sees it synced, works the worklist overdue first, and shows a claim’s lock plainly', () => showingThePage(async () => {
    // A child met two days ago whose care is overdue, with a pending refugee claim.
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 60 * 60_000).toISOString();
    const earlier = sampleRegistration('CHP', 'Rosa');
    const { caseId: overdueCaseId, caseNumber: overdueCaseNumber } = await bodyOf(
      'registering a child met two days ago',
      platform.client('intake', officer).POST('/v1/cases', { body: { ...earlier, encounter: { ...earlier.encounter, detectedAt: twoDaysAgo } } }),
      201,
    );
    const legal = platform.client('legal-status', officer);
    const params = { path: { caseId: overdueCaseId as string } };
    await waitFor('legal record', async () => (await legal.GET('/v1/cases/{caseId}/legal', { params })).response.status === 200, { timeoutMs: 30_000 });
    expect((await legal.POST('/v1/cases/{caseId}/protection/need', { params, body: { source: 'OFFICER' } })).response.status).toBe(200);
    expect(
      (await legal.POST('/v1/cases/{caseId}/protection/claim', { params, body: { filedAt: new Date().toISOString(), representative: 'Lic. R. Pérez', interpreterId: 'int-quc-7' } })).response
        .status,
    ).toBe(200);

    await page.goto(gateway.url);
    await page.getByRole('heading', { name: 'Iniciar sesión' }).waitFor();
    await picture('sign-in');
    expect(await seriousAccessibilityViolations()).toEqual([]);
    await page.getByLabel('Token de desarrollo').fill(officer);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.getByRole('heading', { name: 'Pendientes de la oficina' }).waitFor();

    // Registering without a connection: kept on the device, sent when the connection returns.
    await page.getByRole('link', { name: 'Registrar niña, niño o adolescente' }).click();
    await page.getByLabel('Nombre(s)').fill('Ixchel');
    await page.getByLabel('Apellidos').fill('Tzul Caal');
    await page.getByLabel('Punto de encuentro').fill('Ciudad Hidalgo');
    await page.getByLabel('Cómo se conoce la edad').selectOption('DISPUTED');
    await page.getByText('Presunción de minoría de edad').waitFor();
    expect(await seriousAccessibilityViolations()).toEqual([]);
    await context.setOffline(true);
    await page.getByRole('button', { name: 'Registrar', exact: true }).click();
    await page.getByText('Sin conexión: el registro quedó guardado en este dispositivo').waitFor();
    await page.getByText('1 registro pendiente de enviar').waitFor();
    await picture('register-offline');
    const namedIxchel = async () =>
      (await bodyOf('listing cases', platform.client('intake', officer).GET('/v1/cases', { params: { query: { limit: 200 } } }), 200)).items.filter(
        (item) => item.givenNames === 'Ixchel',
      );
    expect(await namedIxchel()).toEqual([]);

    await context.setOffline(false);
    const synced = page.getByRole('listitem').filter({ hasText: 'Sincronizado: Registro de Ixchel Tzul Caal' });
    await synced.waitFor({ timeout: 30_000 });
    const syncedCaseNumber = await synced.getByRole('link').textContent();
    expect(syncedCaseNumber).toMatch(/^CHP-\d{4}-\d{6}$/);
    await page.getByText('Nada pendiente de enviar').waitFor();
    expect((await namedIxchel()).map((item) => item.caseNumber)).toEqual([syncedCaseNumber]);

    // The same child written again, online: intake's check shows the earlier case before a second is opened.
    await page.getByRole('link', { name: 'Pendientes de la oficina' }).click();
    await page.getByRole('link', { name: 'Registrar niña, niño o adolescente' }).click();
    await page.getByLabel('Nombre(s)').fill('Ixchel');
    await page.getByLabel('Apellidos').fill('Tzul Caal');
    await page.getByLabel('Punto de encuentro').fill('Ciudad Hidalgo');
    await page.getByRole('button', { name: 'Registrar', exact: true }).click();
    const earlierRecords = page.getByRole('alert').filter({ hasText: 'podría estar ya registrado' });
    await earlierRecords.getByText(syncedCaseNumber as string).waitFor();
    await earlierRecords.getByRole('link', { name: 'Abrir ese expediente' }).waitFor();
    await page.getByRole('button', { name: 'Registrar de todos modos' }).waitFor();
    expect((await namedIxchel()).map((item) => item.caseNumber)).toEqual([syncedCaseNumber]);
    expect(await seriousAccessibilityViolations()).toEqual([]);

    // The worklist: the overdue child first, the one just registered among those still on time.
    await page.getByRole('link', { name: 'Pendientes de la oficina' }).click();
    const rows = page.getByRole('row');
    await waitFor(
      'both children on the worklist',
      async () => {
        await page.reload();
        await page.getByRole('heading', { name: 'Pendientes de la oficina' }).waitFor();
        await page.getByRole('table').or(page.getByText('No hay pendientes')).waitFor();
        const texts = await rows.allTextContents();
        return texts.some((text) => text.includes(overdueCaseNumber as string)) && texts.some((text) => text.includes(syncedCaseNumber as string));
      },
      { timeoutMs: 60_000, intervalMs: 1_000 },
    );
    await picture('worklist');
    const texts = (await rows.allTextContents()).slice(1);
    expect(texts[0]).toContain('Vencido');
    expect(texts[0]).toContain(overdueCaseNumber);
    const lastOverdue = texts.findLastIndex((text) => text.startsWith('Vencido'));
    const firstOnTime = texts.findIndex((text) => text.startsWith('En plazo'));
    expect(firstOnTime === -1 || lastOverdue < firstOnTime).toBe(true);
    expect(texts.slice(firstOnTime).some((text) => text.includes(syncedCaseNumber as string))).toBe(true);
    expect(await seriousAccessibilityViolations()).toEqual([]);

    // The case: the lock said plainly, the care checklist overdue, and a meal recorded from here.
    await page.getByRole('link', { name: overdueCaseNumber }).first().click();
    await page.getByRole('heading', { name: `Expediente ${overdueCaseNumber}` }).waitFor();
    await page.getByText('Retorno bloqueado: solicitud de refugio pendiente').waitFor();
    await page.getByText(/Alimentación.*vencido/).waitFor();
    await page.getByRole('button', { name: 'Registrar comida entregada' }).click();
    await page.getByText('Registrado.').waitFor();
    await page.getByText(/Alimentación.*cumplido/).waitFor();
    // Care from the case: a health screening, and a placement in a facility of the office chosen by its free places.
    const { facilityId } = await bodyOf(
      'registering a DIF shelter',
      platform.client('care', supervisor).POST('/v1/facilities', {
        body: { officeCode: 'CHP', name: 'Albergue DIF Tapachula', type: 'DIF_SHELTER', capacity: 2, settings: ['CHILD_ONLY_AREA'] },
      }),
      201,
    );
    await page.getByText('Registrar valoración de salud').click();
    await page.getByLabel('Padecimiento crónico').check();
    await page.getByRole('button', { name: 'Guardar valoración' }).click();
    await page.getByText(/Última valoración de salud/).waitFor();
    await page.getByText('Ubicar en un lugar de alojamiento').click();
    await page.getByLabel('Lugar (plazas libres de su capacidad)').selectOption({ label: 'Albergue DIF Tapachula · albergue DIF · 2 de 2 libres' });
    await page.getByRole('button', { name: 'Ubicar', exact: true }).click();
    await page.getByText('Ubicado en Albergue DIF Tapachula.').waitFor();
    await page.getByText(/Ubicación actual: albergue DIF, área solo para niñas, niños y adolescentes/).waitFor();
    const cared = await bodyOf('the care record', platform.client('care', officer).GET('/v1/cases/{caseId}', { params }), 200);
    expect(cared.placement.current?.facilityId).toBe(facilityId);
    expect(cared.healthScreenings.map((screening) => screening.chronicCondition)).toEqual([true]);
    // The timeline, from the gateway's read model, in sentences: registration first, the meal after the claim.
    const timeline = page.getByRole('region', { name: 'Historial del expediente' }).getByRole('listitem');
    await waitFor(
      'the meal on the timeline',
      async () => {
        await page.reload();
        await page.getByRole('heading', { name: `Expediente ${overdueCaseNumber}` }).waitFor();
        return (await timeline.allTextContents()).some((text) => text.includes('Se registró una atención entregada'));
      },
      { timeoutMs: 30_000, intervalMs: 1_000 },
    );
    const entries = await timeline.allTextContents();
    expect(entries[0]).toContain('Se registró a la niña, niño o adolescente');
    expect(entries[0]).toContain('oficial officer-CHP');
    const claimAt = entries.findIndex((text) => text.includes('Cambió la protección internacional'));
    expect(claimAt).toBeGreaterThan(0);
    expect(entries.findIndex((text) => text.includes('Se registró una atención entregada'))).toBeGreaterThan(claimAt);
    expect(entries.filter(rawEventType)).toEqual([]);
    expect(await seriousAccessibilityViolations()).toEqual([]);
  }));

  it('refuses a supervisor’s approval while a claim is pending and says why plainly, tells the timeline in sentences, and lists the office’s alerts to acknowledge', () => showingThePage(async () => {
    // A child with a return plan ready for approval, then a refugee claim filed with legal-status.
    const journey = new ReturnJourney(platform, officer, supervisor);
    const { caseId, planId } = await journey.readyForApproval(sampleRegistration('CHP', 'Marisol'));
    expect((await journey.fileClaim(caseId)).response.status).toBe(200);
    const params = { path: { caseId } };
    const { caseNumber } = await bodyOf('reading the case', platform.client('intake', officer).GET('/v1/cases/{caseId}', { params }), 200);

    // The supervisor signs in: the office's alerts are in her navigation.
    await page.getByRole('button', { name: 'Cerrar sesión' }).click();
    await page.getByLabel('Token de desarrollo').fill(supervisor);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.getByRole('link', { name: 'Alertas de la oficina' }).waitFor();

    // The case: the timeline tells what happened in sentences, in order, the claim after the plan.
    await page.goto(`${gateway.url}/cases/${caseId}`);
    const timeline = page.getByRole('region', { name: 'Historial del expediente' }).getByRole('listitem');
    await waitFor(
      'the claim on the timeline',
      async () => {
        await page.reload();
        await page.getByRole('heading', { name: `Expediente ${caseNumber}` }).waitFor();
        return (await timeline.allTextContents()).some((text) => text.includes('Cambió la protección internacional'));
      },
      { timeoutMs: 30_000, intervalMs: 1_000 },
    );
    await page.getByText('Retorno bloqueado: solicitud de refugio pendiente').waitFor();

    // Another child's PAM resolved against the plan's measure by a supervisor's override: shown with its reason.
    const overridden = await journey.registered(sampleRegistration('CHP', 'Keila'));
    await journey.bestInterestsPlan(overridden, 'ASSISTED_RETURN', `PPNNA/CHP/PR/2026/${overridden.slice(-6)}`);
    const overrideReason = 'La tía en Tapachula fue verificada por el DIF y la niña pide quedarse con ella';
    await journey.procedureResolved(overridden, 'REUNIFICATION_IN_MEXICO', overrideReason);
    await page.goto(`${gateway.url}/cases/${overridden}`);
    await page.getByText(`por excepción de supervisión (LM-06), de supervisor-CHP: «${overrideReason}»`).waitFor();
    await page.goto(`${gateway.url}/cases/${caseId}`);
    await page.getByText('Retorno bloqueado: solicitud de refugio pendiente').waitFor();

    // Approving: refused by repatriation, which asked legal-status now; its code and the lock in plain words.
    await page.getByRole('button', { name: 'Aprobar retorno' }).click();
    const refusal = page.getByRole('alert');
    await refusal.waitFor();
    const refused = await refusal.innerText();
    expect(refused).toContain('Retorno bloqueado: solicitud de refugio pendiente');
    expect(refused).toContain('Aprobación rechazada (RETURN_PRECONDITIONS_UNMET)');
    expect(refused).toContain('NO_PROTECTION_LOCK');
    // Not approved, and nothing kept on the device to be sent later.
    expect((await bodyOf('the plan', journey.plan(caseId, planId), 200)).status).toBe('PROPOSED');
    await page.getByText('Nada pendiente de enviar').waitFor();
    await picture('case');
    expect(await seriousAccessibilityViolations()).toEqual([]);
    // The refusal is published too (repatriation.plan.refused): on the timeline after the claim.
    await waitFor(
      'the refusal on the timeline',
      async () => {
        await page.reload();
        await page.getByRole('heading', { name: `Expediente ${caseNumber}` }).waitFor();
        return (await timeline.allTextContents()).some((text) => text.includes('Se rechazó un paso del plan de retorno'));
      },
      { timeoutMs: 30_000, intervalMs: 1_000 },
    );
    const entries = await timeline.allTextContents();
    const at = (sentence: string) => entries.findIndex((text) => text.includes(sentence));
    expect(at('Se registró a la niña, niño o adolescente')).toBe(0);
    expect(at('Se propuso un plan de retorno')).toBeGreaterThan(at('Cambió el procedimiento administrativo migratorio'));
    expect(at('Cambió la protección internacional')).toBeGreaterThan(at('Se propuso un plan de retorno'));
    expect(at('Se rechazó un paso del plan de retorno')).toBeGreaterThan(at('Cambió la protección internacional'));
    expect(entries.filter(rawEventType)).toEqual([]);

    // Supervision: the refused plan still awaits her approval, and the other child's override is listed with who and why.
    await page.getByRole('link', { name: 'Supervisión' }).click();
    await page.getByRole('heading', { name: 'Supervisión de la oficina' }).waitFor();
    const awaiting = page.getByRole('region', { name: 'Retornos en espera de su aprobación' }).getByRole('listitem').filter({ hasText: 'Plan de retorno a GT' });
    await awaiting.first().waitFor();
    expect(await awaiting.getByRole('link').evaluateAll((links) => links.map((link) => link.getAttribute('href')))).toContain(`/cases/${caseId}`);
    const overrides = page.getByRole('region', { name: 'Resoluciones por excepción de supervisión (LM-06)' });
    await overrides.getByText(`de supervisor-CHP: «${overrideReason}»`).waitFor();
    expect(await seriousAccessibilityViolations()).toEqual([]);

    // The office's alerts, live: a serious incident reported in care while she looks appears without
    // a reload (no polling while the stream is live), with its case number, overdue ones first; acknowledged from here.
    await page.getByRole('link', { name: 'Alertas de la oficina' }).click();
    await page.getByRole('heading', { name: 'Alertas de la oficina' }).waitFor();
    await page.getByText('Las alertas se actualizan en vivo.').waitFor();
    await page.getByRole('table').or(page.getByText('No hay alertas abiertas')).waitFor();
    const incident = page.getByRole('row').filter({ hasText: caseNumber }).filter({ hasText: 'Incidente grave' });
    expect(await incident.count()).toBe(0);
    await bodyOf(
      'reporting a serious incident',
      platform.client('care', officer).POST('/v1/cases/{caseId}/incidents', {
        params,
        body: { type: 'INJURY', severity: 'SERIOUS', occurredAt: new Date(Date.now() - 60_000).toISOString(), notes: 'Se lastimó el brazo en el albergue.' },
      }),
      200,
    );
    await waitFor('the incident among the office’s alerts, live', async () => (await incident.count()) === 1, { timeoutMs: 20_000, intervalMs: 200 });
    const states = (await page.getByRole('row').allTextContents()).slice(1).map((text) => (text.startsWith('Vencida') ? 'overdue' : 'on time'));
    expect(states).toEqual([...states].sort((a, b) => Number(b === 'overdue') - Number(a === 'overdue')));
    expect(await incident.locator('time').count()).toBeGreaterThan(0);
    await picture('alerts');
    expect(await seriousAccessibilityViolations()).toEqual([]);
    await incident.getByRole('button', { name: /^Acusar recibo/ }).click();
    await page.getByText(`Acuse de recibo registrado: expediente ${caseNumber}.`).waitFor();
    await waitFor('the acknowledged alert off the list', async () => (await incident.count()) === 0);
    const tasks = await bodyOf('the case’s alerts', platform.client('notifications', supervisor).GET('/v1/tasks', { params: { query: { caseId } } }), 200);
    expect(tasks.items.find((task) => task.trigger === 'CARE_SERIOUS_INCIDENT')).toMatchObject({ status: 'ACKNOWLEDGED', acknowledgedBy: 'supervisor-CHP' });

    // A worklist source that does not answer is named; the others still show.
    await platform.stopService('notifications');
    await page.getByRole('link', { name: 'Pendientes de la oficina' }).click();
    await page.reload();
    await page.getByText('No se pudo consultar: notifications').waitFor();
    await page.getByRole('table').waitFor();
  }));
});
