import { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

import { PinoLoggerService } from '../logging/pino-logger.service';

/**
 * A background job run every `intervalMs` by each instance (deadline scanners and the like).
 * One run at a time per instance; a failed run is logged and retried at the next tick. Jobs
 * that several instances run together must claim their rows themselves (SKIP LOCKED, unique
 * alert rows), because nothing here coordinates instances.
 */
export abstract class PeriodicJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  protected constructor(
    private readonly jobName: string,
    private readonly intervalMs: number,
    private readonly jobLogger: PinoLoggerService,
  ) {}

  /** Does the work due at `now`; returns how many items it handled. */
  public abstract runOnce(now?: Date): Promise<number>;

  public onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.runInBackground(), this.intervalMs);
    this.timer.unref();
  }

  public async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  private async runInBackground(): Promise<void> {
    if (this.running) return;
    try {
      this.running = this.runOnce();
      await this.running;
    } catch (error) {
      this.jobLogger.pino.warn({ err: error, job: this.jobName }, 'periodic job failed; retrying at the next interval');
    } finally {
      this.running = undefined;
    }
  }
}
