// Writes each failed test, with the start of its message, to tmp/test-failures/. `npm test` prints
// them after the whole run: CI keeps only the tail of its log, where Nx names a failed project but
// not the test that failed in it.
const fs = require('node:fs');
const path = require('node:path');

const FAILURES_DIR = path.join(__dirname, 'tmp', 'test-failures');
const MESSAGE_LINES = 25;

const stripAnsi = (text) => text.replace(/\u001b\[[0-9;]*m/g, '');
const firstLines = (text) =>
  stripAnsi(text)
    .split('\n')
    .filter((line) => !line.includes('/node_modules/'))
    .slice(0, MESSAGE_LINES)
    .join('\n');

class FailureReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    if (results.numFailedTests === 0 && results.numFailedTestSuites === 0 && results.numRuntimeErrorTestSuites === 0) return;
    const entries = [];
    for (const file of results.testResults) {
      const where = path.relative(__dirname, file.testFilePath);
      if (file.testExecError) entries.push(`${where}\n  (the file did not run)\n${firstLines(file.failureMessage ?? String(file.testExecError.message))}`);
      for (const test of file.testResults.filter((each) => each.status === 'failed')) {
        entries.push(`${where}\n  ✕ ${test.fullName}\n${firstLines(test.failureMessages.join('\n'))}`);
      }
      if (!file.testExecError && file.failureMessage && !file.testResults.some((each) => each.status === 'failed')) {
        entries.push(`${where}\n  (a hook failed)\n${firstLines(file.failureMessage)}`);
      }
    }
    fs.mkdirSync(FAILURES_DIR, { recursive: true });
    const name = path.relative(__dirname, this.rootDir).replace(/[\\/]/g, '_') || 'root';
    fs.writeFileSync(path.join(FAILURES_DIR, `${name}.txt`), `${entries.join('\n\n')}\n`);
  }
}

module.exports = FailureReporter;
