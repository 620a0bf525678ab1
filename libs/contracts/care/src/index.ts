export * from './events/care-events';
export * from './vocabulary/care-vocabulary';
