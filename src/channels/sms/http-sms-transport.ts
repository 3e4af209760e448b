import type { OutboundSms, SendOutcome, SmsTransport } from '../channel.types';

export interface HttpSmsOptions {
  url: string;
  /** e.g. `Authorization: Bearer abc` (SMS_AUTH_HEADER). */
  authHeader?: string;
  timeoutMs?: number;
}

/**
 * A generic JSON SMS provider: POST {to, text, sender, reference} → 2xx with an id
 * (`id`, `message_id` or `messageId`). 429 and 5xx are temporary; other 4xx mean the message
 * or number is refused; 401/403 stop the campaign.
 */
export class HttpSmsTransport implements SmsTransport {
  readonly name = 'http-sms';

  constructor(private readonly options: HttpSmsOptions) {}

  async send(message: OutboundSms): Promise<SendOutcome> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.options.authHeader) {
      const colon = this.options.authHeader.indexOf(':');
      headers[this.options.authHeader.slice(0, colon).trim().toLowerCase()] = this.options.authHeader.slice(colon + 1).trim();
    }
    let response: Response;
    try {
      response = await fetch(this.options.url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ to: message.to, text: message.text, sender: message.sender, reference: message.deliveryId }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
      });
    } catch (error) {
      // The request may have reached the provider before the failure: we cannot know.
      const code = (error as { cause?: { code?: string } }).cause?.code;
      if (code === 'ECONNREFUSED' || code === 'ENOTFOUND') return { status: 'retry', error: `provider unreachable (${code})` };
      return { status: 'unknown', error: `request failed: ${(error as Error).message}` };
    }
    const body = await response.text();
    if (response.ok) {
      let id: string | undefined;
      try {
        const parsed = JSON.parse(body) as Record<string, unknown>;
        id = String(parsed.id ?? parsed.message_id ?? parsed.messageId ?? '') || undefined;
      } catch {
        /* a provider answering 2xx with no JSON still accepted the message */
      }
      return { status: 'sent', providerId: id };
    }
    const detail = `${response.status} ${body.slice(0, 200)}`;
    if (response.status === 401 || response.status === 403) return { status: 'fatal', error: `provider refused our credentials: ${detail}` };
    if (response.status === 429 || response.status >= 500) return { status: 'retry', error: detail };
    return { status: 'failed', error: detail };
  }

  async close(): Promise<void> {}
}
