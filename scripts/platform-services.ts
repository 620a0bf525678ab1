/** The services `npm start`, provisioning and benchmarks know of. Add each new service here. */
export interface PlatformService {
  name: 'intake' | 'care' | 'family-contact' | 'legal-status' | 'repatriation';
  port: number;
  database: string;
}

export const PLATFORM_SERVICES: readonly PlatformService[] = [{ name: 'intake', port: 3001, database: 'opis_intake' }];

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';

export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
