export * from './contract-schema';
export { passesClassValidator } from './contract-check';
export * from './envelope';
export * from './offices';
export * from './subject';
export * from './uuid-v7';
export * from './request-contract';
