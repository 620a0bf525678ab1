// Nx loads a local generator written in TypeScript through @swc-node/register or ts-node, and the
// workspace has neither; @swc/core, which already compiles the services, transpiles it here instead.
const { readFileSync } = require('node:fs');
const { transformSync } = require('@swc/core');

const previous = require.extensions['.ts'];
require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
try {
  module.exports = require('./generator.ts');
} finally {
  if (previous) require.extensions['.ts'] = previous;
  else delete require.extensions['.ts'];
}
