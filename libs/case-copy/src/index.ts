export * from './case-copy';
export * from './case-copy-rules';
export * from './case-copy.projector';
export * from './case-copy.repository';
