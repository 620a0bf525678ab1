import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import * as care from '@opis/contracts-care';
import {
  defineEvent,
  EVENT_SEMANTICS,
  eventJsonSchema,
  eventType,
  SERVICE_NAMES,
  validateAgainstJsonSchema,
  validateEvent,
  validateContract,
} from '@opis/contracts-envelope';
import * as familyContact from '@opis/contracts-family-contact';
import * as intake from '@opis/contracts-intake';
import * as legalStatus from '@opis/contracts-legal-status';
import * as notifications from '@opis/contracts-notifications';
import * as repatriation from '@opis/contracts-repatriation';

import { IsInt } from 'class-validator';

import {
  ALL_EVENTS,
  ALL_REQUESTS,
  buildAsyncApiDocument,
  CONTRACT_LIBRARIES,
  EVENT_DOCS_DIR,
  eventAddress,
  eventId,
  exampleEnvelope,
  generateEventDocs,
  listFiles,
  renderHtml,
  renderMarkdown,
  requestId,
  SEMANTICS_TEXT,
  uncataloguedExports,
} from '../src';

const root = join(__dirname, '..', '..', '..');
const LIBRARY_EXPORTS: Record<string, Record<string, unknown>> = {
  intake,
  care,
  'family-contact': familyContact,
  'legal-status': legalStatus,
  repatriation,
  notifications,
};

describe('event catalog drift', () => {
  const document = buildAsyncApiDocument();

  it('has a contracts library for every service', () => {
    expect(CONTRACT_LIBRARIES.map((library) => library.service)).toEqual([...SERVICE_NAMES]);
  });

  it.each(CONTRACT_LIBRARIES.map((library) => [library.service, library]))(
    '%s: every exported event or request contract is in its catalogued list',
    (service, library) => {
      expect(uncataloguedExports(LIBRARY_EXPORTS[service] ?? {}, library)).toEqual([]);
      for (const contract of library.events) expect(contract.name.service).toBe(service);
      for (const contract of library.requests) expect(contract.service).toBe(service);
    },
  );

  it('notices a contract that is exported but not listed', () => {
    class ForgottenV1 {
      @IsInt()
      public n!: number;
    }
    const forgotten = defineEvent({
      name: { service: 'intake', aggregate: 'case', event: 'forgotten', version: 1 },
      dataClass: ForgottenV1,
      semantics: 'change',
      example: { n: 1 },
      description: 'not in INTAKE_EVENTS',
    });
    expect(uncataloguedExports({ ...intake, forgotten }, CONTRACT_LIBRARIES[0] as (typeof CONTRACT_LIBRARIES)[number])).toEqual(['forgotten']);
  });

  it.each(ALL_EVENTS.map((contract) => [eventId(contract), contract]))(
    '%s: has a description, its semantics, a schema, an example that validates, and a catalog entry',
    (id, contract) => {
      expect(contract.description.length).toBeGreaterThan(10);
      expect(EVENT_SEMANTICS).toContain(contract.semantics);
      const schema = eventJsonSchema(contract);
      expect((schema['$defs'] as Record<string, unknown>)[contract.dataClass.name]).toBeDefined();
      const sample = JSON.parse(JSON.stringify(exampleEnvelope(contract)));
      expect(validateEvent(contract, sample)).toMatchObject({ ok: true });
      expect(validateAgainstJsonSchema(contract, sample)).toEqual([]);
      expect(document['channels'][id]).toMatchObject({ address: eventAddress(contract) });
      expect(document['components']['messages'][id]).toMatchObject({
        name: eventType(contract.name),
        'x-event-version': contract.name.version,
        'x-event-semantics': contract.semantics,
        description: expect.stringContaining(contract.semantics),
      });
    },
  );

  it.each(ALL_REQUESTS.map((contract) => [requestId(contract), contract]))('%s: the example request validates and is catalogued', (id, contract) => {
    expect(validateContract(contract.requestClass, contract.example.request)).toMatchObject({ ok: true });
    if (typeof contract.reply === 'function') expect(validateContract(contract.reply, contract.example.reply)).toMatchObject({ ok: true });
    expect(document['channels'][id]).toMatchObject({ address: `opis.${id}` });
  });

  it('catalogs nothing that is not a contract, and gives each payload class its own name', () => {
    expect(Object.keys(document['channels']).sort()).toEqual(
      [...ALL_EVENTS.map(eventId), ...ALL_REQUESTS.flatMap((contract) => [requestId(contract), `${requestId(contract)}.reply`])].sort(),
    );
    // Schemas are keyed by class name: two payload classes with one name would share a schema.
    const classes = [...ALL_EVENTS.map((contract) => contract.dataClass), ...ALL_REQUESTS.map((contract) => contract.requestClass)];
    expect(new Set(classes.map((cls) => cls.name)).size).toBe(new Set(classes).size);
  });

  it('shows every event’s semantics in the Markdown and HTML catalogs', () => {
    const markdown = renderMarkdown(document);
    const html = renderHtml(document);
    for (const semantics of EVENT_SEMANTICS) {
      const events = ALL_EVENTS.filter((contract) => contract.semantics === semantics).length;
      expect(markdown.split(`- ${SEMANTICS_TEXT[semantics]}\n`).length - 1).toBe(events);
      expect(html.split(`<li>${SEMANTICS_TEXT[semantics].split('`')[0]}`).length - 1).toBe(events);
    }
  });

  it('has the committed docs/events equal to a fresh generation (run `npm run docs` after changing a contract)', () => {
    const generated = generateEventDocs();
    const folder = join(root, EVENT_DOCS_DIR);
    expect(listFiles(folder).sort()).toEqual([...generated.keys()].sort());
    for (const [path, content] of generated) {
      expect({ path, content: readFileSync(join(folder, path), 'utf8') }).toEqual({ path, content });
    }
  });
});
