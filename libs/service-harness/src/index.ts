export * from './service-harness';
export * from './openapi-fuzz';
export * from './openapi-fuzz-suite';
export * from './access-matrix';
export * from './entity-schema-suite';
