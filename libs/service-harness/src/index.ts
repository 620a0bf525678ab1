export * from './service-harness';
export * from './openapi-fuzz';
