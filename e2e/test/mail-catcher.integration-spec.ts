// The mail catcher `npm start` and Compose run for notifications' alert emails, run as Compose runs
// it (`node dist/scripts/mail-catcher.js`): what nodemailer (the service's transport) sends, with
// Spanish accents in the subject and body, reads back as sent.
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

import { createTransport } from 'nodemailer';

import { freePort, waitFor } from '@opis/testing';

interface CaughtMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
}

describe('mail catcher (scripts/mail-catcher.ts)', () => {
  let catcher: ChildProcess;
  let smtpPort: number;
  let httpPort: number;

  beforeAll(async () => {
    [smtpPort, httpPort] = [await freePort(), await freePort()];
    catcher = spawn(process.execPath, [join(__dirname, '..', '..', 'dist', 'scripts', 'mail-catcher.js')], {
      env: { PATH: process.env.PATH, HOST: '127.0.0.1', SMTP_PORT: String(smtpPort), HTTP_PORT: String(httpPort) },
      stdio: 'ignore',
    });
    await waitFor('the mail catcher answering', async () => (await fetch(`http://127.0.0.1:${httpPort}/messages`).catch(() => undefined))?.ok === true);
  });

  afterAll(() => {
    catcher.kill('SIGTERM');
  });

  it('keeps what nodemailer sends over SMTP and answers it at GET /messages, by recipient', async () => {
    const transport = createTransport({ url: `smtp://127.0.0.1:${smtpPort}` } as Parameters<typeof createTransport>[0]);
    try {
      const text = 'Alerta: Incidente grave (escalada a supervisión)\nAbrir: http://127.0.0.1:3007/v1/tasks/x\n\nConfirme la recepción.';
      await transport.sendMail({ from: 'OPIS alertas <alertas@opis.invalid>', to: 'supervision@opis.invalid', subject: '[OPIS] Incidente grave: caso CHP-2026-000001 — atención', text });
      await transport.sendMail({ from: 'alertas@opis.invalid', to: 'otra@opis.invalid', subject: 'otra', text: 'otra' });
    } finally {
      transport.close();
    }

    const mine = (await (await fetch(`http://127.0.0.1:${httpPort}/messages?to=${encodeURIComponent('supervision@opis.invalid')}`)).json()) as CaughtMail[];
    expect(mine).toEqual([
      expect.objectContaining({
        from: 'alertas@opis.invalid',
        to: ['supervision@opis.invalid'],
        subject: '[OPIS] Incidente grave: caso CHP-2026-000001 — atención',
        text: 'Alerta: Incidente grave (escalada a supervisión)\nAbrir: http://127.0.0.1:3007/v1/tasks/x\n\nConfirme la recepción.',
      }),
    ]);
    const all = (await (await fetch(`http://127.0.0.1:${httpPort}/messages`)).json()) as CaughtMail[];
    expect(all.map((mail) => mail.to)).toEqual([['supervision@opis.invalid'], ['otra@opis.invalid']]);
    expect((await fetch(`http://127.0.0.1:${httpPort}/other`)).status).toBe(404);
  });
});
