import { OFFICE_CODES, OfficeCode } from '@opis/contracts-envelope';
import { EnvInteger, EnvList, loadConfig } from '@opis/platform';
import { DEFAULT_NATS_URL, DEPLOYED_SERVICES, PlatformService, STREAM_REPLICA_COUNTS } from '@opis/platform-services';
import { IsIn, IsOptional, IsUrl } from 'class-validator';

/** `CARE_DEDICATED_OFFICES` for care: the offices with care instances of their own. */
export function dedicatedOfficesVariable(service: PlatformService['name']): string {
  return `${service.toUpperCase().replace(/-/g, '_')}_DEDICATED_OFFICES`;
}

/**
 * What the provisioning step reads from its environment, validated before it touches NATS: a
 * mistake is named with its rule (ConfigError), never half-applied.
 */
export class ProvisioningConfig {
  @IsUrl({ protocols: ['nats', 'tls'], require_tld: false, require_protocol: true })
  public NATS_URL = DEFAULT_NATS_URL;

  /** 1 on one server (Compose, `npm start`), 3 on deploy/k8s's three-server cluster (its production overlay). */
  @EnvInteger()
  @IsIn(STREAM_REPLICA_COUNTS, { message: 'STREAM_REPLICAS must be 1, 3 or 5: JetStream keeps an odd number of copies (a quorum), at most 5' })
  public STREAM_REPLICAS = 1;

  /** The `<SERVICE>_DEDICATED_OFFICES` of every deployed service, declared below from the service list. */
  [variable: string]: unknown;

  public dedicatedOffices(): Partial<Record<PlatformService['name'], readonly OfficeCode[]>> {
    return Object.fromEntries(
      DEPLOYED_SERVICES.map((service) => [service.name, (this[dedicatedOfficesVariable(service.name)] as OfficeCode[] | undefined) ?? []]),
    );
  }
}

// One variable per service, so a new service in libs/platform-services gets its own without an edit here.
for (const service of DEPLOYED_SERVICES) {
  const variable = dedicatedOfficesVariable(service.name);
  EnvList()(ProvisioningConfig.prototype, variable);
  IsOptional()(ProvisioningConfig.prototype, variable);
  IsIn(OFFICE_CODES, { each: true, message: `${variable} lists an office code that does not exist` })(ProvisioningConfig.prototype, variable);
}

export function loadProvisioningConfig(env: Record<string, string | undefined> = process.env): ProvisioningConfig {
  return loadConfig(ProvisioningConfig, env);
}
