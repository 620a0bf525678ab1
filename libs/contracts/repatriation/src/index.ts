export * from './events/repatriation-events';
export * from './vocabulary/repatriation-vocabulary';
