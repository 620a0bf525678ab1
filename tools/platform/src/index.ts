// What the platform's tools share: one launcher of the built platform (for `npm start`, the
// end-to-end tests, the chaos run and the benchmarks), the load generator and what it records, and
// how every tool ends.
export * from './harness/effect-recorder';
export * from './harness/platform-harness';
export * from './harness/private-postgres';
export * from './launch/console-gateway';
export * from './launch/launcher';
export * from './launch/mail-catcher-process';
export * from './launch/return-journey';
export * from './launch/running-platform';
export * from './launch/sample-registration';
export * from './launch/service-process';
export * from './load/evidence';
export * from './load/journeys';
export * from './load/platform-load';
export * from './workspace-root';
