/**
 * Text messages leave through an adapter. `console` (development, tests) writes them to the log
 * and keeps the last ones for the dev inbox page; `http` posts them to an SMS gateway.
 */
import type { FastifyBaseLogger } from 'fastify';

export interface SmsMessage {
  to: string;
  text: string;
  sentAt: string;
}

export interface SmsSender {
  readonly mode: 'console' | 'http';
  send(to: string, text: string): Promise<void>;
}

/** Keeps the newest messages in memory; nothing leaves the machine. */
export class ConsoleSmsSender implements SmsSender {
  readonly mode = 'console' as const;
  private readonly messages: SmsMessage[] = [];
  constructor(private readonly log: FastifyBaseLogger, private readonly keep = 50) {}

  async send(to: string, text: string): Promise<void> {
    this.messages.unshift({ to, text, sentAt: new Date().toISOString() });
    this.messages.length = Math.min(this.messages.length, this.keep);
    this.log.info({ sms: { to, text } }, 'SMS (console adapter, not sent)');
  }

  inbox(): readonly SmsMessage[] {
    return this.messages;
  }
}

/**
 * A gateway reached over HTTPS with a bearer key: POST {to, text, sender} as JSON, any 2xx is
 * success. Vietnamese gateways (brandname SMS) differ in field names; adapt here, nowhere else.
 */
export class HttpSmsSender implements SmsSender {
  readonly mode = 'http' as const;
  constructor(private readonly url: string, private readonly key: string, private readonly timeoutMs = 10_000) {}

  async send(to: string, text: string): Promise<void> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.key}` },
      body: JSON.stringify({ to, text, sender: 'CONGDANSO' }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!response.ok) throw new Error(`SMS gateway answered ${response.status}`);
  }
}
