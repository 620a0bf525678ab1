import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

/**
 * LM-11, INV-07: care is never conditioned on legal status or a procedure. The guarantee is
 * structural: no care code can ask about one, because none reaches legal-status or asks any
 * service anything (no request/reply client).
 */
describe('care never waits on legal status (LM-11, INV-07)', () => {
  const files = sourceFiles(__dirname);

  it('has source files to check', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each([
    ['the legal-status contracts', /@opis\/contracts-legal-status/],
    ['a request/reply client', /ClientProxy|connectRequestReply|@nestjs\/microservices/],
    ['an intake query', /INTAKE_IDENTITY_PATTERN|requestPattern\(/],
  ])('imports no %s', (_what, pattern) => {
    expect(files.filter((file) => pattern.test(readFileSync(file, 'utf8')))).toEqual([]);
  });
});
