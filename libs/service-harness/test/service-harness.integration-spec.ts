import { Controller, DynamicModule, Get, Module } from '@nestjs/common';

import { AuditTrailTable1764460000001, BaseServiceConfig, CurrentPrincipal, PlatformModule, Principal, Roles } from '@opis/platform';

import { ServiceHarness, startServiceForTest } from '../src';

@Controller('v1/whoami')
class WhoAmIController {
  @Get()
  @Roles('officer')
  public whoAmI(@CurrentPrincipal() principal: Principal): { subject: string } {
    return { subject: principal.subject };
  }
}

@Module({})
class TinyServiceModule {
  public static register(config: BaseServiceConfig): DynamicModule {
    return {
      module: TinyServiceModule,
      imports: [PlatformModule.forRoot({ config, entities: [], migrations: [], serviceName: 'tiny' })],
      controllers: [WhoAmIController],
    };
  }
}

const TINY = {
  serviceName: 'tiny-service',
  configClass: BaseServiceConfig,
  migrations: [AuditTrailTable1764460000001],
  module: (config: BaseServiceConfig) => TinyServiceModule.register(config),
};

describe('startServiceForTest', () => {
  let service: ServiceHarness<BaseServiceConfig>;

  beforeAll(async () => {
    service = await startServiceForTest(TINY, { label: 'harness' });
  });

  afterAll(() => service.close());

  it('serves over a socket, with its own migrated database', async () => {
    expect(service.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(service.db.name).toMatch(/^t_tiny_service_harness_/);
    expect(await service.count('audit_log')).toBe(0);
    expect(service.namespace).not.toBe('');
  });

  it('accepts the tokens of its signer and nobody else', async () => {
    const token = await service.token(['officer'], ['CHP'], 'officer-7');
    expect(await service.request('GET', '/v1/whoami', { token })).toMatchObject({ status: 200, body: { subject: 'officer-7' } });
    expect((await service.request('GET', '/v1/whoami')).status).toBe(401);
  });

  it('reports bad input as problem+json through the parsed body', async () => {
    const token = await service.token(['officer'], ['CHP']);
    const response = await service.request('GET', '/v1/nowhere', { token });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });
});
