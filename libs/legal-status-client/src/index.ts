export * from './legal-status.client';
