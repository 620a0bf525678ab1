export * from './client';
export * from './response-validator';
export { DOCUMENTED_SERVICES } from './generated';
export type { ServicePaths } from './generated';
