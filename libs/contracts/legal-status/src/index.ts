export * from './events/legal-status-events';
export * from './requests/protection-status.request';
export * from './vocabulary/protection-vocabulary';
