/**
 * The contract between the delivery engine and the transports. The engine never knows which
 * vendor it talks to: it hands a rendered message to a transport and gets an outcome back.
 */
export type SendOutcome =
  /** Accepted by the relay or provider. */
  | { status: 'sent'; providerId?: string }
  /** Temporary failure of this message (4xx, a connection lost before the data): try again later. */
  | { status: 'retry'; error: string }
  /**
   * The relay or provider cannot be reached at all (connection refused or timed out, unknown
   * host): nothing was handed over. The message goes back as it was and the campaign pauses
   * with `error` as its reason, instead of burning the list one attempt each.
   */
  | { status: 'unreachable'; error: string }
  /** Not handed over because the process is stopping: the message goes back as it was. */
  | { status: 'not_sent'; error: string }
  /** The recipient does not exist or refuses (5xx on the recipient): a hard bounce. */
  | { status: 'bounced'; error: string; hard: boolean }
  /** Permanent failure of this message for another reason (5xx on the content). */
  | { status: 'failed'; error: string }
  /** The connection broke while the message was being handed over: it may or may not have been accepted. */
  | { status: 'unknown'; error: string }
  /** The transport itself is broken (authentication, TLS): stop sending instead of burning the list. */
  | { status: 'fatal'; error: string };

export interface OutboundEmail {
  deliveryId: string;
  messageId: string;
  from: string;
  to: string;
  /** The complete RFC 5322 message, headers included. */
  raw: Buffer;
}

export interface EmailTransport {
  readonly name: string;
  send(message: OutboundEmail): Promise<SendOutcome>;
  close(): Promise<void>;
}

export interface OutboundSms {
  deliveryId: string;
  to: string;
  text: string;
  sender?: string;
}

export interface SmsTransport {
  readonly name: string;
  send(message: OutboundSms): Promise<SendOutcome>;
  close(): Promise<void>;
}

export { DELIVERY_EVENT_TYPES, type DeliveryEventType } from '../core/config/sms-status-map';
import type { DeliveryEventType } from '../core/config/sms-status-map';

/** A delivery status reported later by a provider (receipt, bounce, complaint). */
export interface DeliveryEvent {
  /** The provider's own id of this event, when it gives one: the surest way to recognise a retried webhook. */
  eventId?: string;
  /** Our delivery id, the Message-ID, or the provider's message id — whichever the provider gives back. */
  deliveryId?: string;
  messageId?: string;
  providerId?: string;
  recipient?: string;
  type: DeliveryEventType;
  reason?: string;
  at: Date;
  /** The provider gave no time: `at` is when we received the event. */
  atEstimated?: boolean;
}
