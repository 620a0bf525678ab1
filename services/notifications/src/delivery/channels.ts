import { createTransport, Transporter } from 'nodemailer';

/** One outgoing email: plain text, to one address. */
export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
}

export abstract class EmailSender {
  public abstract send(message: EmailMessage): Promise<void>;
  public abstract close(): void;
}

/** Email through an SMTP relay (NOTIFY_SMTP_URL), by nodemailer. */
export class SmtpEmailSender extends EmailSender {
  private readonly transport: Transporter;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    super();
    // A local relay or mail catcher may offer no TLS; production relays take smtps:// or STARTTLS.
    // Short timeouts: a send holds its delivery row's lock, and nodemailer's defaults run to minutes.
    this.transport = createTransport({ url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 } as Parameters<typeof createTransport>[0]);
  }

  public async send(message: EmailMessage): Promise<void> {
    await this.transport.sendMail({ from: this.from, to: message.to, subject: message.subject, text: message.text });
  }

  public close(): void {
    this.transport.close();
  }
}

/** The one interface every SMS provider implements. */
export abstract class SmsProvider {
  public abstract send(to: string, text: string): Promise<void>;
}

/**
 * A provider reached by an HTTP webhook: POST `{ "to": "+52…", "text": "…" }` as JSON, any 2xx
 * is accepted. Gateways that want another shape sit behind a small adapter at that URL.
 */
export class WebhookSmsProvider extends SmsProvider {
  constructor(
    private readonly url: string,
    private readonly token?: string,
    private readonly timeoutMs = 10_000,
  ) {
    super();
  }

  public async send(to: string, text: string): Promise<void> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      body: JSON.stringify({ to, text }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`SMS webhook answered ${response.status}`);
  }
}
