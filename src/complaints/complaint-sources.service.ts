import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { DataSource } from 'typeorm';
import { queryRows } from '../core/database/query-rows';
import { DomainError } from '../core/errors/domain-error';
import { ResponseRecordedEvent } from '../responses/events/response-recorded.event';
import { ComplaintIntakeService, type ComplaintReceipt } from './complaint-intake.service';
import { ComplaintLedger, type Attachment } from './complaint-ledger';
import { REFERENCE_PATTERN } from './complaint-workflow';
import { normaliseEmail } from '../contacts/normalisation/email';

export interface InboundEmail {
  from: string;
  name?: string;
  subject: string;
  text: string;
  messageId?: string;
  receivedAt?: Date;
  attachments?: Attachment[];
}

/** A subject line from free text: its first line, at most 120 characters. */
export function subjectFrom(text: string, fallback: string): string {
  const line =
    text
      .split(/\r?\n/)
      .map((part) => part.trim())
      .find(Boolean) ?? '';
  if (!line) return fallback;
  return line.length > 120 ? `${line.slice(0, 117)}…` : line;
}

/**
 * The intake channels beyond the API: a returned reply coupon with the "réclamation" box
 * ticked, a survey detractor's comment (one click), an e-mail to the complaints address
 * (a reply quoting a reference joins that complaint's thread). Each is idempotent by its origin.
 */
@Injectable()
export class ComplaintSourcesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly intake: ComplaintIntakeService,
    private readonly ledger: ComplaintLedger,
  ) {}

  @OnEvent(ResponseRecordedEvent.event, { suppressErrors: false })
  async onResponseRecorded(response: ResponseRecordedEvent): Promise<void> {
    await this.fromCoupon(response);
  }

  /** A coupon whose "réclamation" box is ticked becomes a complaint (once per coupon). */
  async fromCoupon(response: ResponseRecordedEvent): Promise<ComplaintReceipt | undefined> {
    if (response.kind !== 'coupon' || response.details.complaint !== true) return undefined;
    const [contact] = await queryRows<{ external_id: string }>(
      this.dataSource,
      `SELECT external_id FROM contacts WHERE id = $1`,
      [response.contactId],
    );
    const text = typeof response.details.message === 'string' ? response.details.message.trim() : '';
    return this.intake.receive({
      contact: { external_id: contact.external_id },
      channel: 'coupon',
      receivedAt: response.receivedAt,
      subject: subjectFrom(text, 'coupon-réponse'),
      description: text,
      idempotencyKey: `coupon:${response.deliveryId}`,
      source: {
        deliveryId: response.deliveryId,
        campaignId: response.campaignId,
        responseId: response.responseId ?? undefined,
      },
      actor: 'coupon',
    });
  }

  /** One click from the detractors' list: the contact's latest survey answer (score 0–6) and its comment become a complaint. */
  async fromSurvey(externalId: string, actor: string): Promise<ComplaintReceipt> {
    // An answer that came through a delivery has that delivery's campaign (read only then).
    const [answer] = await queryRows<
      | {
          id: string;
          delivery_id: string | null;
          campaign_id: string;
          received_at: Date;
          score: number;
          comment: string;
        }
      | undefined
    >(
      this.dataSource,
      `SELECT r.id::text, r.delivery_id::text, r.campaign_id, r.received_at, coalesce((r.details ->> 'score')::int, r.value::int) AS score, coalesce(r.details ->> 'comment', '') AS comment
       FROM responses r JOIN contacts c ON c.id = r.contact_id
       WHERE c.external_id = $1 AND r.kind = 'survey' ORDER BY r.received_at DESC, r.id DESC LIMIT 1`,
      [externalId],
    );
    if (!answer)
      throw DomainError.notFound('complaints.no_survey_answer', `contact "${externalId}" has answered no survey`);
    if (answer.score > 6)
      throw DomainError.conflict(
        'complaints.not_a_detractor',
        `contact "${externalId}" last scored ${answer.score}/10: only a detractor's answer (0–6) opens a complaint`,
      );
    return this.intake.receive({
      contact: { external_id: externalId },
      channel: 'survey',
      receivedAt: new Date(answer.received_at),
      subject: subjectFrom(answer.comment, `NPS ${answer.score}/10`),
      description: answer.comment,
      idempotencyKey: `survey:${answer.id}`,
      actor,
      source: answer.delivery_id
        ? { deliveryId: answer.delivery_id, campaignId: answer.campaign_id, responseId: answer.id }
        : undefined,
    });
  }

  /** An e-mail to the complaints mailbox: joins the thread it quotes a reference of (same sender), or opens a complaint. */
  async fromEmail(mail: InboundEmail): Promise<{ reference: string; threaded: boolean; receipt?: ComplaintReceipt }> {
    // As contacts store addresses, so that threading finds the complainant (an unreadable one is refused at intake).
    const email = (() => {
      try {
        return normaliseEmail(mail.from);
      } catch {
        return mail.from.trim().toLowerCase();
      }
    })();
    const quoted = REFERENCE_PATTERN.exec(`${mail.subject}\n${mail.text}`)?.[0];
    if (quoted) {
      const threaded = await this.dataSource.transaction(async (manager) => {
        const [complaint] = await queryRows<{ id: string; reference: string } | undefined>(
          manager,
          `SELECT c.id::text, c.reference FROM complaints c JOIN contacts k ON k.id = c.contact_id WHERE c.reference = $1 AND k.email = $2`,
          [quoted, email],
        );
        if (!complaint) return undefined;
        await this.ledger.addMessage(manager, complaint.id, {
          direction: 'inbound',
          channel: 'email',
          author: 'client',
          body: mail.text.trim(),
          attachments: mail.attachments,
          messageId: mail.messageId,
          at: mail.receivedAt,
        });
        return complaint.reference;
      });
      if (threaded) return { reference: threaded, threaded: true };
    }
    const [first, ...rest] = (mail.name ?? '').trim().split(/\s+/);
    const receipt = await this.intake.receive({
      contact: { email, first_name: first || undefined, last_name: rest.join(' ') || undefined },
      channel: 'email',
      receivedAt: mail.receivedAt,
      subject: subjectFrom(mail.subject, 'e-mail'),
      description: mail.text,
      attachments: mail.attachments,
      messageId: mail.messageId,
      idempotencyKey: mail.messageId ? `email:${mail.messageId}` : undefined,
      actor: 'inbound-email',
    });
    return { reference: receipt.reference, threaded: false, receipt };
  }
}
