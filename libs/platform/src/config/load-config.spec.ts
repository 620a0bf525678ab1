import { IsNotEmpty, IsString } from 'class-validator';

import { BaseServiceConfig } from './base-service.config';
import { ConfigError } from './config-error';
import { loadConfig } from './load-config';
import { EnvIntegerBetween } from './transforms';

const SECRET_PEM = '-----BEGIN PUBLIC KEY-----\\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEsecretsecret\\n-----END PUBLIC KEY-----';

const validEnv = {
  NODE_ENV: 'production',
  PORT: '3001',
  DATABASE_URL: 'postgres://intake:pw@db:5432/intake',
  NATS_URL: 'nats://nats:4222',
  JWT_PUBLIC_KEY: SECRET_PEM,
  JWT_ISSUER: 'https://id.inm.gob.mx',
  JWT_AUDIENCE: 'opis',
  OFFICES: 'CHP, TAB',
};

class IntakeConfig extends BaseServiceConfig {
  @IsString()
  @IsNotEmpty()
  public INTAKE_CASE_PREFIX!: string;
}

function failure(env: Record<string, string>): ConfigError {
  try {
    loadConfig(BaseServiceConfig, env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('converts types and applies defaults', () => {
    const config = loadConfig(BaseServiceConfig, validEnv);
    expect(config).toBeInstanceOf(BaseServiceConfig);
    expect(config.PORT).toBe(3001);
    expect(config.HOST).toBe('0.0.0.0');
    expect(config.OFFICES).toEqual(['CHP', 'TAB']);
    expect(config.AUTH_DEV_KEYS).toBe(false);
    expect(config.HTTP_BODY_LIMIT_BYTES).toBe(65536);
    expect(config.LOG_LEVEL).toBe('info');
    expect(config.JWT_PUBLIC_KEY).toContain('\nMFkw');
  });

  it('keeps published outbox rows 30 days unless told, and refuses a retention below one whole day', () => {
    expect(loadConfig(BaseServiceConfig, validEnv).OUTBOX_RETENTION_DAYS).toBe(30);
    expect(loadConfig(BaseServiceConfig, { ...validEnv, OUTBOX_RETENTION_DAYS: '7' }).OUTBOX_RETENTION_DAYS).toBe(7);
    for (const bad of ['0', '1.5', 'a week']) {
      expect(failure({ ...validEnv, OUTBOX_RETENTION_DAYS: bad }).message).toContain('OUTBOX_RETENTION_DAYS');
    }
  });

  it('reads only the variables the class declares', () => {
    const config = loadConfig(BaseServiceConfig, { ...validEnv, AWS_SECRET: 'x' });
    expect(config).not.toHaveProperty('AWS_SECRET');
  });

  it('lists every bad variable by name and rule, without echoing values', () => {
    const error = failure({
      NODE_ENV: 'staging',
      PORT: 'eighty',
      DATABASE_URL: 'mysql://root:hunter2@db/x',
      LOG_LEVEL: 'loud',
      OFFICES: 'CHP,XXX',
      JWT_PUBLIC_KEY: 'hunter2-not-a-pem',
      AUTH_DEV_KEYS: 'maybe',
      HTTP_BODY_LIMIT_BYTES: '-1',
    });
    const variables = error.violations.map((v) => v.variable).sort();
    expect(variables).toEqual(
      [
        'AUTH_DEV_KEYS',
        'DATABASE_URL',
        'HTTP_BODY_LIMIT_BYTES',
        'JWT_ISSUER',
        'JWT_PUBLIC_KEY',
        'LOG_LEVEL',
        'NATS_URL',
        'NODE_ENV',
        'OFFICES',
        'PORT',
      ].sort(),
    );
    for (const variable of variables) expect(error.message).toContain(`${variable}:`);
    expect(error.message).toContain('[isIn]');
    expect(error.message).not.toContain('hunter2');
  });

  it('refuses dev keys and the dev issuer in production, and requires a key source', () => {
    const error = failure({
      ...validEnv,
      JWT_PUBLIC_KEY: '',
      AUTH_DEV_KEYS: 'true',
      JWT_ISSUER: 'opis-dev-only',
    });
    expect(error.violations.map((v) => [v.variable, v.rule])).toEqual(
      expect.arrayContaining([
        ['AUTH_DEV_KEYS', 'notInProduction'],
        ['JWT_ISSUER', 'notInProduction'],
        ['JWT_PUBLIC_KEY', 'isNotEmpty'],
      ]),
    );
  });

  it('accepts dev keys without a key source or issuer outside production', () => {
    const config = loadConfig(BaseServiceConfig, {
      DATABASE_URL: validEnv.DATABASE_URL,
      NATS_URL: validEnv.NATS_URL,
      AUTH_DEV_KEYS: 'true',
    });
    expect(config.NODE_ENV).toBe('development');
    expect(config.JWT_ISSUER).toBeUndefined();
  });

  it('takes a self-test fault for broken consumers outside production only', () => {
    expect(loadConfig(BaseServiceConfig, { ...validEnv, NODE_ENV: 'test', MESSAGING_SELF_TEST_FAULT: 'drop' }).MESSAGING_SELF_TEST_FAULT).toBe('drop');
    expect(loadConfig(BaseServiceConfig, validEnv).MESSAGING_SELF_TEST_FAULT).toBeUndefined();
    expect(failure({ ...validEnv, MESSAGING_SELF_TEST_FAULT: 'drop' }).violations.map((v) => v.variable)).toEqual(['MESSAGING_SELF_TEST_FAULT']);
    expect(failure({ ...validEnv, NODE_ENV: 'test', MESSAGING_SELF_TEST_FAULT: 'chaos' }).violations.map((v) => v.variable)).toEqual([
      'MESSAGING_SELF_TEST_FAULT',
    ]);
  });

  it('takes a JWKS over plain http outside production only', () => {
    const { JWT_PUBLIC_KEY: _key, ...withoutKey } = validEnv;
    const jwks = 'http://idp.local:8080/realms/opis/certs';
    expect(loadConfig(BaseServiceConfig, { ...withoutKey, NODE_ENV: 'test', JWT_JWKS_URL: jwks }).JWT_JWKS_URL).toBe(jwks);
    expect(loadConfig(BaseServiceConfig, { ...withoutKey, NODE_ENV: 'development', JWT_JWKS_URL: jwks }).JWT_JWKS_URL).toBe(jwks);
    expect(failure({ ...withoutKey, JWT_JWKS_URL: jwks }).violations.map((v) => [v.variable, v.rule])).toEqual([['JWT_JWKS_URL', 'notInProduction']]);
    expect(loadConfig(BaseServiceConfig, { ...withoutKey, JWT_JWKS_URL: 'https://idp/realms/opis/certs' }).JWT_JWKS_URL).toMatch(/^https:/);
  });

  it('bounds token age and lifetime, rate limits and the metrics port, with defaults', () => {
    const config = loadConfig(BaseServiceConfig, validEnv);
    expect(config).toMatchObject({
      JWT_MAX_TOKEN_AGE_SECONDS: 86_400,
      JWT_MAX_TOKEN_LIFETIME_SECONDS: 86_400,
      RATE_LIMIT_MAX: 6000,
      RATE_LIMIT_WINDOW_SECONDS: 60,
      METRICS_HOST: '127.0.0.1',
    });
    expect(config.METRICS_PORT).toBeUndefined();
    expect(loadConfig(BaseServiceConfig, { ...validEnv, METRICS_PORT: '9464' }).METRICS_PORT).toBe(9464);
    const error = failure({
      ...validEnv,
      JWT_MAX_TOKEN_AGE_SECONDS: '0',
      JWT_MAX_TOKEN_LIFETIME_SECONDS: '4102444800',
      RATE_LIMIT_MAX: '0',
      RATE_LIMIT_WINDOW_SECONDS: 'soon',
      METRICS_PORT: '70000',
    });
    expect(error.violations.map((v) => v.variable).sort()).toEqual([
      'JWT_MAX_TOKEN_AGE_SECONDS',
      'JWT_MAX_TOKEN_LIFETIME_SECONDS',
      'METRICS_PORT',
      'RATE_LIMIT_MAX',
      'RATE_LIMIT_WINDOW_SECONDS',
    ]);
  });

  it('validates a service subclass too', () => {
    expect(() => loadConfig(IntakeConfig, validEnv)).toThrow(/INTAKE_CASE_PREFIX:/);
    expect(loadConfig(IntakeConfig, { ...validEnv, INTAKE_CASE_PREFIX: 'X' })).toBeInstanceOf(IntakeConfig);
  });
});

describe('EnvIntegerBetween', () => {
  class ScanConfig {
    @EnvIntegerBetween(100, 3_600_000)
    public SCAN_INTERVAL_MS = 60_000;
  }

  const ruleBroken = (value: string): string | undefined => {
    try {
      loadConfig(ScanConfig, { SCAN_INTERVAL_MS: value });
      return undefined;
    } catch (error) {
      return (error as ConfigError).violations.map((violation) => violation.rule).join(',');
    }
  };

  it('reads a whole number within its bounds, and keeps the default when unset', () => {
    expect(loadConfig(ScanConfig, { SCAN_INTERVAL_MS: ' 250 ' }).SCAN_INTERVAL_MS).toBe(250);
    expect(loadConfig(ScanConfig, {}).SCAN_INTERVAL_MS).toBe(60_000);
  });

  it('names the first rule broken: not a whole number, below the least, above the most', () => {
    expect(ruleBroken('1.5')).toBe('isInt');
    expect(ruleBroken('99')).toBe('min');
    expect(ruleBroken('3600001')).toBe('max');
  });
});
