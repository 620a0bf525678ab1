import { freePort, waitFor } from '@opis/testing';

import { hasExited, spawnBuilt, stopProcess } from './service-process';

/** A mail as the mail catcher answers it at GET /messages. */
export interface CaughtMail {
  receivedAt: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
}

export interface MailCatcherProcess {
  smtpUrl: string;
  /** What it kept, for one recipient or all. */
  messages(to?: string): Promise<CaughtMail[]>;
  /** Any path: for tests of the catcher itself. */
  get(path: string): Promise<Response>;
  stop(): Promise<void>;
}

/** The mail catcher as Compose and `npm start` run it (`node dist/tools/cli/src/mail-catcher.js`), on free ports. */
export async function startMailCatcherProcess(): Promise<MailCatcherProcess> {
  const [smtpPort, httpPort] = [await freePort(), await freePort()];
  const child = spawnBuilt('tools/cli/src/mail-catcher.js', {
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', SMTP_PORT: String(smtpPort), HTTP_PORT: String(httpPort) },
    stdio: 'ignore',
  });
  const get = (path: string) => fetch(`http://127.0.0.1:${httpPort}${path}`);
  await waitFor('the mail catcher answering', async () => {
    if (hasExited(child)) throw new Error(`the mail catcher exited with ${child.exitCode}`);
    return (await get('/messages').catch(() => undefined))?.ok === true;
  });
  return {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    messages: async (to) => (await (await get(`/messages${to ? `?to=${encodeURIComponent(to)}` : ''}`)).json()) as CaughtMail[],
    get,
    stop: () => stopProcess(child),
  };
}
