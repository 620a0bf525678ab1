import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { SERVICE_NAMES } from '@opis/contracts-envelope';

const root = join(__dirname, '..', '..', '..');
const documentOf = (service: string): string => join('docs', 'openapi', `${service}.json`);

/**
 * Rules of `recommended` the generated documents break by design, switched off here (the only
 * change to the recommended set):
 * - no-empty-servers: a service does not know the host it is published under (a deployment's
 *   ingress); clients use the URL they reached /docs-json at.
 * - info-license: the platform's licence (Apache-2.0) is the repository's, not each API's.
 * - operation-4xx-response: every operation answers 400/401/403/404 as problem+json (libs/platform
 *   error filter), but the controllers do not repeat that in @ApiResponse decorators.
 * - no-illogical-composition-keywords: class-validator-jsonschema renders @IsISO8601 as
 *   `oneOf: [date, date-time]`, which overlap by nature (a date is also a string).
 */
const RULES = {
  'no-empty-servers': 'off',
  'info-license': 'off',
  'operation-4xx-response': 'off',
  'no-illogical-composition-keywords': 'off',
};

/** A required nested DTO rendered as `{ $ref, not: { type: 'null' } }`: two problems at each place. */
const nullGuards = (...properties: string[]) => ({
  struct: properties.map((property) => `#/components/schemas/${property}/not/type`),
  'spec-ref-siblings': properties.map((property) => `#/components/schemas/${property}/not`),
});
const health = ['#/paths/~1health~1live/get/summary', '#/paths/~1health~1ready/get/summary'];

/**
 * Known defects of today's documents, by exact location, for the lead to fix in code outside
 * this project (any new problem fails):
 * - `not: { type: 'null' }` beside a `$ref` (class-validator-jsonschema's rendering of a required
 *   nested DTO): not valid OpenAPI 3.0 (struct) and a sibling of $ref (spec-ref-siblings);
 * - intake's `accompanimentEvidence` items point at `#/components/schemas/Array` (a nested array
 *   without @Type in EncounterDto / EncounterCorrectionDto): unresolved;
 * - the health endpoints (libs/platform) and legal-status's holiday deletion have no summary;
 * - the request/reply classes (IdentityRequest, CaseStatusRequest) leak into components unused.
 */
const KNOWN_DEFECTS: Record<string, Record<string, string[]>> = {
  [documentOf('intake')]: {
    ...nullGuards('ChildDto/properties/age', 'RegisterCaseDto/properties/child', 'RegisterCaseDto/properties/encounter', 'RegisterCaseDto/properties/screening'),
    'no-unresolved-refs': [
      '#/components/schemas/EncounterDto/properties/accompanimentEvidence/items',
      '#/components/schemas/EncounterCorrectionDto/properties/accompanimentEvidence/items',
    ],
    'operation-summary': health,
    'no-unused-components': ['#/components/schemas/IdentityRequest'],
  },
  [documentOf('care')]: { 'operation-summary': health },
  [documentOf('family-contact')]: { ...nullGuards('ReunifyDto/properties/place'), 'operation-summary': health },
  [documentOf('legal-status')]: {
    'operation-summary': [...health, '#/paths/~1v1~1calendar~1holidays~1{day}/delete/summary'],
    'no-unused-components': ['#/components/schemas/CaseStatusRequest'],
  },
  [documentOf('repatriation')]: { 'operation-summary': health },
};

interface Problem {
  file: string;
  rule: string;
  severity: string;
  ignored: boolean;
  message: string;
  pointer?: string;
}

describe('OpenAPI documents (docs/openapi, exported by npm run docs)', () => {
  const files = SERVICE_NAMES.map(documentOf);

  it('exist for every service', () => {
    for (const file of files) expect(existsSync(join(root, file))).toBe(true);
  });

  it('pass the recommended rules of @redocly/openapi-core, but for the rules and known defects listed', () => {
    const run = spawnSync(process.execPath, [join(__dirname, 'openapi-lint.mjs'), JSON.stringify({ rules: RULES, ignore: KNOWN_DEFECTS }), ...files], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    const problems = JSON.parse(run.stdout) as Problem[];
    expect(problems.filter((problem) => !problem.ignored)).toEqual([]);
    // The exceptions are exact: each listed defect still exists (remove it from the list once fixed).
    const listed = Object.values(KNOWN_DEFECTS).flatMap((byRule) => Object.values(byRule).flat()).length;
    expect(problems.filter((problem) => problem.ignored)).toHaveLength(listed);
  });
});
