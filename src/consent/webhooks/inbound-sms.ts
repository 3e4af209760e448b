import { Injectable } from '@nestjs/common';

export interface InboundSms {
  /** Sender, as E.164 when it could be normalised. */
  from: string;
  to?: string;
  text: string;
  receivedAt: Date;
  providerId?: string;
}

/** What a handler did with a message: `duplicate` when it had already handled it (a provider's retry). */
export interface InboundSmsOutcome {
  duplicate: boolean;
}

/** Returns nothing when the message was none of its business. */
export type InboundSmsHandler = (message: InboundSms) => Promise<InboundSmsOutcome | void>;

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

  /** A duplicate when every handler that acted on it had already done so: the provider sent it again. */
  async dispatch(message: InboundSms): Promise<InboundSmsOutcome> {
    const outcomes: InboundSmsOutcome[] = [];
    for (const handler of this.handlers) {
      const outcome = await handler(message);
      if (outcome) outcomes.push(outcome);
    }
    return { duplicate: outcomes.length > 0 && outcomes.every((outcome) => outcome.duplicate) };
  }
}
