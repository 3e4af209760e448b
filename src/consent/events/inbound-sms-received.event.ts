import type { InboundSms } from '../webhooks/inbound-sms';

/**
 * An SMS came in through the provider's webhook. Features that care listen (consent: STOP;
 * responses: replies) and return an InboundSmsOutcome when they acted on it, nothing otherwise.
 * Emitted with `emitAsync`: the webhook answers once every listener is done.
 */
export class InboundSmsReceivedEvent {
  static readonly event = 'consent.inbound-sms-received';

  constructor(readonly message: InboundSms) {}
}
