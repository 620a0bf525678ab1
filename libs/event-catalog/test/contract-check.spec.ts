import { createEnvelope, EventContract, EventEnvelope, passesClassValidator, uuidv7, validateContract, validateEvent } from '@opis/contracts-envelope';

import { CONTRACT_LIBRARIES } from '../src/registry';

// Consumers take passesClassValidator's "valid" without asking class-validator. Every contract's
// example is bent in the ways a broken or hostile producer would bend it, and the two must agree
// on each: a "valid" class-validator would refuse lets poison into a handler.
const contracts: EventContract[] = CONTRACT_LIBRARIES.flatMap((library) => [...library.events]);

const REPLACEMENTS: unknown[] = [
  null,
  0,
  1.5,
  -1,
  true,
  '',
  'x',
  'x'.repeat(9000),
  '\u{1F600}'.repeat(150),
  'a\uFE0F'.repeat(21),
  [],
  {},
  [{}],
  [[]],
  ['x'],
  '2026-11-30',
  '2026-11-30t10:00:00z',
  '2026-11-30T23:59:60Z',
  '2026-02-30T10:00:00Z',
  `urn:uuid:${uuidv7()}`,
  uuidv7().toUpperCase(),
  '00000000-0000-0000-0000-000000000000',
  'ZZ',
  'gt',
  'GT',
  'CHP',
  'spa',
];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every value inside `root` with the path to it. */
function paths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  const here = path.length ? [path] : [];
  if (Array.isArray(value)) return [...here, ...value.flatMap((item, index) => paths(item, [...path, index]))];
  if (value && typeof value === 'object') return [...here, ...Object.entries(value).flatMap(([key, item]) => paths(item, [...path, key]))];
  return here;
}

function withChange(root: Json, path: (string | number)[], change: (parent: Record<string | number, unknown>, key: string | number) => void): Json {
  const copy = structuredClone(root);
  let parent = copy as unknown as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  change(parent, path[path.length - 1] as string | number);
  return copy;
}

function variants(envelope: Json): Array<[string, Json]> {
  const out: Array<[string, Json]> = [];
  for (const path of paths(envelope)) {
    out.push([`${path.join('.')} removed`, withChange(envelope, path, (parent, key) => (Array.isArray(parent) ? parent.splice(key as number, 1) : delete parent[key]))]);
    for (const replacement of REPLACEMENTS) {
      out.push([`${path.join('.')} = ${JSON.stringify(replacement).slice(0, 40)}`, withChange(envelope, path, (parent, key) => (parent[key] = structuredClone(replacement)))]);
    }
  }
  // A field nobody declared, at every level that is an object.
  const at = (root: Json, path: (string | number)[]) => path.reduce<unknown>((value, key) => (value as Record<string | number, unknown>)[key], root);
  for (const path of [[], ...paths(envelope)]) {
    const target = at(envelope, path);
    if (!target || typeof target !== 'object' || Array.isArray(target)) continue;
    const copy = structuredClone(envelope);
    (at(copy, path) as Record<string, unknown>).extra = 'x';
    out.push([`${path.join('.')}.extra added`, copy]);
  }
  return out;
}

describe('passesClassValidator', () => {
  it.each(contracts.map((contract) => [`${contract.name.service}.${contract.name.aggregate}.${contract.name.event}.v${contract.name.version}`, contract] as const))(
    'agrees with class-validator on %s and every bent copy of its example',
    (_name, contract) => {
      const envelope = createEnvelope({ name: contract.name, caseId: uuidv7(), officeCode: 'CHP', actor: { kind: 'officer', id: 'officer-1' }, data: contract.example }) as unknown as Json;
      expect(passesClassValidator(EventEnvelope, envelope)).toBe(true);
      expect(passesClassValidator(contract.dataClass, (envelope as { data: Json }).data)).toBe(true);
      const unsafe: string[] = [];
      const conservative: string[] = [];
      let refused = 0;
      for (const [label, variant] of variants(envelope)) {
        const data = (variant as { data?: unknown }).data;
        for (const [cls, plain] of [
          [EventEnvelope, variant],
          [contract.dataClass, data],
        ] as const) {
          const fast = passesClassValidator(cls, plain);
          const slow = validateContract(cls, structuredClone(plain)).ok;
          if (!slow) refused += 1;
          if (fast && !slow) unsafe.push(`${cls.name}: ${label}`);
          if (!fast && slow) conservative.push(label);
        }
        // The whole path consumers take gives the same verdict too.
        expect(validateEvent(contract, variant).ok).toBe(validateContract(EventEnvelope, structuredClone(variant)).ok && (variant as unknown as EventEnvelope).type === (envelope as unknown as EventEnvelope).type && (variant as unknown as EventEnvelope).version === contract.name.version && validateContract(contract.dataClass, structuredClone(data)).ok);
      }
      expect(unsafe).toEqual([]);
      // The only "no" that class-validator overrules: arrays of arrays where an object belongs
      // (class-validator accepts them; class-transformer would leave their items plain).
      expect(conservative.filter((label) => !label.endsWith('= [[]]'))).toEqual([]);
      // The bending did reach the rules: most copies are refused.
      expect(refused).toBeGreaterThan(20);
    },
  );
});
