// Lints OpenAPI documents with @redocly/openapi-core (an ES module, which jest's CommonJS
// runtime cannot load) and prints the problems as JSON. argv[2]: the rules and the known
// problems as JSON ({ rules, ignore: { <file>: { <rule>: [pointer] } } }); the rest: the files.
import { resolve } from 'node:path';

import { createConfig, lint } from '@redocly/openapi-core';

const { rules, ignore } = JSON.parse(process.argv[2]);
const files = process.argv.slice(3);
const config = await createConfig(
  { extends: ['recommended'], rules },
  {
    ignore: Object.fromEntries(
      Object.entries(ignore).map(([file, byRule]) => [
        resolve(file),
        Object.fromEntries(Object.entries(byRule).map(([rule, pointers]) => [rule, new Set(pointers)])),
      ]),
    ),
  },
);
const problems = [];
for (const file of files) {
  for (const problem of await lint({ ref: resolve(file), config })) {
    problems.push({
      file,
      rule: problem.ruleId,
      severity: problem.severity,
      ignored: problem.ignored === true,
      message: problem.message,
      pointer: problem.location?.[0]?.pointer,
    });
  }
}
process.stdout.write(JSON.stringify(problems));
