// Shared jest preset: SWC with decorator metadata. NestJS 12, jose and content-disposition ship ES modules,
// which jest on Node 20 cannot require untransformed, so they go through SWC too.
const path = require('node:path');
const { compilerOptions } = require('./tsconfig.base.json');

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
    `^${alias.replace('/', '\\/')}$`,
    path.join(__dirname, target),
  ]),
);

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j|mj|cj)s$': [
      '@swc/jest',
      {
        jsc: {
          target: 'es2023',
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  // @fastify/static (the /docs UI) requires content-disposition, which ships ES modules only.
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|jose|content-disposition)/)'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  moduleNameMapper,
  setupFiles: [path.join(__dirname, 'jest.setup.js')],
  reporters: ['default', path.join(__dirname, 'jest.failure-reporter.js')],
  testTimeout: 60_000,
};
