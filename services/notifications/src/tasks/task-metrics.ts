import { Injectable, OnModuleInit } from '@nestjs/common';
import { Gauge, Histogram } from 'prom-client';
import { DataSource } from 'typeorm';

import { MetricsRegistry } from '@opis/platform';

import { NotificationsConfig } from '../notifications.config';

/**
 * Alerts where operators look: tasks nobody acknowledged yet per trigger and level, messages
 * waiting or given up per channel (counted at each scrape, from the database all instances
 * share), and how long people took to acknowledge, per trigger (observed by the instance that
 * answered the acknowledgement).
 */
@Injectable()
export class TaskMetrics implements OnModuleInit {
  private timeToAcknowledge!: Histogram<'trigger'>;

  constructor(
    private readonly registry: MetricsRegistry,
    private readonly dataSource: DataSource,
    private readonly config: NotificationsConfig,
  ) {}

  public onModuleInit(): void {
    const { dataSource, config } = this;
    const offices = config.OFFICES ?? null;
    new Gauge({
      name: 'opis_notifications_tasks_unacknowledged',
      help: 'Open tasks nobody acknowledged, per trigger and level (0 addressed, 1 supervisors, 2 national duty)',
      labelNames: ['trigger', 'level'],
      registers: [this.registry],
      async collect() {
        this.reset();
        const rows: Array<{ trigger: string; level: number; n: number }> = await dataSource.query(
          `SELECT trigger, level, count(*)::int AS n FROM task WHERE status = 'OPEN' AND ($1::text[] IS NULL OR office_code = ANY ($1::text[])) GROUP BY trigger, level`,
          [offices],
        );
        for (const row of rows) this.set({ trigger: row.trigger, level: String(row.level) }, row.n);
      },
    });
    new Gauge({
      name: 'opis_notifications_deliveries',
      help: 'Emails and SMS waiting to be sent (PENDING) or given up after every attempt (FAILED), per channel',
      labelNames: ['channel', 'status'],
      registers: [this.registry],
      async collect() {
        this.reset();
        const rows: Array<{ channel: string; status: string; n: number }> = await dataSource.query(
          `SELECT channel, status, count(*)::int AS n FROM delivery WHERE status IN ('PENDING', 'FAILED') GROUP BY channel, status`,
        );
        for (const row of rows) this.set({ channel: row.channel, status: row.status }, row.n);
      },
    });
    this.timeToAcknowledge = new Histogram({
      name: 'opis_notifications_time_to_acknowledge_seconds',
      help: 'From a task opening to its acknowledgement, per trigger',
      labelNames: ['trigger'],
      buckets: [30, 60, 300, 600, 900, 1800, 3600, 7200, 14400, 86400],
      registers: [this.registry],
    });
  }

  public acknowledged(trigger: string, openedAt: Date, at: Date): void {
    this.timeToAcknowledge.observe({ trigger }, Math.max(0, (at.getTime() - openedAt.getTime()) / 1000));
  }
}
