import { ConfigError } from './config-error';

/** A dependency the service could not reach at start-up, with the setting that says where it is. */
export class DependencyUnavailableError extends Error {
  constructor(
    public readonly dependency: 'database' | 'nats' | 'jwks',
    public readonly setting: string,
    cause: unknown,
  ) {
    super(`${dependency} unreachable (check ${setting}): ${describe(cause)}`, { cause });
    this.name = 'DependencyUnavailableError';
  }
}

function describe(error: unknown): string {
  const candidate = error as { code?: unknown; message?: unknown };
  const code = typeof candidate?.code === 'string' ? `${candidate.code} ` : '';
  const message = typeof candidate?.message === 'string' ? candidate.message : String(error);
  // A connection string can carry a password: never echo one back.
  return `${code}${message}`.replace(/\/\/[^@\s/]*@/g, '//***@');
}

/**
 * The one line an entry point prints when it cannot start: JSON like every other log line, naming
 * the settings or the dependency, never a stack trace operators must decode (nor a secret).
 */
export function startupFailureLine(error: unknown, service?: string): string {
  const base = { level: 'fatal', time: new Date().toISOString(), ...(service ? { service } : {}) };
  if (error instanceof ConfigError) {
    return JSON.stringify({ ...base, msg: 'invalid configuration', settings: error.violations.map(({ variable, rule, message }) => ({ variable, rule, message })) });
  }
  if (error instanceof DependencyUnavailableError) {
    return JSON.stringify({ ...base, msg: `${error.dependency} unreachable at start-up`, dependency: error.dependency, setting: error.setting, reason: describe(error.cause) });
  }
  return JSON.stringify({ ...base, msg: 'start-up failed', reason: describe(error) });
}
