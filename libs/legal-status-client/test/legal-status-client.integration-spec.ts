/* eslint @nx/enforce-module-boundaries: "off" -- a library's tests may use @opis/testing (type:testing); the root config has no exception for them. */
import { connect, NatsConnection, Subscription } from '@nats-io/transport-node';
import pino from 'pino';

import { LEGAL_MOVE_CLEARANCE_PATTERN } from '@opis/contracts-legal-status';
import { namespacedSubject } from '@opis/messaging';
import { sharedNatsUrl, testNamespace } from '@opis/testing';

import { LegalStatusClient } from '../src';

/** What a move's clearance looks like to the service that asks: only an answered, matching `cleared: true` is a yes. */
describe('LegalStatusClient.clearMove (shared NATS)', () => {
  const namespace = testNamespace('legal-client');
  const caseId = '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d01';
  let nc: NatsConnection;
  let responder: Subscription;
  let answer: (data: { caseId: string; step: string }) => object | undefined;
  const client = (token?: string) =>
    new LegalStatusClient({ serviceName: 'test', natsUrl: '', namespace, timeoutMs: 300, token, devKeys: false, logger: pino({ level: 'silent' }) });

  beforeAll(async () => {
    const url = await sharedNatsUrl();
    nc = await connect({ servers: url });
    responder = nc.subscribe(namespacedSubject(LEGAL_MOVE_CLEARANCE_PATTERN, namespace), {
      callback: (_error, msg) => {
        const packet = msg.json<{ id: string; data: { caseId: string; step: string } }>();
        const response = answer(packet.data);
        if (response) msg.respond(JSON.stringify({ id: packet.id, response, isDisposed: true }));
      },
    });
  });

  afterAll(async () => {
    responder.unsubscribe();
    await nc.close();
  });

  const reply = (data: { caseId: string; step: string }, cleared: boolean) => ({
    caseId: data.caseId,
    step: data.step,
    cleared,
    clearanceId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d02',
    reasons: cleared ? [] : ['CLAIM_PENDING'],
    bestInterestsRecommendsReturn: true,
    assistedReturnResolved: true,
    caseVersion: 3,
    decidedAt: '2026-12-06T10:00:00.000Z',
  });

  async function ask(token: string | undefined, respond: typeof answer) {
    answer = respond;
    const legalStatus = new LegalStatusClient({
      serviceName: 'test',
      natsUrl: await sharedNatsUrl(),
      namespace,
      timeoutMs: 300,
      token,
      devKeys: false,
      logger: pino({ level: 'silent' }),
    });
    await legalStatus.onApplicationBootstrap();
    try {
      return await legalStatus.clearMove(caseId, 'RETURN_HANDOVER', 'plan:test');
    } finally {
      await legalStatus.onApplicationShutdown();
    }
  }

  it('passes on the answer for this case and step', async () => {
    await expect(ask('a-service-token-of-twenty-chars', (data) => reply(data, true))).resolves.toMatchObject({ kind: 'answered', reply: { cleared: true } });
    await expect(ask('a-service-token-of-twenty-chars', (data) => reply(data, false))).resolves.toMatchObject({ kind: 'answered', reply: { cleared: false } });
  });

  it('is silent (a no) without a token, on no answer, and on an answer about another case or step', async () => {
    await expect(client().clearMove(caseId, 'RETURN_HANDOVER', 'plan:test')).resolves.toEqual({ kind: 'silent', why: 'no-credential' });
    await expect(ask('a-service-token-of-twenty-chars', () => undefined)).resolves.toEqual({ kind: 'silent', why: 'timeout' });
    await expect(ask('a-service-token-of-twenty-chars', (data) => reply({ ...data, caseId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d03' }, true))).resolves.toEqual({
      kind: 'silent',
      why: 'invalid-reply',
    });
    await expect(ask('a-service-token-of-twenty-chars', (data) => reply({ ...data, step: 'RETURN_APPROVAL' }, true))).resolves.toEqual({ kind: 'silent', why: 'invalid-reply' });
  });
});
