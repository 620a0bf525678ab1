import { CONSOLE_GATEWAY, DEPLOYED_SERVICES, PLATFORM_SERVICES } from './platform-services';
import SERVICE_LIST from './services.json';

describe("the list of the platform's services", () => {
  it("gives every listed service its wiring, and the console's gateway apart", () => {
    expect(DEPLOYED_SERVICES.map((service) => service.name).sort()).toEqual(SERVICE_LIST.map((service) => service.name).sort());
    expect(PLATFORM_SERVICES.map((service) => service.name)).not.toContain('gateway');
    expect(CONSOLE_GATEWAY.port).toBe(3000);
  });

  it('never gives two services one port or one database', () => {
    const ports = DEPLOYED_SERVICES.map((service) => service.port);
    const databases = DEPLOYED_SERVICES.map((service) => service.database);
    expect(new Set(ports).size).toBe(ports.length);
    expect(new Set(databases).size).toBe(databases.length);
  });

  it('never gives two services one durable on a stream', () => {
    const durables = DEPLOYED_SERVICES.flatMap((service) => [...service.consumers, ...(service.sharedConsumers ?? [])]).map(
      (consumer) => `${consumer.stream}/${consumer.durable}`,
    );
    expect(new Set(durables).size).toBe(durables.length);
  });

  it('points the gateway at every service where npm start runs it', () => {
    for (const service of PLATFORM_SERVICES) {
      expect(CONSOLE_GATEWAY.localEnv?.[`${service.name.toUpperCase().replace(/-/g, '_')}_URL`]).toBe(`http://127.0.0.1:${service.port}`);
    }
  });
});
