import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { readProjectConfiguration, Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';

import { nextFreePort, remainingSteps, serviceGenerator } from './generator';
import { LIBRARY_INDEX, ListedService, SERVICE_LIST, WIRING_FILE } from './platform-list';

const SKELETON = [
  'jest.config.js',
  'project.json',
  'src/about/about.controller.ts',
  'src/about/about.spec.ts',
  'src/about/about.ts',
  'src/main.ts',
  'src/migrate.ts',
  'src/parcel-desk.config.ts',
  'src/parcel-desk.module.ts',
  'src/parcel-desk.schema.ts',
  'test/integration/parcel-desk.integration-spec.ts',
  'tsconfig.json',
];
const CONSUMERS_FILE = 'libs/platform-services/src/consumers/parcel-desk.consumers.ts';

// The list's files as they are in the repository, so the generator's anchors are the real ones.
const REPOSITORY = join(__dirname, '../../../../..');
const REAL = Object.fromEntries([SERVICE_LIST, LIBRARY_INDEX, WIRING_FILE].map((path) => [path, readFileSync(join(REPOSITORY, path), 'utf-8')]));
const REAL_LIST: ListedService[] = JSON.parse(REAL[SERVICE_LIST]);

function filesUnder(tree: Tree, folder: string): string[] {
  return tree.children(folder).flatMap((child) => (tree.isFile(`${folder}/${child}`) ? [child] : filesUnder(tree, `${folder}/${child}`).map((file) => `${child}/${file}`)));
}

function text(tree: Tree, path: string): string {
  return tree.read(path, 'utf-8') ?? '';
}

/** The lines `after` has and `before` has not, and the other way round: what an edit added and replaced. */
function lineChanges(before: string, after: string): { added: string[]; removed: string[] } {
  const [old, edited] = [before.split('\n'), after.split('\n')];
  return { added: edited.filter((line) => !old.includes(line)), removed: old.filter((line) => !edited.includes(line)) };
}

describe('nx g @opis/tools:service', () => {
  let tree: Tree;

  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
    tree.write('services/care/src/care.config.ts', 'export class CareConfig extends BaseServiceConfig {\n  public override PORT = 3002;\n}\n');
    tree.write('services/statistics/src/statistics.config.ts', 'export class StatisticsConfig extends BaseServiceConfig {\n  public override PORT = 3006;\n}\n');
    for (const [path, content] of Object.entries(REAL)) tree.write(path, content);
  });

  it('writes the skeleton every service has, with one first migration named by its timestamp', async () => {
    await serviceGenerator(tree, { name: 'parcel-desk' });

    const files = filesUnder(tree, 'services/parcel-desk').sort();
    const migrations = files.filter((file) => file.startsWith('src/migrations/'));
    expect(files.filter((file) => !file.startsWith('src/migrations/'))).toEqual(SKELETON);
    expect(migrations).toEqual([expect.stringMatching(/^src\/migrations\/\d{13}-parcel-desk-schema\.ts$/)]);
    const timestamp = /(\d{13})/.exec(migrations[0])?.[1];
    expect(text(tree, 'services/parcel-desk/src/parcel-desk.schema.ts')).toContain(`ParcelDeskSchema${timestamp},`);
    expect(text(tree, `services/parcel-desk/${migrations[0]}`)).toContain('CREATE TABLE parcel_desk_record');
  });

  it('names the classes and constants after the service and leaves no template syntax, nor a consumers file of its own', async () => {
    await serviceGenerator(tree, { name: 'parcel-desk' });

    const module = text(tree, 'services/parcel-desk/src/parcel-desk.module.ts');
    expect(module).toContain('export class ParcelDeskModule');
    expect(module).toContain('serviceName: PARCEL_DESK_SERVICE_NAME');
    expect(text(tree, 'services/parcel-desk/src/parcel-desk.config.ts')).toContain("export const PARCEL_DESK_SERVICE_NAME = 'parcel-desk';");
    for (const file of [...filesUnder(tree, 'services/parcel-desk').map((file) => `services/parcel-desk/${file}`), CONSUMERS_FILE]) {
      expect(text(tree, file)).not.toMatch(/<%|%>|__tmpl__/);
      // Its durables are in @opis/platform-services, beside every other service's.
      expect(text(tree, file)).not.toMatch(/from '\.\.?\/.*consumers'/);
    }
  });

  it('registers an Nx application with its scope tag and the shared targets', async () => {
    await serviceGenerator(tree, { name: 'parcel-desk' });

    const project = readProjectConfiguration(tree, 'parcel-desk');
    expect(project).toMatchObject({ root: 'services/parcel-desk', projectType: 'application', sourceRoot: 'services/parcel-desk/src', tags: ['scope:parcel-desk', 'type:app'] });
    expect(Object.keys(project.targets ?? {}).sort()).toEqual(['build', 'lint', 'migrate', 'serve', 'test', 'typecheck']);
  });

  it('listens on the port after the highest in use (in a config class or the list), unless told one', async () => {
    const next = Math.max(3006, ...REAL_LIST.map((service) => service.port)) + 1;
    expect(nextFreePort(tree)).toBe(next);
    await serviceGenerator(tree, { name: 'parcel-desk' });
    await serviceGenerator(tree, { name: 'mail-room', port: 4100 });

    expect(text(tree, 'services/parcel-desk/src/parcel-desk.config.ts')).toContain(`public override PORT = ${next};`);
    expect(text(tree, 'services/mail-room/src/mail-room.config.ts')).toContain('public override PORT = 4100;');
    expect(nextFreePort(tree)).toBe(4101);
  });

  it("adds one line to services.json, before the console's gateway, with its port and database", async () => {
    await serviceGenerator(tree, { name: 'parcel-desk', port: 3100 });

    const line = '  { "name": "parcel-desk", "port": 3100, "database": "opis_parcel_desk" },';
    expect(lineChanges(REAL[SERVICE_LIST], text(tree, SERVICE_LIST))).toEqual({ added: [line], removed: [] });
    const names = (JSON.parse(text(tree, SERVICE_LIST)) as ListedService[]).map((service) => service.name);
    expect(names).toEqual([...REAL_LIST.filter((service) => !service.console), { name: 'parcel-desk' }, ...REAL_LIST.filter((service) => service.console)].map((service) => service.name));
  });

  it('adds it last to a list without a console entry, keeping the JSON valid', async () => {
    tree.write(SERVICE_LIST, '[\n  { "name": "intake", "port": 3001, "database": "opis_intake" }\n]\n');
    await serviceGenerator(tree, { name: 'parcel-desk', port: 3100 });

    expect(text(tree, SERVICE_LIST)).toBe('[\n  { "name": "intake", "port": 3001, "database": "opis_intake" },\n  { "name": "parcel-desk", "port": 3100, "database": "opis_parcel_desk" }\n]\n');
  });

  it('writes its empty durables in the library and exports them in order', async () => {
    await serviceGenerator(tree, { name: 'parcel-desk' });

    expect(text(tree, CONSUMERS_FILE)).toContain("import { ConsumerSpec } from '@opis/messaging';");
    expect(text(tree, CONSUMERS_FILE)).toContain('export const PARCEL_DESK_CONSUMERS: readonly ConsumerSpec[] = [];');
    const exportLine = "export * from './consumers/parcel-desk.consumers';";
    expect(lineChanges(REAL[LIBRARY_INDEX], text(tree, LIBRARY_INDEX))).toEqual({ added: [exportLine], removed: [] });
    const consumerExports = text(tree, LIBRARY_INDEX)
      .split('\n')
      .filter((line) => line.includes('./consumers/'));
    expect(consumerExports).toEqual([...consumerExports].sort());
  });

  it("names it in PlatformServiceName and gives it its durables in WIRING, with the import", async () => {
    await serviceGenerator(tree, { name: 'parcel-desk' });
    await serviceGenerator(tree, { name: 'mailroom' });

    const { added, removed } = lineChanges(REAL[WIRING_FILE], text(tree, WIRING_FILE));
    const union = removed.find((line) => line.startsWith('export type PlatformServiceName ='));
    expect(removed).toEqual([union]);
    expect(added.sort()).toEqual(
      [
        "import { MAILROOM_CONSUMERS } from './consumers/mailroom.consumers';",
        "import { PARCEL_DESK_CONSUMERS } from './consumers/parcel-desk.consumers';",
        `${union?.replace(/;$/, '')} | 'parcel-desk' | 'mailroom';`,
        "  'parcel-desk': { consumers: PARCEL_DESK_CONSUMERS },",
        '  mailroom: { consumers: MAILROOM_CONSUMERS },',
      ].sort(),
    );
    // Inside WIRING: its last entries, before the object closes.
    const wiring = text(tree, WIRING_FILE).split('const WIRING: ')[1].split('\n};')[0];
    expect(wiring.split('\n').slice(-2)).toEqual(["  'parcel-desk': { consumers: PARCEL_DESK_CONSUMERS },", '  mailroom: { consumers: MAILROOM_CONSUMERS },']);
  });

  it('refuses a name that is not kebab-case, and a second run for one name, leaving the list as it was', async () => {
    await expect(serviceGenerator(tree, { name: 'ParcelDesk' })).rejects.toThrow('kebab-case');
    await serviceGenerator(tree, { name: 'parcel-desk' });
    const listed = [SERVICE_LIST, LIBRARY_INDEX, WIRING_FILE, CONSUMERS_FILE].map((path) => text(tree, path));

    await expect(serviceGenerator(tree, { name: 'parcel-desk' })).rejects.toThrow('services/parcel-desk exists already');
    tree.delete('services/parcel-desk');
    await expect(serviceGenerator(tree, { name: 'parcel-desk' })).rejects.toThrow('already gives name parcel-desk to parcel-desk');
    expect([SERVICE_LIST, LIBRARY_INDEX, WIRING_FILE, CONSUMERS_FILE].map((path) => text(tree, path))).toEqual(listed);
  });

  it('refuses a port or database another service on the list has', async () => {
    const [first] = REAL_LIST;
    await expect(serviceGenerator(tree, { name: 'parcel-desk', port: first.port })).rejects.toThrow(`already gives port ${first.port} to ${first.name}: pass another --port`);
    tree.write(SERVICE_LIST, REAL[SERVICE_LIST].replace('opis_intake', 'opis_parcel_desk'));
    await expect(serviceGenerator(tree, { name: 'parcel-desk' })).rejects.toThrow('already gives database opis_parcel_desk to intake');
  });

  it.each([
    [LIBRARY_INDEX, "`export * from './consumers/…'` line", /^export \* from '\.\/consumers\/.*\n/gm],
    [WIRING_FILE, "`import { … } from './consumers/…'` line", /^import \{[^}]*\} from '\.\/consumers\/.*\n/gm],
    [WIRING_FILE, '`export type PlatformServiceName = …;` declaration', /export type PlatformServiceName =/],
    [WIRING_FILE, '`const WIRING: Record<PlatformServiceName, ServiceWiring> = {` declaration', /const WIRING: /],
    [SERVICE_LIST, 'line holding one service object', /^\s*\{.*\n/gm],
  ])('stops before it writes anything when %s has no %s', async (path, missing, anchor) => {
    tree.write(path, REAL[path].replace(anchor, ''));
    const before = [SERVICE_LIST, LIBRARY_INDEX, WIRING_FILE].map((file) => text(tree, file));

    await expect(serviceGenerator(tree, { name: 'parcel-desk' })).rejects.toThrow(`${path}: found no ${missing}`);
    expect([SERVICE_LIST, LIBRARY_INDEX, WIRING_FILE].map((file) => text(tree, file))).toEqual(before);
    expect(tree.exists('services/parcel-desk')).toBe(false);
    expect(tree.exists(CONSUMERS_FILE)).toBe(false);
  });

  it('leaves to a person only what needs a decision: no boundary lint or platform list step', () => {
    const steps = remainingSteps('parcel-desk').join('\n');
    expect(steps).not.toMatch(/eslint\.config\.mjs|platform-services|services\.json/);
    expect(steps).toContain('deploy/k8s/base/parcel-desk/');
  });
});
