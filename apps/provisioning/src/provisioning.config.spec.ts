import { ConfigError } from '@opis/platform';

import { loadProvisioningConfig } from './provisioning.config';

function violationsOf(env: Record<string, string>): string[] {
  try {
    loadProvisioningConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.violations.map((violation) => `${violation.variable}:${violation.rule}`);
    throw error;
  }
  return [];
}

describe("the provisioning step's configuration", () => {
  it('defaults to one copy of each stream on the local NATS, no dedicated offices', () => {
    const config = loadProvisioningConfig({});
    expect(config.STREAM_REPLICAS).toBe(1);
    expect(config.NATS_URL).toBe('nats://127.0.0.1:4222');
    expect(config.dedicatedOffices().care).toEqual([]);
  });

  it("reads each service's dedicated offices from its own variable", () => {
    const config = loadProvisioningConfig({ CARE_DEDICATED_OFFICES: 'CHP, TAB', FAMILY_CONTACT_DEDICATED_OFFICES: 'CHP' });
    expect(config.dedicatedOffices()).toMatchObject({ care: ['CHP', 'TAB'], 'family-contact': ['CHP'], intake: [] });
  });

  it('names every bad variable and its rule, and accepts no replica count JetStream refuses', () => {
    expect(violationsOf({ STREAM_REPLICAS: '2', CARE_DEDICATED_OFFICES: 'CHP,XXX', NATS_URL: 'http://x' }).sort()).toEqual([
      'CARE_DEDICATED_OFFICES:isIn',
      'NATS_URL:isUrl',
      'STREAM_REPLICAS:isIn',
    ]);
  });
});
