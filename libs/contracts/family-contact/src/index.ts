export * from './events/family-events';
export * from './vocabulary/family-vocabulary';
