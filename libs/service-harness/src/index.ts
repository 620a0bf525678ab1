export * from './service-harness';
export * from './openapi-fuzz';
export * from './access-matrix';
