import { Injectable } from '@nestjs/common';

export interface InboundSms {
  /** Sender, as E.164 when it could be normalised. */
  from: string;
  to?: string;
  text: string;
  receivedAt: Date;
  providerId?: string;
}

export type InboundSmsHandler = (message: InboundSms) => Promise<void>;

/**
 * Inbound SMS fan out to the features that care: consent (STOP), tracking (replies).
 * Each registers a handler; the webhook only parses and dispatches.
 */
@Injectable()
export class InboundSmsHandlers {
  private readonly handlers: InboundSmsHandler[] = [];

  register(handler: InboundSmsHandler): void {
    this.handlers.push(handler);
  }

  async dispatch(message: InboundSms): Promise<void> {
    for (const handler of this.handlers) await handler(message);
  }
}
