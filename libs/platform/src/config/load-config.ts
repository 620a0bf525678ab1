import { Constructor } from '@opis/contracts-envelope';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync, ValidationError } from 'class-validator';

import { ConfigError, ConfigViolation } from './config-error';

function declaredVariables(configClass: Constructor): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(configClass, '', true, false);
  return [...new Set(metadata.map((m) => m.propertyName))];
}

function violationsOf(errors: ValidationError[]): ConfigViolation[] {
  return errors.flatMap((error) =>
    Object.entries(error.constraints ?? {}).map(([rule, message]) => ({ variable: error.property, rule, message })),
  );
}

/**
 * Reads the variables `configClass` declares from `env` (and nothing else), converts and
 * validates them. Called once at boot; throws a ConfigError listing every bad variable.
 */
export function loadConfig<T extends object>(
  configClass: Constructor<T>,
  env: Record<string, string | undefined> = process.env,
): T {
  const plain: Record<string, string> = {};
  for (const variable of declaredVariables(configClass)) {
    const value = env[variable];
    if (value !== undefined && value.trim() !== '') plain[variable] = value;
  }
  const config = plainToInstance(configClass, plain);
  const errors = validateSync(config, { stopAtFirstError: true, validationError: { target: false, value: false } });
  if (errors.length > 0) throw new ConfigError(violationsOf(errors));
  return config;
}
