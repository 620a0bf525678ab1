import { Parser } from '@asyncapi/parser';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

import { buildAsyncApiDocument } from '../src';

async function parse(document: unknown) {
  const { document: parsed, diagnostics } = await new Parser().parse(JSON.stringify(document));
  return { parsed, problems: diagnostics.map((d) => ({ severity: d.severity, code: d.code, message: d.message, path: d.path.join('/') })) };
}

describe('AsyncAPI document', () => {
  it('is a valid AsyncAPI 3 document without errors or warnings', async () => {
    const { parsed, problems } = await parse(buildAsyncApiDocument());
    // 0 error, 1 warning; 2 information and 3 hint are advice.
    expect(problems.filter((problem) => problem.severity <= 1)).toEqual([]);
    expect(parsed).toBeDefined();
    const registered = parsed?.channels().get('intake.case.registered.v1');
    expect(registered?.address()).toBe('opis.intake.case.registered.v1.{office}');
    expect(registered?.parameters().get('office')?.json()).toMatchObject({ enum: expect.arrayContaining(['CHP', 'TAB']) });
    const identity = parsed?.operations().get('intake.q.identity.answer');
    expect(identity?.reply()?.channel()?.address()).toBeNull();
  });

  it('has each message example valid against its payload schema (and tells a broken one)', () => {
    const document = buildAsyncApiDocument();
    // The parser does not check examples: ajv does, with the document's own component schemas.
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    ajv.addSchema({ $id: 'catalog', components: { schemas: document['components']['schemas'], messages: document['components']['messages'] } });
    const messages = document['components']['messages'] as Record<string, { payload: unknown; examples: { payload: unknown }[] }>;
    const invalid = Object.entries(messages).flatMap(([id, message]) => {
      const validate = ajv.compile({ $ref: `catalog#/components/messages/${id}/payload` });
      return message.examples.filter((example) => !validate(example.payload)).map(() => ({ id, errors: validate.errors }));
    });
    expect(invalid).toEqual([]);
    const broken = structuredClone(messages['intake.case.registered.v1']?.examples[0]?.payload) as { data: Record<string, unknown> };
    broken.data['givenNames'] = 'Ana';
    expect(ajv.compile({ $ref: 'catalog#/components/messages/intake.case.registered.v1/payload' })(broken)).toBe(false);
  });
});
