import { Injectable } from '@nestjs/common';

import { PinoLoggerService } from '../logging/pino-logger.service';

/** Resolves when healthy; throws (or resolves false) when not. */
export type HealthCheck = () => Promise<boolean | void>;

export interface CheckResult {
  status: 'up' | 'down';
  durationMs: number;
  reason?: 'failed' | 'timeout';
}

export interface ReadinessReport {
  status: 'ready' | 'unavailable';
  checks: Record<string, CheckResult>;
}

const DEFAULT_TIMEOUT_MS = 2_000;

/** Named readiness checks; the database check is built in, other libs add theirs (NATS). */
@Injectable()
export class HealthRegistry {
  private readonly checks = new Map<string, { check: HealthCheck; timeoutMs: number }>();

  constructor(private readonly logger: PinoLoggerService) {}

  public register(name: string, check: HealthCheck, options: { timeoutMs?: number } = {}): void {
    this.checks.set(name, { check, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS });
  }

  public unregister(name: string): void {
    this.checks.delete(name);
  }

  public async readiness(): Promise<ReadinessReport> {
    const entries = await Promise.all(
      [...this.checks].map(async ([name, { check, timeoutMs }]) => [name, await this.run(name, check, timeoutMs)] as const),
    );
    const checks = Object.fromEntries(entries);
    const ready = entries.every(([, result]) => result.status === 'up');
    return { status: ready ? 'ready' : 'unavailable', checks };
  }

  private async run(name: string, check: HealthCheck, timeoutMs: number): Promise<CheckResult> {
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    try {
      const outcome = await Promise.race([check(), timeout]);
      const durationMs = Date.now() - started;
      if (outcome === 'timeout') return { status: 'down', durationMs, reason: 'timeout' };
      return outcome === false ? { status: 'down', durationMs, reason: 'failed' } : { status: 'up', durationMs };
    } catch (error) {
      this.logger.pino.warn({ err: error, check: name }, 'readiness check failed');
      return { status: 'down', durationMs: Date.now() - started, reason: 'failed' };
    } finally {
      clearTimeout(timer);
    }
  }
}
