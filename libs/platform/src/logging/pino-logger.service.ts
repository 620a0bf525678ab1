import { LoggerService } from '@nestjs/common';
import { Logger } from 'pino';

/** Nest's own logs (and the platform's) go through pino, so they are JSON and redacted. */
export class PinoLoggerService implements LoggerService {
  constructor(public readonly pino: Logger) {}

  public log(message: unknown, ...optional: unknown[]): void {
    this.write('info', message, optional);
  }

  public error(message: unknown, ...optional: unknown[]): void {
    this.write('error', message, optional);
  }

  public warn(message: unknown, ...optional: unknown[]): void {
    this.write('warn', message, optional);
  }

  public debug(message: unknown, ...optional: unknown[]): void {
    this.write('debug', message, optional);
  }

  public verbose(message: unknown, ...optional: unknown[]): void {
    this.write('trace', message, optional);
  }

  public fatal(message: unknown, ...optional: unknown[]): void {
    this.write('fatal', message, optional);
  }

  // Nest passes (message, ...params, context) and, for errors, a stack before the context.
  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace' | 'fatal', message: unknown, optional: unknown[]): void {
    const params = [...optional];
    const context = params.length > 0 && typeof params[params.length - 1] === 'string' ? params.pop() : undefined;
    const fields: Record<string, unknown> = {};
    if (context) fields['context'] = context;
    if (level === 'error' && typeof params[0] === 'string') fields['stack'] = params.shift();
    if (message instanceof Error) {
      this.pino[level]({ ...fields, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.pino[level]({ ...fields, ...message });
    } else {
      this.pino[level](fields, String(message));
    }
  }
}
