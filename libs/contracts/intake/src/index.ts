export * from './events/case-summary';
export * from './events/intake-events';
export * from './requests/identity.request';
export * from './vocabulary/case-vocabulary';
