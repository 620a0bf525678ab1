export * from './events/legal-status-events';
export * from './requests/case-status.request';
export * from './requests/move-clearance.request';
export * from './requests/requests';
export * from './vocabulary/legal-vocabulary';
export * from './vocabulary/protection-vocabulary';
