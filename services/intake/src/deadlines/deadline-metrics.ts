import { Injectable, OnModuleInit } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';

import { OFFICE_CODES } from '@opis/contracts-envelope';
import { MetricsRegistry } from '@opis/platform';

import { IntakeConfig } from '../intake.config';
import { DeadlineRepository } from './deadline.repository';

/**
 * INV-03 where operators look: how many open cases of this instance's offices are past a
 * deadline level (6 h escalation, 24 h breach) with the clock not met, per clock and level,
 * counted at each scrape. The PrometheusRule alerts on any breach (deploy/k8s/base/monitoring.yaml).
 */
@Injectable()
export class DeadlineMetrics implements OnModuleInit {
  constructor(
    private readonly registry: MetricsRegistry,
    private readonly dataSource: DataSource,
    private readonly deadlines: DeadlineRepository,
    private readonly config: IntakeConfig,
  ) {}

  public onModuleInit(): void {
    const { config, dataSource, deadlines } = this;
    new Gauge({
      name: 'opis_intake_deadlines_overdue',
      help: 'Open cases past an INV-03 deadline level with the clock not met (Procuraduría notification, DIF channelling)',
      labelNames: ['clock', 'level'],
      registers: [this.registry],
      async collect() {
        this.reset();
        const overdue = await deadlines.countOverdueDeadlines(
          dataSource.manager,
          new Date(),
          { ESCALATION: config.DEADLINE_ESCALATION_MINUTES / 60, BREACH: config.DEADLINE_BREACH_MINUTES / 60 },
          config.OFFICES ?? OFFICE_CODES,
        );
        for (const { clock, level, cases: count } of overdue) this.set({ clock, level }, count);
      },
    });
  }
}
