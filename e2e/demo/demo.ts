// `npm run demo`: five invented children walked through the platform that `npm start` runs, with
// real HTTP calls and a timeline of what each service did. It is also a check: every step asserts
// what the services answered, and any step that does not behave as shown exits non-zero.
//   1. a child registered at Ciudad Hidalgo: care needs, a free call, the Procuraduría and DIF,
//      then a protection claim that refuses her hand-over to her aunt across the border and her return;
//   2. a child whose assisted return to Guatemala, resolved in his migration procedure, goes through
//      to the hand-over;
//   3. a Mexican child received from the USA in Tijuana and handed to her family;
//   4. a child whose return is aborted because she says she is afraid to go back: the lock then
//      stands in legal-status;
//   5. a serious incident in care reaches the office's supervisor on shift: a task in
//      notifications and an email (in the mail catcher `npm start` runs), which she acknowledges;
//   6. the officers' console (its gateway, GATEWAY_URL, default http://127.0.0.1:3000) serves the app
//      and shows that child's case as one timeline, in order, from intake's, care's and notifications' events.
// Base URLs come from PLATFORM_SERVICES; override one with <SERVICE>_URL (INTAKE_URL, CARE_URL,
// FAMILY_CONTACT_URL, LEGAL_STATUS_URL, REPATRIATION_URL, NOTIFICATIONS_URL) and the mail catcher's with
// MAIL_CATCHER_URL (default http://127.0.0.1:1080). DEMO_WAIT_MS bounds each wait for a
// record to appear downstream through NATS (default 30000). Each run invents fresh children and
// unique references, so it can run again and again on the same databases.
// Every call goes through the typed clients generated from the services' OpenAPI documents
// (libs/api-clients): a route, parameter or body the documents do not have does not compile, and an
// answer they do not allow stops the demo (issue 19). Answers are held against the committed
// documents (docs/openapi); DEMO_CONTRACT=served holds them against what each service serves at
// /docs-json instead (a service changed before the documents are regenerated).
import { Cast, RUN } from './cast';
import { firstChild } from './first-child';
import { fourthChild, secondChild } from './returns';
import { BASE_URLS, caller, clock, readServedDocuments, StepFailed } from './steps';
import { alertReachesSupervisor, consoleShowsTheCase } from './supervisor-and-console';
import { thirdChild } from './third-child';

// ---------------------------------------------------------------------------------------------

async function platformIsUp(): Promise<void> {
  const down: string[] = [];
  for (const [name, url] of BASE_URLS) {
    const ready = await fetch(`${url}/health/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (!ready) down.push(`${name} (${url})`);
  }
  if (down.length > 0) throw new StepFailed(`not ready: ${down.join(', ')}. Start the platform with \`npm start\` first.`);
}

async function main(): Promise<void> {
  const started = Date.now();
  console.log(`OPIS platform demo · run ${RUN} · ${new Date().toISOString()} · times are UTC`);
  console.log(`services: ${[...BASE_URLS].map(([name, url]) => `${name} ${url}`).join(', ')}`);
  console.log('children, relatives and officials below are invented for this run.');
  try {
    await platformIsUp();
    await readServedDocuments();
    const cast: Cast = {
      officer: await caller('demo-officer', ['officer'], ['CHP', 'BCN']),
      supervisor: await caller('demo-supervisor', ['supervisor'], ['CHP', 'BCN']),
      officeAdmin: await caller('demo-office-admin', ['office-admin'], ['CHP']),
    };
    await firstChild(cast);
    await secondChild(cast);
    await thirdChild(cast);
    await fourthChild(cast);
    await consoleShowsTheCase(cast, await alertReachesSupervisor(cast));
  } catch (error) {
    console.error(`\n✗ ${clock()}  the demo stopped: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
    return;
  }
  console.log(`\n✓ every step behaved as shown (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

void main();
