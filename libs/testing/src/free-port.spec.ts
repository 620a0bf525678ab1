import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

import { freePort } from './free-port';

describe('freePort', () => {
  it('never hands out one port twice, and keeps below the ephemeral range', async () => {
    const ports = [];
    for (let i = 0; i < 200; i += 1) ports.push(await freePort());
    expect(new Set(ports).size).toBe(ports.length);
    const ephemeralStart = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    expect(Math.max(...ports)).toBeLessThan(ephemeralStart);
  });

  it('hands out a port a server can listen on', async () => {
    const port = await freePort();
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    await new Promise((resolve) => server.close(resolve));
  });
});
