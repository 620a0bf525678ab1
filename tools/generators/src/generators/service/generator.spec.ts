import { readProjectConfiguration, Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';

import { nextFreePort, remainingSteps, serviceGenerator } from './generator';

const SKELETON = [
  'jest.config.js',
  'project.json',
  'src/about/about.controller.ts',
  'src/about/about.spec.ts',
  'src/about/about.ts',
  'src/main.ts',
  'src/migrate.ts',
  'src/parcel-desk.config.ts',
  'src/parcel-desk.consumers.ts',
  'src/parcel-desk.module.ts',
  'src/parcel-desk.schema.ts',
  'test/integration/parcel-desk.integration-spec.ts',
  'tsconfig.json',
];

function filesUnder(tree: Tree, folder: string): string[] {
  return tree.children(folder).flatMap((child) => (tree.isFile(`${folder}/${child}`) ? [child] : filesUnder(tree, `${folder}/${child}`).map((file) => `${child}/${file}`)));
}

describe('nx g @opis/tools:service', () => {
  let tree: Tree;

  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
    tree.write('services/care/src/care.config.ts', 'export class CareConfig extends BaseServiceConfig {\n  public override PORT = 3002;\n}\n');
    tree.write('services/statistics/src/statistics.config.ts', 'export class StatisticsConfig extends BaseServiceConfig {\n  public override PORT = 3006;\n}\n');
    tree.write('eslint.config.mjs', "const services = ['care', 'statistics'];\n");
  });

  it('writes the skeleton every service has, with one first migration named by its timestamp', async () => {
    await serviceGenerator(tree, { name: 'parcel-desk' });

    const files = filesUnder(tree, 'services/parcel-desk').sort();
    const migrations = files.filter((file) => file.startsWith('src/migrations/'));
    expect(files.filter((file) => !file.startsWith('src/migrations/'))).toEqual(SKELETON);
    expect(migrations).toEqual([expect.stringMatching(/^src\/migrations\/\d{13}-parcel-desk-schema\.ts$/)]);
    const timestamp = /(\d{13})/.exec(migrations[0])?.[1];
    expect(tree.read('services/parcel-desk/src/parcel-desk.schema.ts', 'utf-8')).toContain(`ParcelDeskSchema${timestamp},`);
    expect(tree.read(`services/parcel-desk/${migrations[0]}`, 'utf-8')).toContain('CREATE TABLE parcel_desk_record');
  });

  it('names the classes and constants after the service and leaves no template syntax', async () => {
    await serviceGenerator(tree, { name: 'parcel-desk' });

    const module = tree.read('services/parcel-desk/src/parcel-desk.module.ts', 'utf-8');
    expect(module).toContain('export class ParcelDeskModule');
    expect(module).toContain('serviceName: PARCEL_DESK_SERVICE_NAME');
    expect(tree.read('services/parcel-desk/src/parcel-desk.config.ts', 'utf-8')).toContain("export const PARCEL_DESK_SERVICE_NAME = 'parcel-desk';");
    for (const file of filesUnder(tree, 'services/parcel-desk')) {
      expect(tree.read(`services/parcel-desk/${file}`, 'utf-8')).not.toMatch(/<%|%>|__tmpl__/);
    }
  });

  it('registers an Nx application with its scope tag and the shared targets', async () => {
    await serviceGenerator(tree, { name: 'parcel-desk' });

    const project = readProjectConfiguration(tree, 'parcel-desk');
    expect(project).toMatchObject({ root: 'services/parcel-desk', projectType: 'application', sourceRoot: 'services/parcel-desk/src', tags: ['scope:parcel-desk', 'type:app'] });
    expect(Object.keys(project.targets ?? {}).sort()).toEqual(['build', 'lint', 'migrate', 'serve', 'test', 'typecheck']);
  });

  it('listens on the port after the highest in use, unless told one', async () => {
    expect(nextFreePort(tree)).toBe(3007);
    await serviceGenerator(tree, { name: 'parcel-desk' });
    await serviceGenerator(tree, { name: 'mail-room', port: 4100 });

    expect(tree.read('services/parcel-desk/src/parcel-desk.config.ts', 'utf-8')).toContain('public override PORT = 3007;');
    expect(tree.read('services/mail-room/src/mail-room.config.ts', 'utf-8')).toContain('public override PORT = 4100;');
  });

  it("adds the service's scope to boundary lint, and prints that step only when it could not", async () => {
    await serviceGenerator(tree, { name: 'parcel-desk' });

    expect(tree.read('eslint.config.mjs', 'utf-8')).toBe("const services = ['care', 'statistics', 'parcel-desk'];\n");
    expect(remainingSteps('parcel-desk', 3007, true).join('\n')).not.toContain('eslint.config.mjs');
    expect(remainingSteps('parcel-desk', 3007, false)[0]).toContain('eslint.config.mjs');
  });

  it('refuses a name that is not kebab-case, or a service that exists', async () => {
    await expect(serviceGenerator(tree, { name: 'ParcelDesk' })).rejects.toThrow('kebab-case');
    await serviceGenerator(tree, { name: 'parcel-desk' });
    await expect(serviceGenerator(tree, { name: 'parcel-desk' })).rejects.toThrow('exists already');
  });
});
