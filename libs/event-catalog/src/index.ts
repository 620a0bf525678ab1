export * from './asyncapi';
export * from './event-docs';
export * from './registry';
export * from './render';
export * from './drift';
export * from './contract-packages';
export * from './response-schemas';
