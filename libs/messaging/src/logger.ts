import { Logger } from '@nestjs/common';

export type MessagingLogger = Pick<Logger, 'log' | 'warn' | 'error'>;

export function defaultLogger(context: string): MessagingLogger {
  return new Logger(context);
}
