import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { OfficeCode } from '@opis/contracts-envelope';
import { PinoLoggerService, Principal, visibleOffices } from '@opis/platform';

import { NotificationsConfig } from '../notifications.config';
import { TaskChangeKind, TaskRepository } from './task.repository';
import { toTaskView, TaskView } from './task.view';

/** One message of the live stream: what happened to a task, and the task as it now stands. */
export interface TaskStreamMessage {
  seq: number;
  change: TaskChangeKind;
  task: TaskView;
}

interface Subscriber {
  principal: Principal;
  mine: boolean;
  send(message: TaskStreamMessage): void;
  end(): void;
}

/** A sequence number skipped by the poll is waited for this long: it may belong to a transaction still committing. */
const GAP_WAIT_MS = 5_000;
const PAGE = 500;

/**
 * The live stream's source. Changes are rows of `task_change`, written in the transaction of the
 * change by whichever instance made it, so each instance polls the table (one query per interval
 * while anyone listens, not one per listener) and fans the changes out to its own subscribers,
 * each seeing only tasks of offices they may see. Sequence numbers are taken before commit, so
 * one may appear after a higher one: a skipped number is looked for again for a few seconds.
 */
@Injectable()
export class TaskFeed implements OnModuleDestroy {
  private readonly subscribers = new Set<Subscriber>();
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private last = -1;
  /** Skipped sequence numbers and when they were first missed. */
  private readonly gaps = new Map<number, number>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly tasks: TaskRepository,
    private readonly config: NotificationsConfig,
    private readonly logger: PinoLoggerService,
  ) {}

  public get size(): number {
    return this.subscribers.size;
  }

  /** Starts delivering changes made from now on; returns the unsubscribe. */
  public async subscribe(subscriber: Subscriber): Promise<() => void> {
    if (this.last < 0) this.last = await this.tasks.lastChange(this.dataSource.manager);
    this.subscribers.add(subscriber);
    if (!this.timer) {
      this.timer = setInterval(() => void this.tick(), this.config.NOTIFY_STREAM_POLL_MS);
      this.timer.unref();
    }
    return () => {
      this.subscribers.delete(subscriber);
      if (this.subscribers.size === 0) this.stopTimer();
    };
  }

  public async onModuleDestroy(): Promise<void> {
    this.stopTimer();
    for (const subscriber of this.subscribers) subscriber.end();
    this.subscribers.clear();
    await this.polling?.catch(() => undefined);
  }

  private stopTimer(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    // With nobody listening the position is forgotten: the next subscriber starts from its own now.
    this.last = -1;
    this.gaps.clear();
  }

  private async tick(): Promise<void> {
    if (this.polling) return;
    this.polling = this.poll()
      .catch((error: unknown) => this.logger.pino.warn({ err: error }, 'task stream poll failed; retrying'))
      .finally(() => {
        this.polling = undefined;
      });
    await this.polling;
  }

  private async poll(): Promise<void> {
    if (this.last < 0) return;
    const now = Date.now();
    for (const [seq, since] of this.gaps) if (now - since > GAP_WAIT_MS) this.gaps.delete(seq);
    const from = Math.min(this.last, ...[...this.gaps.keys()].map((seq) => seq - 1));
    const changes = (await this.tasks.changesAfter(this.dataSource.manager, from, PAGE)).filter((change) => change.seq > this.last || this.gaps.has(change.seq));
    if (changes.length === 0) return;
    for (const change of changes) {
      this.gaps.delete(change.seq);
      for (let missing = this.last + 1; missing < change.seq; missing += 1) this.gaps.set(missing, now);
      this.last = Math.max(this.last, change.seq);
    }
    const ids = [...new Set(changes.map((change) => change.taskId))];
    const rows = await this.tasks.findMany(this.dataSource.manager, ids);
    const recipients = await this.tasks.recipientsOf(this.dataSource.manager, ids);
    const views = new Map(rows.map((row) => [row.id, toTaskView(row, recipients)]));
    for (const change of changes) {
      const task = views.get(change.taskId);
      if (!task) continue;
      for (const subscriber of this.subscribers) {
        if (!visibleOffices(subscriber.principal, this.config.OFFICES).includes(task.officeCode as OfficeCode)) continue;
        if (subscriber.mine && !task.recipients.some((recipient) => recipient.subject === subscriber.principal.subject)) continue;
        subscriber.send({ seq: change.seq, change: change.kind, task });
      }
    }
  }
}
