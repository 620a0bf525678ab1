// A mail catcher for development and Compose: receives the notifications service's alert emails
// over SMTP and keeps them in memory, to be read at GET /messages. Nothing is delivered onwards.
// `npm start` runs it beside the services; Compose runs it as its own container.
import { createServer as createHttpServer, Server as HttpServer } from 'node:http';
import { createServer as createTcpServer, Server as TcpServer, Socket } from 'node:net';

// A type only: the catcher runs in the intake image, which has none of the tools' dependencies.
import type { CaughtMail } from '@opis/platform-tools';

export interface MailCatcher {
  smtpPort: number;
  httpPort: number;
  mails: CaughtMail[];
  stop(): Promise<void>;
}

/** The newest mails are what a developer looks for; older ones go (a catcher must not grow forever). */
const KEPT_MAILS = 500;

function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  const soft = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < soft.length; i++) {
    const hex = soft[i] === '=' ? soft.slice(i + 1, i + 3) : '';
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(soft[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** RFC 2047 encoded words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`), as nodemailer writes a subject with accents. */
function decodeHeader(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_word, _charset: string, encoding: string, data: string) =>
      encoding.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : decodeQuotedPrintable(data.replace(/_/g, ' ')),
    );
}

/** Headers and plain-text body of a message as nodemailer sends a text-only email. */
export function parseMail(raw: string): { headers: Map<string, string>; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = split < 0 ? raw : raw.slice(0, split);
  const body = split < 0 ? '' : raw.slice(split + 4);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const encoding = (headers.get('content-transfer-encoding') ?? '').toLowerCase();
  const text =
    encoding === 'quoted-printable' ? decodeQuotedPrintable(body) : encoding === 'base64' ? Buffer.from(body, 'base64').toString('utf8') : body;
  return { headers, text: text.replace(/\r\n/g, '\n').trimEnd() };
}

/** The least of SMTP (RFC 5321) a sender such as nodemailer needs: EHLO, MAIL, RCPT, DATA, RSET, QUIT. */
function serveSmtp(socket: Socket, keep: (mail: CaughtMail) => void): void {
  let buffer = '';
  let from = '';
  let to: string[] = [];
  let inData = false;
  const reply = (line: string) => socket.write(`${line}\r\n`);
  const address = (argument: string) => /<([^>]*)>/.exec(argument)?.[1] ?? argument.trim();
  socket.setEncoding('utf8');
  socket.on('error', () => socket.destroy());
  reply('220 opis-mail-catcher ESMTP');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    for (;;) {
      if (inData) {
        const end = buffer.indexOf('\r\n.\r\n');
        if (end < 0) return;
        const raw = buffer.slice(0, end + 2).replace(/^\.\./gm, '.');
        buffer = buffer.slice(end + 5);
        inData = false;
        const { headers, text } = parseMail(raw);
        keep({ receivedAt: new Date().toISOString(), from, to, subject: decodeHeader(headers.get('subject') ?? ''), text });
        from = '';
        to = [];
        reply('250 OK: kept');
        continue;
      }
      const newline = buffer.indexOf('\r\n');
      if (newline < 0) return;
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 2);
      const argument = address(line.slice(line.indexOf(':') + 1));
      switch (line.slice(0, 4).toUpperCase()) {
        case 'EHLO':
        case 'HELO':
          reply('250 opis-mail-catcher');
          break;
        case 'MAIL':
          from = argument;
          reply('250 OK');
          break;
        case 'RCPT':
          to.push(argument);
          reply('250 OK');
          break;
        case 'DATA':
          inData = true;
          reply('354 End data with <CR><LF>.<CR><LF>');
          break;
        case 'RSET':
          from = '';
          to = [];
          reply('250 OK');
          break;
        case 'NOOP':
          reply('250 OK');
          break;
        case 'QUIT':
          reply('221 Bye');
          socket.end();
          return;
        default:
          reply('502 Command not implemented');
      }
    }
  });
}

function listen(server: TcpServer | HttpServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const bound = server.address();
      resolve(typeof bound === 'object' && bound ? bound.port : port);
    });
  });
}

export async function startMailCatcher(options: { smtpPort: number; httpPort: number; host: string }): Promise<MailCatcher> {
  const mails: CaughtMail[] = [];
  const smtp = createTcpServer((socket) =>
    serveSmtp(socket, (mail) => {
      mails.push(mail);
      if (mails.length > KEPT_MAILS) mails.shift();
    }),
  );
  const http = createHttpServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://catcher');
    if (request.method !== 'GET' || url.pathname !== '/messages') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('GET /messages[?to=address]\n');
      return;
    }
    const to = url.searchParams.get('to');
    const chosen = to ? mails.filter((mail) => mail.to.includes(to)) : mails;
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(chosen));
  });
  const smtpPort = await listen(smtp, options.smtpPort, options.host);
  const httpPort = await listen(http, options.httpPort, options.host).catch((error: unknown) => {
    smtp.close();
    throw error;
  });
  return {
    smtpPort,
    httpPort,
    mails,
    stop: async () => {
      await Promise.all([new Promise((resolve) => smtp.close(resolve)), new Promise((resolve) => http.close(resolve))]);
    },
  };
}

if (require.main === module) {
  const port = (name: string, fallback: number) => {
    const value = Number(process.env[name] ?? fallback);
    if (!Number.isInteger(value) || value < 1 || value > 65_535) throw new Error(`${name} must be a port number, not "${process.env[name]}"`);
    return value;
  };
  startMailCatcher({ smtpPort: port('SMTP_PORT', 1025), httpPort: port('HTTP_PORT', 1080), host: process.env.HOST ?? '127.0.0.1' })
    .then((catcher) => console.log(`mail catcher: SMTP on ${catcher.smtpPort}, mails at http://…:${catcher.httpPort}/messages`))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
  const stop = () => process.exit(0);
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
