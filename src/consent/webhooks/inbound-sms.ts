import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InboundSmsReceivedEvent } from '../events/inbound-sms-received.event';

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

/** Listeners that did not act on the message return nothing. */
function isOutcome(value: unknown): value is InboundSmsOutcome {
  return typeof value === 'object' && value !== null;
}

/**
 * Inbound SMS fan out to the features that care (consent: STOP; responses: replies), listeners of
 * InboundSmsReceivedEvent; the webhook only parses and dispatches.
 */
@Injectable()
export class InboundSmsDispatcher {
  constructor(private readonly events: EventEmitter2) {}

  /** A duplicate when every listener that acted on it had already done so: the provider sent it again. */
  async dispatch(message: InboundSms): Promise<InboundSmsOutcome> {
    const results: unknown[] = await this.events.emitAsync(
      InboundSmsReceivedEvent.event,
      new InboundSmsReceivedEvent(message),
    );
    const outcomes = results.filter(isOutcome);
    return { duplicate: outcomes.length > 0 && outcomes.every((outcome) => outcome.duplicate) };
  }
}
