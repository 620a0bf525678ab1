export interface ConfigViolation {
  variable: string;
  rule: string;
  message: string;
}

/** Boot refused: lists every bad environment variable with its rule, never its value. */
export class ConfigError extends Error {
  constructor(public readonly violations: ConfigViolation[]) {
    super(
      `Invalid configuration (${violations.length} problem${violations.length === 1 ? '' : 's'}):\n` +
        violations.map((v) => `  - ${v.variable}: ${v.message} [${v.rule}]`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}
