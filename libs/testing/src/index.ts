export * from './free-port';
export * from './nats';
export * from './nats-server';
export * from './postgres';
export * from './handled-events';
export * from './case-versions';
