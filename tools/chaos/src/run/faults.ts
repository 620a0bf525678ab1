// The faults of the chaos run, one kind at a time or mixed, each logged with when it began and healed.
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Client } from 'pg';

import { createEnvelope, eventSubject, OfficeCode, uuidv7 } from '@opis/contracts-envelope';
import { caseRegisteredV1 } from '@opis/contracts-intake';
import { HarnessServiceName, PlatformHarness, sleep, SupervisedInstance, untilReady } from '@opis/platform-tools';
import { waitFor } from '@opis/testing';


export const FAULT_KINDS = ['kill-services', 'kill-nats', 'stop-postgres', 'pause', 'republish', 'poison'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const CONSUMING_SERVICES: readonly HarnessServiceName[] = ['care', 'family-contact', 'legal-status', 'repatriation', 'statistics'];

export interface FaultLogEntry {
  kind: string;
  target?: string;
  startedAtMs: number;
  endedAtMs: number;
}

export const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 23)}] ${line}`);

export class FaultInjector {
  public readonly entries: FaultLogEntry[] = [];
  public readonly poisonEventIds = new Set<string>();
  private readonly t0 = performance.now();

  constructor(
    private readonly platform: PlatformHarness,
    private readonly options: { outageMs: number; pauseMs: number; republishCount: number; killEveryInstance: boolean },
  ) {}

  /** From now on a kill takes one instance of each service (the mixed rounds: every instance was killed once already). */
  public killOneInstanceEach(): void {
    this.options.killEveryInstance = false;
  }

  private async record(kind: string, target: string | undefined, action: () => Promise<void>): Promise<void> {
    const startedAtMs = Math.round(performance.now() - this.t0);
    log(`fault ${kind}${target ? ` ${target}` : ''}: begins`);
    await action();
    const endedAtMs = Math.round(performance.now() - this.t0);
    log(`fault ${kind}${target ? ` ${target}` : ''}: healed after ${endedAtMs - startedAtMs} ms`);
    this.entries.push({ kind, target, startedAtMs, endedAtMs });
  }

  /** Until the supervisor has started a new process in place of `pid` and it answers ready. */
  private async restartedAndReady(instance: SupervisedInstance, pid: number | undefined): Promise<void> {
    await waitFor(`${instance.id} restarted`, () => instance.pid() !== undefined && instance.pid() !== pid, { timeoutMs: 30_000, intervalMs: 50 });
    await untilReady(instance.url, { label: `${instance.id} (started again)`, timeoutMs: 90_000 });
  }

  private instancesOf(service: HarnessServiceName): readonly SupervisedInstance[] {
    return this.platform.services.get(service)?.instances ?? [];
  }

  private async pauseInstance(instance: SupervisedInstance): Promise<void> {
    await this.record('SIGSTOP', instance.id, async () => {
      this.platform.signalInstance(instance.id, 'SIGSTOP');
      // The pause is the fault: longer than the ack wait, so what the instance holds is redelivered elsewhere.
      await sleep(this.options.pauseMs);
      this.platform.signalInstance(instance.id, 'SIGCONT');
    });
  }

  /** One instance of every consuming service paused at once (each service's other instance goes on). */
  public async pauseConsumers(pick: () => number): Promise<void> {
    await Promise.all(
      CONSUMING_SERVICES.map((service) => {
        const instances = this.instancesOf(service);
        return this.pauseInstance(instances[Math.floor(pick() * instances.length)] as SupervisedInstance);
      }),
    );
  }

  public async inject(kind: FaultKind, pick: () => number = Math.random): Promise<void> {
    switch (kind) {
      case 'kill-services': {
        // Every instance in the full run; one instance of each service (chosen by the seed) in a short one.
        const targets = [...this.platform.services.values()].flatMap((service) =>
          this.options.killEveryInstance ? service.instances : [service.instances[Math.floor(pick() * service.instances.length)] as SupervisedInstance],
        );
        for (const instance of targets) {
          await this.record('kill -9', instance.id, async () => {
            const pid = this.platform.signalInstance(instance.id, 'SIGKILL');
            await this.restartedAndReady(instance, pid);
          });
        }
        return;
      }
      case 'kill-nats':
        return this.record('kill -9', 'nats-server', async () => {
          await this.platform.nats.stop('SIGKILL');
          await sleep(this.options.outageMs);
          await this.platform.nats.restart();
        });
      case 'stop-postgres':
        return this.record('immediate stop', 'postgresql', async () => {
          // Not while the effect log is read: a read cut by the stop could lose what it consumed.
          const stop = async () => {
            await this.platform.postgres.stop('immediate');
            await sleep(this.options.outageMs);
            await this.platform.postgres.restart();
          };
          await (this.platform.effects ? this.platform.effects.exclusive(stop) : stop());
        });
      case 'pause':
        // The relay's process, then one instance of each consumer.
        await this.pauseInstance(this.instancesOf('intake')[0] as SupervisedInstance);
        return this.pauseConsumers(pick);
      case 'republish':
        await this.record('republish out of order', 'intake stream', () => this.republish('intake'));
        return this.record('republish out of order', 'legal-status stream', () => this.republish('legal-status'));
      case 'poison':
        return this.record('poison', 'intake stream', () => this.poison());
    }
  }

  /** A producer's latest published events again, newest first, as new messages (no Nats-Msg-Id dedup). */
  private async republish(producer: 'intake' | 'legal-status'): Promise<void> {
    const database = this.platform.services.get(producer)?.database as string;
    // Mixed with a database outage, the events are read once PostgreSQL is back.
    let rows: Array<{ subject: string; payload: unknown }> = [];
    await waitFor(
      `${producer} outbox readable`,
      async () => {
        const client = new Client({ connectionString: this.platform.postgres.url(database), connectionTimeoutMillis: 1_000 });
        try {
          await client.connect();
          rows = (
            await client.query<{ subject: string; payload: unknown }>(
              'SELECT subject, payload FROM outbox WHERE published_at IS NOT NULL ORDER BY position DESC LIMIT $1',
              [this.options.republishCount],
            )
          ).rows;
          return true;
        } catch {
          return false;
        } finally {
          await client.end().catch(() => undefined);
        }
      },
      { timeoutMs: 120_000, intervalMs: 250 },
    );
    await this.withJetStream(async (publish) => {
      for (const row of rows) await publish(row.subject, JSON.stringify(row.payload));
      // And the oldest of them once more with a fresh message id, after the newer ones.
      for (const row of rows.slice(-Math.ceil(rows.length / 4))) await publish(row.subject, JSON.stringify(row.payload), uuidv7());
    });
  }

  /** Bytes that are not JSON, and an envelope whose data breaks the contract: both must be dead-lettered, nothing applied. */
  private async poison(): Promise<void> {
    const office: OfficeCode = 'CHP';
    const subject = eventSubject(caseRegisteredV1.name, office);
    const invalid = createEnvelope({ name: caseRegisteredV1.name, caseId: uuidv7(), officeCode: office, actor: { kind: 'officer', id: 'chaos' }, data: { caseNumber: 'not a case number' } });
    this.poisonEventIds.add(invalid.id);
    await this.withJetStream(async (publish) => {
      await publish(subject, '{"this is": not json');
      await publish(subject, JSON.stringify(invalid));
    });
  }

  /**
   * Publishes straight to JetStream. Mixed with a kill of nats-server, the injector waits for it to
   * come back: the first connection and every reconnection retry for as long as it is away, and
   * each message is published until JetStream acknowledges it (a repeat is one more duplicate,
   * which is what these faults are made of).
   */
  private async withJetStream(body: (publish: (subject: string, payload: string, msgID?: string) => Promise<void>) => Promise<void>): Promise<void> {
    const nc = await connect({ servers: this.platform.nats.url, name: 'chaos-injector', waitOnFirstConnect: true, maxReconnectAttempts: -1, reconnectTimeWait: 250 });
    try {
      const js = jetstream(nc);
      await body(async (subject, payload, msgID) => {
        for (;;) {
          try {
            await js.publish(subject, payload, { ...(msgID ? { msgID } : {}), timeout: 2_000 });
            return;
          } catch {
            // nats-server is away: the client reconnects on its own; try again at its reconnect pace.
            await sleep(250);
          }
        }
      });
    } finally {
      await nc.close();
    }
  }
}