import { DomainError } from '../core/errors/domain-error';
import { RenderError } from '../templates/engine/compiled-text';
import type { SendOutcome } from '../channels/channel.types';
import type { CampaignFlags } from '../consent/can-contact';
import type { ClaimedDelivery } from './deliveries.repository';

/** What the engine knows of the step it dispatches. */
export interface StepContext {
  campaignId: string;
  campaignName: string;
  stepId: string;
  channel: 'email' | 'sms' | 'letter' | 'phone';
  template: string;
  templateVersionId: string | null;
  purpose: 'marketing' | 'service';
  /** What the step belongs to: a campaign, an automation, or service messages. */
  kind?: 'campaign' | 'automation' | 'service';
  flags: CampaignFlags;
  objective: string;
  sender: Record<string, unknown>;
  data: Record<string, unknown>;
  costPerMessage: number;
}

export type RenderResult<Message = unknown> = { ok: true; message: Message } | { ok: false; reason: string };

/**
 * One channel's way of turning claimed deliveries into sent messages. `prepare` does the
 * per-step work once (compile the template version, encode static MIME parts, open the pool);
 * `render` and `send` run per message. Batch channels (letters) produce everything at once.
 */
interface PreparedChannelBase<Message> {
  /** The deterministic Message-ID a delivery is sent with (e-mail), recorded in the ledger. */
  messageId?(delivery: ClaimedDelivery): string;
  render(deliveries: ClaimedDelivery[]): Promise<Map<string, RenderResult<Message>>>;
  close(): Promise<void>;
}

/** Sends one message at a time, as soon as it is rendered (e-mail, SMS). */
export interface PreparedStream<Message = unknown> extends PreparedChannelBase<Message> {
  readonly mode: 'stream';
  send(delivery: ClaimedDelivery, message: Message): Promise<SendOutcome>;
}

/** Sends every message of the run together (a print batch, a call list). */
export interface PreparedBatch<Message = unknown> extends PreparedChannelBase<Message> {
  readonly mode: 'batch';
  sendBatch(deliveries: Array<{ delivery: ClaimedDelivery; message: Message }>): Promise<Map<string, SendOutcome>>;
}

export type PreparedChannel<Message = unknown> = PreparedStream<Message> | PreparedBatch<Message>;

export interface ChannelSender<Message = unknown> {
  readonly channel: StepContext['channel'];
  prepare(step: StepContext): Promise<PreparedChannel<Message>>;
}

/** Every channel sender (deliveries.module gathers them); the dispatcher picks one per step by its channel. */
export const CHANNEL_SENDERS = Symbol('CHANNEL_SENDERS');

/** An error about one recipient's message (missing or invalid data): that delivery fails, the batch goes on. */
export function isMessageError(error: unknown): error is Error {
  return error instanceof DomainError || error instanceof RenderError;
}
