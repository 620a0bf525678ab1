export * from './events/notifications-events';
export * from './vocabulary/notifications-vocabulary';
