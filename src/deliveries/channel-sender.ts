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

export type RenderResult = { ok: true; message: unknown } | { ok: false; reason: string };

/**
 * One channel's way of turning claimed deliveries into sent messages. `prepare` does the
 * per-step work once (compile the template version, encode static MIME parts, open the pool);
 * `render` and `send` run per message. Batch channels (letters) produce everything at once.
 */
export interface PreparedChannel {
  readonly mode: 'stream' | 'batch';
  /** The deterministic Message-ID a delivery is sent with (e-mail), recorded in the ledger. */
  messageId?(delivery: ClaimedDelivery): string;
  render(deliveries: ClaimedDelivery[]): Promise<Map<string, RenderResult>>;
  /** Stream mode: one message. */
  send?(delivery: ClaimedDelivery, message: unknown): Promise<SendOutcome>;
  /** Batch mode: every message of the run together (a print batch). */
  sendBatch?(deliveries: Array<{ delivery: ClaimedDelivery; message: unknown }>): Promise<Map<string, SendOutcome>>;
  close(): Promise<void>;
}

export interface ChannelSender {
  readonly channel: StepContext['channel'];
  prepare(step: StepContext): Promise<PreparedChannel>;
}

/** An error about one recipient's message (missing or invalid data): that delivery fails, the batch goes on. */
export function isMessageError(error: unknown): error is Error {
  return error instanceof DomainError || error instanceof RenderError;
}
