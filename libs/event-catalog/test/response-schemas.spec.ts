import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { SERVICE_NAMES } from '@opis/contracts-envelope';

import { generateResponseSchemas, renderResponseSchemasModule, RESPONSE_SCHEMAS_FILE, toOpenApi30 } from '../src/response-schemas';

const root = join(__dirname, '..', '..', '..');

describe('response schemas of the OpenAPI documents (generated from the controllers by npm run docs)', () => {
  it.each([...SERVICE_NAMES, 'statistics'])('%s: the committed module is what its controllers return today', (service) => {
    const committed = readFileSync(join(root, 'services', service, RESPONSE_SCHEMAS_FILE), 'utf8');
    expect(renderResponseSchemasModule(root, service, generateResponseSchemas(root, service))).toBe(committed);
  });

  it('writes JSON Schema in the OpenAPI 3.0 dialect: nullable, enum, refs into components', () => {
    expect(
      toOpenApi30({
        type: 'object',
        properties: {
          closedAt: { type: ['string', 'null'] },
          status: { const: 'OPEN' },
          placement: { anyOf: [{ $ref: '#/definitions/PlacementView' }, { type: 'null' }] },
          flag: { type: ['string', 'number'] },
          recordedAt: { type: 'object', properties: {}, format: 'date-time' },
        },
      }),
    ).toEqual({
      type: 'object',
      properties: {
        closedAt: { type: 'string', nullable: true },
        status: { enum: ['OPEN'] },
        placement: { allOf: [{ $ref: '#/components/schemas/PlacementView' }], nullable: true },
        flag: { anyOf: [{ type: 'string' }, { type: 'number' }] },
        recordedAt: { type: 'string', format: 'date-time' },
      },
    });
  });
});
