import * as http from 'node:http';
import * as https from 'node:https';
import type { Socket } from 'node:net';
import type { OutboundSms, SendOutcome, SmsTransport } from '../channel.types';
import { describeNetworkError } from '../network-errors';

export interface HttpSmsOptions {
  url: string;
  /** e.g. `Authorization: Bearer abc` (SMS_AUTH_HEADER). */
  authHeader?: string;
  /** Connecting, and then each wait for the provider, may take this long (default 15 s). */
  timeoutMs?: number;
}

interface RequestFailure extends Error {
  code?: string;
  /** The connection to the provider was open when it failed: the request may have reached it. */
  handedOver?: boolean;
  stopping?: boolean;
}

/**
 * A generic JSON SMS provider: POST {to, text, sender, reference} → 2xx with an id
 * (`id`, `message_id` or `messageId`). 429 and 5xx are temporary; other 4xx mean the message
 * or number is refused; 401/403 stop the campaign. A provider that cannot be reached at all
 * (connection refused or timed out, unknown host: nothing was sent) pauses the campaign.
 */
export class HttpSmsTransport implements SmsTransport {
  readonly name = 'http-sms';
  private readonly url: URL;
  private readonly client: typeof http | typeof https;
  private readonly agent: http.Agent;
  /** Requests whose connection is not open yet: closing the transport gives them back. */
  private readonly connecting = new Set<http.ClientRequest>();
  private closed = false;

  constructor(private readonly options: HttpSmsOptions) {
    this.url = new URL(options.url);
    this.client = this.url.protocol === 'https:' ? https : http;
    // Idle connections are closed after a few seconds (or as the provider's Keep-Alive says),
    // before the provider closes them under a request it would never read.
    this.agent = new this.client.Agent({ keepAlive: true, timeout: 4_000 });
  }

  async send(message: OutboundSms): Promise<SendOutcome> {
    let response: { status: number; body: string };
    try {
      response = await this.post(
        JSON.stringify({ to: message.to, text: message.text, sender: message.sender, reference: message.deliveryId }),
      );
    } catch (error) {
      return this.failure(error as RequestFailure);
    }
    const { status, body } = response;
    if (status >= 200 && status < 300) {
      let id: string | undefined;
      try {
        const parsed = JSON.parse(body) as Record<string, unknown>;
        // Providers answer the id as a string or a number; anything else is kept as printed, as before.
        // eslint-disable-next-line @typescript-eslint/no-base-to-string
        id = String(parsed.id ?? parsed.message_id ?? parsed.messageId ?? '') || undefined;
      } catch {
        /* a provider answering 2xx with no JSON still accepted the message */
      }
      return { status: 'sent', providerId: id };
    }
    const detail = `${status} ${body.slice(0, 200)}`;
    if (status === 401 || status === 403)
      return { status: 'fatal', error: `provider refused our credentials: ${detail}` };
    if (status === 429 || status >= 500) return { status: 'retry', error: detail };
    return { status: 'failed', error: detail };
  }

  private failure(error: RequestFailure): SendOutcome {
    if (error.stopping) return { status: 'not_sent', error: 'not handed over: the process is stopping' };
    // The request may have reached the provider before the failure: we cannot know.
    if (error.handedOver) return { status: 'unknown', error: `request failed: ${error.message}` };
    if (/CERT|SSL|TLS|SIGNATURE/.test(error.code ?? ''))
      return { status: 'fatal', error: `TLS failure: ${error.code} ${error.message}` };
    const port = this.url.port || (this.client === https ? '443' : '80');
    return {
      status: 'unreachable',
      error: `fournisseur SMS injoignable : ${this.url.hostname}:${port} ${describeNetworkError(error)}`,
    };
  }

  /** One POST; a failure says whether the connection was open (`handedOver`) when it happened. */
  private post(body: string): Promise<{ status: number; body: string }> {
    if (this.closed) return Promise.reject(Object.assign(new Error('the SMS transport is closed'), { stopping: true }));
    return new Promise((resolve, reject) => {
      const request = this.client.request(this.url, {
        method: 'POST',
        headers: this.headers(body),
        agent: this.agent,
        timeout: this.options.timeoutMs ?? 15_000,
      });
      let connected = false;
      this.connecting.add(request);
      const opened = () => {
        connected = true;
        this.connecting.delete(request);
      };
      request.on('socket', (socket: Socket) => {
        if (request.reusedSocket) opened();
        else if (this.client === https) socket.once('secureConnect', opened);
        else if (socket.connecting) socket.once('connect', opened);
        else opened();
      });
      request.on('timeout', () =>
        request.destroy(
          Object.assign(new Error(connected ? 'no answer in time' : 'connection timed out'), { code: 'ETIMEDOUT' }),
        ),
      );
      request.on('error', (error: RequestFailure) => {
        this.connecting.delete(request);
        reject(Object.assign(error, { handedOver: error.stopping ? false : connected }));
      });
      request.on('response', (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
        response.on('error', (error: RequestFailure) => reject(Object.assign(error, { handedOver: true })));
      });
      request.end(body);
    });
  }

  private headers(body: string): Record<string, string | number> {
    const headers: Record<string, string | number> = {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    };
    if (this.options.authHeader) {
      const colon = this.options.authHeader.indexOf(':');
      headers[this.options.authHeader.slice(0, colon).trim().toLowerCase()] = this.options.authHeader
        .slice(colon + 1)
        .trim();
    }
    return headers;
  }

  /** Requests still connecting come back `not_sent` at once; those the provider is answering finish. */
  close(): Promise<void> {
    this.closed = true;
    for (const request of this.connecting)
      request.destroy(Object.assign(new Error('the SMS transport is closed'), { stopping: true }));
    for (const sockets of Object.values(this.agent.freeSockets)) for (const socket of sockets ?? []) socket.destroy();
    return Promise.resolve();
  }
}
