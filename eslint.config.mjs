import { readFileSync } from 'node:fs';

import nx from '@nx/eslint-plugin';
import reactHooks from 'eslint-plugin-react-hooks';

// The platform's services, from the one list npm start, provisioning, e2e and the tools read.
const services = JSON.parse(readFileSync(new URL('./libs/platform-services/src/services.json', import.meta.url), 'utf8')).map((service) => service.name);

/** A service imports libs and any service's contracts, never another service's code. */
function boundaries({ testCode }) {
  const testing = testCode ? ['type:testing'] : [];
  return [
    'error',
    {
      enforceBuildableLibDependency: false,
      allow: [],
      depConstraints: [
        { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', ...testing] },
        // Libraries' own tests run on the shared test infrastructure; their code never does.
        { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', ...testing] },
        { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts', ...testing] },
        { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', 'type:testing'] },
        // End-to-end tests drive the built services as processes: they import libs, never a service.
        { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', 'type:testing', 'type:tooling'] },
        { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['scope:shared', 'scope:tools', 'type:contracts'] },
        // The tools (npm start, the benchmarks, the chaos run) launch the built services as
        // processes through one launcher (tools/platform); like e2e, they import no service's code.
        { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', 'type:testing', 'type:tooling'] },
        { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts', 'type:testing', 'type:tooling'] },
        { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['scope:shared', 'scope:tools', 'scope:catalog', 'type:contracts'] },
        { sourceTag: 'scope:provisioning', onlyDependOnLibsWithTags: ['scope:shared', 'type:contracts'] },
        // Every service keeps a copy of intake's cases (libs/case-copy), and asks legal-status before
        // it moves a child (libs/legal-status-client): shared code may read those two services' contracts.
        { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared', 'scope:intake', 'scope:legal-status'] },
        // The console reads the services' documented types (libs/api-clients), never their code.
        { sourceTag: 'scope:console', onlyDependOnLibsWithTags: ['scope:shared', 'type:contracts'] },
        ...services.map((service) => ({
          sourceTag: `scope:${service}`,
          onlyDependOnLibsWithTags: [`scope:${service}`, 'scope:shared', 'type:contracts'],
        })),
      ],
    },
  ];
}

const testFiles = ['**/test/**/*.ts', '**/*.spec.ts', 'e2e/**/*.ts'];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/node_modules', '**/tmp', '**/*.js', '**/*.mjs', '**/.nx'] },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries({ testCode: false }),
      '@typescript-eslint/explicit-member-accessibility': ['error', { overrides: { constructors: 'no-public' } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: testFiles,
    rules: { '@nx/enforce-module-boundaries': boundaries({ testCode: true }) },
  },
  {
    files: ['tools/**/*.ts', 'e2e/demo/**/*.ts', '**/bench/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // The officers' console (React): the hooks rules, and the same boundaries as the rest.
    files: ['apps/console/**/*.tsx', 'apps/console/**/*.ts', 'apps/console/**/*.mts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.flat.recommended.rules,
      '@nx/enforce-module-boundaries': boundaries({ testCode: false }),
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
];
