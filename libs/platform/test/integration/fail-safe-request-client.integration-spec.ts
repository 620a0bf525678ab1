import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { connect, NatsConnection, Subscription } from '@nats-io/transport-node';
import { IsBoolean, IsUUID } from 'class-validator';
import pino from 'pino';

import { sharedNatsUrl, testNamespace } from '@opis/testing';

import { FailSafeRequestClient } from '../../src';

class LockReply {
  @IsUUID()
  public caseId!: string;

  @IsBoolean()
  public locked!: boolean;
}

const caseId = '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d0f';

describe('FailSafeRequestClient: no valid answer in time means silence', () => {
  let nc: NatsConnection;
  let natsUrl: string;
  let subject: string;
  let stub: Subscription;
  let keysDirectory: string;
  const seen: Array<{ caseId: string; token: string }> = [];
  let answer: (request: { caseId: string }) => unknown = () => undefined;

  beforeAll(async () => {
    natsUrl = await sharedNatsUrl();
    nc = await connect({ servers: natsUrl });
    subject = `${testNamespace('failsafe')}.opis.legal-status.q.case-status`;
    keysDirectory = mkdtempSync(join(tmpdir(), 'opis-dev-keys-'));
    stub = nc.subscribe(subject, {
      callback: (_error, msg) => {
        const packet = msg.json<{ id: string; data: { caseId: string; token: string } }>();
        seen.push(packet.data);
        const response = answer(packet.data);
        if (response === undefined) return;
        msg.respond(JSON.stringify({ id: packet.id, response, isDisposed: true }));
      },
    });
  });

  afterAll(async () => {
    stub.unsubscribe();
    await nc.close();
    rmSync(keysDirectory, { recursive: true, force: true });
  });

  const client = (token: string | undefined, devToken = false) =>
    new FailSafeRequestClient({
      natsUrl,
      subject,
      replyClass: LockReply,
      timeoutMs: 300,
      connectionName: 'failsafe-test',
      token,
      devToken: devToken ? { subject: 'svc-test', roles: ['integration'], offices: ['CHP'], keysDirectory } : undefined,
      logger: pino({ level: 'silent' }),
    });

  async function ask(requests: FailSafeRequestClient<LockReply>) {
    await requests.connect();
    try {
      return await requests.send({ caseId }, (reply) => reply.caseId === caseId);
    } finally {
      await requests.close();
    }
  }

  it('returns a valid answer with the token sent in the request', async () => {
    answer = (request) => ({ caseId: request.caseId, locked: true });
    expect(await ask(client('a-service-token-of-some-length'))).toEqual({ kind: 'answered', reply: expect.objectContaining({ caseId, locked: true }) });
    expect(seen.at(-1)).toEqual({ caseId, token: 'a-service-token-of-some-length' });
  });

  it('treats no answer in time, an invalid reply and a reply for another case as silence', async () => {
    answer = () => undefined;
    expect(await ask(client('a-service-token-of-some-length'))).toEqual({ kind: 'silent', why: 'timeout' });
    answer = (request) => ({ caseId: request.caseId, locked: 'maybe' });
    expect(await ask(client('a-service-token-of-some-length'))).toEqual({ kind: 'silent', why: 'invalid-reply' });
    answer = () => ({ caseId: '0190f5c2-7d2a-7b3c-9d4e-5f6a7b8c9d10', locked: false });
    expect(await ask(client('a-service-token-of-some-length'))).toEqual({ kind: 'silent', why: 'invalid-reply' });
  });

  it('asks nobody without a credential, and mints a dev token when allowed', async () => {
    answer = (request) => ({ caseId: request.caseId, locked: false });
    const before = seen.length;
    expect(await ask(client(undefined))).toEqual({ kind: 'silent', why: 'no-credential' });
    expect(seen.length).toBe(before);
    expect(await ask(client(undefined, true))).toMatchObject({ kind: 'answered' });
    expect(seen.at(-1)?.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });
});
