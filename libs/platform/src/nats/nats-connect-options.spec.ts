import { natsConnectOptions } from './nats-connect-options';

describe('natsConnectOptions', () => {
  it('takes the user and password out of the URL, which the client would ignore', () => {
    expect(natsConnectOptions('nats://care:s3cr%3At@nats:4222')).toEqual({ servers: ['nats://nats:4222'], user: 'care', pass: 's3cr:t', noAsyncTraces: true, maxReconnectAttempts: -1 });
  });

  it('keeps a URL without credentials as it is, accepts several servers, and reconnects without end', () => {
    expect(natsConnectOptions('nats://127.0.0.1:4222')).toEqual({ servers: ['nats://127.0.0.1:4222'], noAsyncTraces: true, maxReconnectAttempts: -1 });
    expect(natsConnectOptions(['nats://a:1@n1:4222', 'nats://n2:4222'])).toEqual({ servers: ['nats://n1:4222', 'nats://n2:4222'], user: 'a', pass: '1', noAsyncTraces: true, maxReconnectAttempts: -1 });
  });
});
