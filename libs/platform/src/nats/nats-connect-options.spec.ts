import { inboxPrefixOf, natsConnectOptions } from './nats-connect-options';

describe('natsConnectOptions', () => {
  it('takes the user and password out of the URL, which the client would ignore, and gives the user its inbox prefix', () => {
    expect(natsConnectOptions('nats://care:s3cr%3At@nats:4222')).toEqual({
      servers: ['nats://nats:4222'],
      user: 'care',
      pass: 's3cr:t',
      inboxPrefix: '_INBOX_care',
      noAsyncTraces: true,
      maxReconnectAttempts: -1,
    });
  });

  it('keeps a URL without credentials as it is, accepts several servers, and reconnects without end', () => {
    expect(natsConnectOptions('nats://127.0.0.1:4222')).toEqual({ servers: ['nats://127.0.0.1:4222'], noAsyncTraces: true, maxReconnectAttempts: -1 });
    expect(natsConnectOptions(['nats://a:1@n1:4222', 'nats://n2:4222'])).toEqual({
      servers: ['nats://n1:4222', 'nats://n2:4222'],
      user: 'a',
      pass: '1',
      inboxPrefix: '_INBOX_a',
      noAsyncTraces: true,
      maxReconnectAttempts: -1,
    });
  });
});

describe('inboxPrefixOf', () => {
  it("is one token of the user's own, beside `_INBOX` rather than under it", () => {
    expect(inboxPrefixOf('family-contact')).toBe('_INBOX_family-contact');
    expect(inboxPrefixOf('legal_status2')).toBe('_INBOX_legal_status2');
  });

  it('refuses a user that would not be one subject token (a dot, a wildcard, a space)', () => {
    for (const user of ['care.chp', 'care*', '>', 'two words', '']) expect(() => inboxPrefixOf(user)).toThrow(/cannot name an inbox prefix/);
  });
});
