import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { isStopMessage } from '../../consent/sms-stop';
import { InboundSmsReceivedEvent } from '../../consent/events/inbound-sms-received.event';
import type { InboundSms, InboundSmsOutcome } from '../../consent/webhooks/inbound-sms';
import { ResponsesService } from '../responses.service';
import { header, isAutomaticReply, referencedMessageIds, responseCodesIn, type HeaderMap } from './reply-matching';

export interface InboundEmail {
  from: string;
  to?: string | string[];
  subject?: string;
  text?: string;
  in_reply_to?: string | string[];
  references?: string | string[];
  message_id?: string;
  headers?: HeaderMap;
  received_at?: string;
}

export type ReplyOutcome =
  | {
      matched: true;
      delivery_id: string;
      campaign_id: string;
      duplicate: boolean;
      matched_by: 'message_id' | 'response_code' | 'phone';
    }
  | { matched: false; reason: 'automatic_reply' | 'no_matching_message' | 'stop' };

const EXCERPT = 2000;
const digest = (...parts: Array<string | undefined>) =>
  createHash('sha256')
    .update(parts.map((part) => part ?? '').join('\u0000'))
    .digest('base64url')
    .slice(0, 32);

/**
 * Replies to messages, recorded as `reply` responses of the delivery they answer: e-mails from
 * the inbound webhook (tied by Message-ID or response code) and SMS answers other than STOP
 * (tied to the latest SMS the number received within its campaign's attribution window).
 * A provider retrying the same webhook records nothing more.
 */
@Injectable()
export class InboundRepliesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly responses: ResponsesService,
  ) {}

  @OnEvent(InboundSmsReceivedEvent.event, { suppressErrors: false })
  async onInboundSms({ message }: InboundSmsReceivedEvent): Promise<InboundSmsOutcome | void> {
    const outcome = await this.smsReply(message);
    if (outcome.matched) return { duplicate: outcome.duplicate };
  }

  async emailReply(email: InboundEmail): Promise<ReplyOutcome> {
    if (isAutomaticReply(email.subject, email.headers)) return { matched: false, reason: 'automatic_reply' };
    let delivery: { id: string } | undefined;
    let matchedBy: 'message_id' | 'response_code' = 'message_id';
    for (const messageId of referencedMessageIds(email)) {
      delivery = await this.responses.findDelivery({ messageId });
      if (delivery) break;
    }
    if (!delivery) {
      matchedBy = 'response_code';
      for (const code of [...responseCodesIn(email.subject), ...responseCodesIn(email.text)]) {
        delivery = await this.responses.findDelivery({ code });
        if (delivery) break;
      }
    }
    if (!delivery) return { matched: false, reason: 'no_matching_message' };
    const inboundId = email.message_id ?? header(email.headers, 'message-id');
    const recorded = await this.responses.record({
      kind: 'reply',
      deliveryId: delivery.id,
      value: email.subject?.slice(0, 500) ?? null,
      source: 'email-webhook',
      details: {
        channel: 'email',
        from: email.from,
        subject: email.subject,
        excerpt: email.text?.slice(0, EXCERPT),
        message_id: inboundId,
      },
      receivedAt: email.received_at ? new Date(email.received_at) : undefined,
      dedupeKey: `reply:${delivery.id}:${inboundId ? `id:${inboundId.trim()}` : digest(email.from, email.subject, email.text)}`,
    });
    return {
      matched: true,
      delivery_id: recorded.delivery_id,
      campaign_id: recorded.campaign_id,
      duplicate: recorded.duplicate,
      matched_by: matchedBy,
    };
  }

  async smsReply(message: InboundSms): Promise<ReplyOutcome> {
    if (isStopMessage(message.text)) return { matched: false, reason: 'stop' };
    const [delivery]: Array<{ id: string }> = await this.dataSource.query(
      `SELECT d.id::text AS id
       FROM contacts c
       JOIN deliveries d ON d.contact_id = c.id AND d.channel = 'sms' AND d.sent_at IS NOT NULL
       JOIN campaigns k ON k.id = d.campaign_id
       WHERE c.phone = $1 AND c.erased_at IS NULL AND d.sent_at <= $2 AND d.sent_at > $2 - make_interval(days => k.attribution_days)
       ORDER BY d.sent_at DESC, d.id DESC LIMIT 1`,
      [message.from, message.receivedAt],
    );
    if (!delivery) return { matched: false, reason: 'no_matching_message' };
    const recorded = await this.responses.record({
      kind: 'reply',
      deliveryId: delivery.id,
      value: message.text.slice(0, 500),
      source: 'sms-webhook',
      details: { channel: 'sms', excerpt: message.text.slice(0, EXCERPT), provider_id: message.providerId },
      receivedAt: message.receivedAt,
      dedupeKey: `reply:${delivery.id}:${message.providerId ? `id:${message.providerId}` : digest(message.from, message.text, message.receivedAt.toISOString())}`,
    });
    return {
      matched: true,
      delivery_id: recorded.delivery_id,
      campaign_id: recorded.campaign_id,
      duplicate: recorded.duplicate,
      matched_by: 'phone',
    };
  }
}
