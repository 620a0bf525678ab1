export * from './contract-schema';
export * from './envelope';
export * from './offices';
export * from './subject';
export * from './uuid-v7';
export * from './request-contract';
