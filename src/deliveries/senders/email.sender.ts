import { isMessageError } from '../channel-sender';
import { recycleMessage } from '../../core/memory/message-memory';
import { Injectable } from '@nestjs/common';
import { Transports } from '../../channels/transports';
import { UnsubscribeLinks } from '../../consent/unsubscribe/unsubscribe-links';
import { TemplateRenderService } from '../../templates/template-render.service';
import { TemplatesService } from '../../templates/templates.service';
import type { TrackingTokens as MessageTrackingTokens } from '../../templates/email/email-template';
import { TemplateLinksRepository } from '../tracking/template-links.repository';
import { TrackingPolicy } from '../tracking/tracking-policy';
import { TrackingTokens } from '../tracking/tracking-tokens';
import type { PreparedTemplate } from '../../templates/prepared-template';
import type { ChannelSender, PreparedChannel, RenderResult, StepContext } from '../channel-sender';
import { RecipientLoader, type Recipient } from './recipient-loader';

/** The deterministic Message-ID of a delivery: the same on a retry, so mailboxes de-duplicate. */
export function messageIdOf(deliveryId: string, campaignId: string, senderEmail: string | undefined): string {
  const domain = senderEmail?.slice(senderEmail.lastIndexOf('@') + 1) || 'relance.invalid';
  return `<d${deliveryId}.${campaignId.slice(0, 8)}@${domain}>`;
}

/** The delivery a Message-ID of `messageIdOf` names (with the start of its campaign id), or undefined. */
export function deliveryOfMessageId(messageId: string): { deliveryId: string; campaignPrefix: string } | undefined {
  const match = /^<?d(\d{1,18})\.([0-9a-f-]{8})@/i.exec(messageId);
  return match ? { deliveryId: match[1], campaignPrefix: match[2].toLowerCase() } : undefined;
}

interface EmailMessage {
  raw: Buffer;
  to: string;
  messageId: string;
}

/** E-mail: the pinned version prepared once per run, one MIME message per recipient, the configured transport. */
@Injectable()
export class EmailSender implements ChannelSender<EmailMessage> {
  readonly channel = 'email' as const;

  constructor(
    private readonly templates: TemplatesService,
    private readonly renderer: TemplateRenderService,
    private readonly recipients: RecipientLoader,
    private readonly unsubscribe: UnsubscribeLinks,
    private readonly transports: Transports,
    private readonly tracking: TrackingPolicy,
    private readonly trackingTokens: TrackingTokens,
    private readonly links: TemplateLinksRepository,
  ) {}

  /**
   * Tracking for a step: the template is prepared with its tracked variant and its links are
   * stored with the pinned version (the redirect's whitelist). Needs a pinned version.
   */
  private async trackedLinkPositions(step: StepContext, prepared: PreparedTemplate): Promise<number[] | undefined> {
    if (prepared.channel !== 'email' || !prepared.tracked || !step.templateVersionId) return undefined;
    return this.links.register(step.templateVersionId, prepared.tracked.links);
  }

  async prepare(step: StepContext): Promise<PreparedChannel<EmailMessage>> {
    const snapshot = step.templateVersionId
      ? await this.templates.pinned(step.templateVersionId)
      : await this.templates.resolve(step.template);
    const sender = step.sender as { name?: string; email?: string; reply_to?: string };
    const tracking = this.tracking.enabledFor(step.purpose) && Boolean(step.templateVersionId);
    const prepared = await this.renderer.prepare(snapshot, { sender: step.sender, tracking });
    const positions = tracking ? await this.trackedLinkPositions(step, prepared) : undefined;
    const tokensFor = (deliveryId: string): MessageTrackingTokens =>
      this.trackingTokens.forMessage(deliveryId, positions!);
    const transport = this.transports.email();
    return {
      mode: 'stream',
      messageId: (delivery) => messageIdOf(delivery.id, step.campaignId, sender.email),
      render: async (deliveries) => {
        const results = new Map<string, RenderResult<EmailMessage>>();
        // Who may be tracked, read beside the recipients (one more query per batch, in parallel).
        const [tracked, recipients] = await Promise.all([
          positions ? this.tracking.allowed(deliveries.map((d) => d.contactId)) : new Set<string>(),
          this.recipients.load(step, deliveries),
        ]);
        for (const recipient of recipients) {
          const tokens = tracked.has(recipient.delivery.contactId) ? tokensFor : undefined;
          results.set(recipient.delivery.id, this.renderOne(step, prepared, recipient, tokens));
        }
        return results;
      },
      send: async (delivery, email) => {
        const outcome = await transport.send({
          deliveryId: delivery.id,
          messageId: email.messageId,
          from: sender.email ?? '',
          to: email.to,
          raw: email.raw,
        });
        // Sent: the transport is done with it, and it is never sent again (a retry renders anew).
        if (outcome.status === 'sent') recycleMessage(email.raw);
        return outcome;
      },
      close: () => Promise.resolve(),
    };
  }

  /** One recipient's MIME message, or why it cannot be written (no address, data the template refuses). */
  private renderOne(
    step: StepContext,
    prepared: PreparedTemplate,
    recipient: Recipient,
    tokensFor: ((deliveryId: string) => MessageTrackingTokens) | undefined,
  ): RenderResult<EmailMessage> {
    const sender = step.sender as { name?: string; email?: string; reply_to?: string };
    const { delivery, contact } = recipient;
    const to = contact.email as string | null;
    if (!to) return { ok: false, reason: 'no e-mail address' };
    const messageId = messageIdOf(delivery.id, step.campaignId, sender.email);
    // The same signed link as in the body (one token per message).
    const unsubscribe =
      step.purpose === 'marketing'
        ? this.unsubscribe.headers(
            { contactId: delivery.contactId, deliveryId: delivery.id },
            recipient.data.unsubscribe_url as string | undefined,
          )
        : undefined;
    try {
      const raw = this.renderer.renderEmailMessage(
        prepared,
        recipient.data,
        {
          from: { name: sender.name, address: sender.email ?? '' },
          to: {
            name: [contact.first_name, contact.last_name].filter(Boolean).join(' ') || undefined,
            address: to,
          },
          replyTo: sender.reply_to,
          messageId,
          listUnsubscribe: unsubscribe?.['List-Unsubscribe'],
          listUnsubscribePost: unsubscribe?.['List-Unsubscribe-Post'],
        },
        tokensFor?.(delivery.id),
      );
      return { ok: true, message: { raw, to, messageId } };
    } catch (error) {
      if (!isMessageError(error)) throw error;
      return { ok: false, reason: error.message };
    }
  }
}
