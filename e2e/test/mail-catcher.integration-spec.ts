// The mail catcher `npm start` and Compose run for notifications' alert emails, run as Compose runs
// it: what nodemailer (the service's transport) sends, with Spanish accents in the subject and
// body, reads back as sent.
import { createTransport } from 'nodemailer';
import { MailCatcherProcess, startMailCatcherProcess } from '@opis/platform-tools';


describe('mail catcher (tools/cli/src/mail-catcher.ts)', () => {
  let catcher: MailCatcherProcess;

  beforeAll(async () => {
    catcher = await startMailCatcherProcess();
  });

  afterAll(() => catcher?.stop());

  it('keeps what nodemailer sends over SMTP and answers it at GET /messages, by recipient', async () => {
    const transport = createTransport({ url: catcher.smtpUrl } as Parameters<typeof createTransport>[0]);
    const text = 'Alerta: Incidente grave (escalada a supervisión)\nAbrir: http://127.0.0.1:3007/v1/tasks/x\n\nConfirme la recepción.';
    try {
      await transport.sendMail({ from: 'OPIS alertas <alertas@opis.invalid>', to: 'supervision@opis.invalid', subject: '[OPIS] Incidente grave: caso CHP-2026-000001 — atención', text });
      await transport.sendMail({ from: 'alertas@opis.invalid', to: 'otra@opis.invalid', subject: 'otra', text: 'otra' });
    } finally {
      transport.close();
    }

    expect(await catcher.messages('supervision@opis.invalid')).toEqual([
      expect.objectContaining({ from: 'alertas@opis.invalid', to: ['supervision@opis.invalid'], subject: '[OPIS] Incidente grave: caso CHP-2026-000001 — atención', text }),
    ]);
    expect((await catcher.messages()).map((mail) => mail.to)).toEqual([['supervision@opis.invalid'], ['otra@opis.invalid']]);
    expect((await catcher.get('/other')).status).toBe(404);
  });
});
