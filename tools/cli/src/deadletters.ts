// `npm run deadletters -- <command> [--service <name>]`: what holds a case back, and the operator's
// way out, audited in the service's audit trail.
//   list [--all]                          open dead letters (every one with --all), of every service or one
//   held                                  cases whose later events wait for a missing version, and why
//   replay <id> --reason "..."            the consumer applies it again on its next sweep (if it is the
//                                         case's next version); waits up to 30 s for the outcome
//   skip <id> --reason "..."              gives the event up for that consumer: the events behind it apply
//   retry-outbox <id> --reason "..."      publishes a set-aside outbox row again (after mending the stream)
// --actor names who decides (default: the system user). The service's database as for
// outbox:republish: DATABASE_URL (the server) or SERVICE_DATABASE_URL (that database itself).
import { userInfo } from 'node:os';

import { DataSource } from 'typeorm';

import { uuidv7 } from '@opis/contracts-envelope';
import { DeadLetterDesk, DeskAudit, DeskRefusal } from '@opis/messaging';
import { runTool, UsageError } from '@opis/platform';
import { databaseUrl, DEFAULT_DATABASE_URL, PLATFORM_SERVICES, PlatformService } from '@opis/platform-services';


const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const USAGE = `usage: npm run deadletters -- list [--all] | held | replay <id> | skip <id> | retry-outbox <id>
  [--service <${PLATFORM_SERVICES.map((s) => s.name).join('|')}>] [--reason "why"] [--actor "who"]
  replay, skip and retry-outbox need --service and --reason.`;


function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

/** The operator's decision in the service's append-only audit trail, in the decision's transaction. */
const audit: DeskAudit = async (manager, entry) => {
  await manager.query(
    `INSERT INTO audit_log (id, actor_subject, actor_roles, action, case_id, outcome, reason) VALUES ($1, $2, '{operator}', $3, $4, 'allowed', $5)`,
    [uuidv7(), entry.actor, entry.action, entry.caseId, entry.reason],
  );
};

async function withDesk<T>(service: PlatformService, work: (desk: DeadLetterDesk, dataSource: DataSource) => Promise<T>): Promise<T> {
  const url = process.env.SERVICE_DATABASE_URL ?? databaseUrl(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL, service.database);
  const dataSource = new DataSource({ type: 'postgres', url, applicationName: 'opis-deadletters' });
  await dataSource.initialize();
  try {
    return await work(new DeadLetterDesk(dataSource, audit), dataSource);
  } finally {
    await dataSource.destroy();
  }
}

async function waitForReplay(desk: DeadLetterDesk, id: string): Promise<string> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const letter = await desk.get(id);
    if (letter?.resolution) return `resolved: ${letter.resolution}`;
    if (letter && !letter.replayRequestedAt) return `not applied: ${letter.replayError ?? 'unknown'}`;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return 'requested; the service applies it on its next sweep once it runs';
}

async function main(): Promise<void> {
  const [command, id] = process.argv.slice(2).filter((arg, i, args) => !arg.startsWith('--') && !args[i - 1]?.startsWith('--'));
  const serviceName = option('service');
  const service = PLATFORM_SERVICES.find((candidate) => candidate.name === serviceName);
  if (serviceName && !service) throw new UsageError(`unknown service "${serviceName}"`);
  const services = service ? [service] : PLATFORM_SERVICES;
  const actor = option('actor') ?? `operator:${userInfo().username}`;
  const reason = option('reason') ?? '';

  if (command === 'list' || command === 'held') {
    for (const each of services) {
      const rows: object[] = await withDesk(each, async (desk) =>
        command === 'held' ? [...(await desk.heldCases()), ...(await desk.outboxDeadLetters())] : desk.list({ open: !process.argv.includes('--all') }),
      );
      console.log(`${each.name}: ${rows.length} ${command === 'held' ? 'held cases and outbox dead letters' : 'dead letters'}`);
      for (const row of rows) console.log(`  ${JSON.stringify(row)}`);
    }
    return;
  }
  if (!['replay', 'skip', 'retry-outbox'].includes(command ?? '')) throw new UsageError(USAGE);
  if (!service) throw new UsageError(`${command} needs --service`);
  if (!id || !UUID.test(id)) throw new UsageError(`${command} needs the dead letter's id (a UUID)`);
  if (reason.trim().length === 0) throw new UsageError(`${command} needs --reason`);
  await withDesk(service, async (desk) => {
    if (command === 'skip') {
      await desk.skip(id, actor, reason);
      console.log(`${service.name}: dead letter ${id} skipped; the events behind it apply on the consumer's next sweep`);
    } else if (command === 'retry-outbox') {
      await desk.retryOutbox(id, actor, reason);
      console.log(`${service.name}: outbox row ${id} will be published again`);
    } else {
      await desk.requestReplay(id, actor, reason);
      console.log(`${service.name}: dead letter ${id}: ${await waitForReplay(desk, id)}`);
    }
  });
}

runTool(main, { usage: USAGE, expected: [DeskRefusal] });
