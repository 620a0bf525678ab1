import pino, { DestinationStream, Logger } from 'pino';

import { redactPersonalData } from './redact';

export interface LoggerOptions {
  serviceName: string;
  level?: string;
  /** Where the JSON lines go; stdout by default. Tests pass a stream to read them. */
  destination?: DestinationStream;
}

interface SerializedError {
  type: string;
  message: string;
  code?: string;
  stack?: string;
}

/** Only these fields of an error are logged: drivers attach query parameters, which may be personal. */
export function serializeError(error: unknown): SerializedError | unknown {
  if (!(error instanceof Error)) return error;
  const serialized: SerializedError = { type: error.name, message: error.message, stack: error.stack };
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') serialized.code = code;
  return serialized;
}

export function createLogger(options: LoggerOptions): Logger {
  const settings: pino.LoggerOptions = {
    level: options.level ?? 'info',
    base: { service: options.serviceName },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      level: (label) => ({ level: label }),
      log: (object) => redactPersonalData(object),
    },
    serializers: { err: serializeError, error: serializeError },
  };
  // stdout, synchronously by default, so that the last lines before a crash are not lost.
  return options.destination ? pino(settings, options.destination) : pino(settings);
}
