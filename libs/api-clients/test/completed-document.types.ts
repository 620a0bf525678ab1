// Compiled by the typecheck target, never run: the compile half of "a drift fails CI" against a
// document as issue 19 completes them (test/fixtures/completed-document.json). The expected errors
// below are uses the document does not allow; should one compile, typecheck fails.
import createClient from 'openapi-fetch';

import { bodyOf, ContractedPaths, ItemOf, problemOf } from '../src';
import type { paths } from './fixtures/completed-document';

export async function completedDocumentTypes(): Promise<void> {
  const client = createClient<ContractedPaths<paths>>({ baseUrl: 'http://fixture.invalid' });

  const registered = await bodyOf(
    'registering',
    client.POST('/v1/cases', { params: { header: { 'Idempotency-Key': 'key-1' } }, body: { givenNames: 'Ixchel' } }),
    201,
  );
  const status: 'OPEN' | 'CLOSED' = registered.status;
  const closedAt: string | null = registered.closedAt;
  const need: string | undefined = registered.needs.find((item: ItemOf<typeof registered.needs>) => item.state === 'MET')?.need;
  // @ts-expect-error a field the view does not have
  void registered.caseNumber;
  // @ts-expect-error a body the operation does not take
  await client.POST('/v1/cases', { body: { name: 'Ixchel' } });
  // @ts-expect-error a route the document does not have
  await client.GET('/v1/cases/{caseId}/elsewhere', { params: { path: { caseId: registered.caseId } } });

  const page = await bodyOf('listing', client.GET('/v1/cases', { params: { query: { limit: 10 } } }), 200);
  const cursor: string | null = page.nextCursor;
  const first: string | undefined = page.items[0]?.caseId;

  const refused = await problemOf('an unknown case', client.GET('/v1/cases/{caseId}', { params: { path: { caseId: 'unknown' } } }), 404);
  const code: string = refused.code;
  const fields: string[] | undefined = refused.errors?.map((violation) => violation.field);
  // @ts-expect-error a field the problem does not have
  void refused.reason;

  void [status, closedAt, need, cursor, first, code, fields];
}
