import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { queryRows } from '../core/database/query-rows';
import { ServiceMessagesService } from '../campaigns/service-messages.service';
import { relanceConfig, type RelanceConfigType } from '../core/config/relance-config';
import { localDate } from '../contacts/normalisation/calendar';
import { ComplaintContacts } from './complaint-contacts';
import { complaintDueDate } from './complaint-due-date';
import { ComplaintFollowUp } from './complaint-follow-up';
import { ComplaintLedger, type ComplaintRow, type ThreadMessage } from './complaint-ledger';
import { nextStatus, type ComplaintAction, type ComplaintStatus } from './complaint-workflow';
import {
  invalid,
  normaliseCompensation,
  type Answer,
  type Assignment,
  type Closing,
  type Qualification,
} from './complaint-workflow-inputs';
import { complaintsConfig, type ComplaintsConfigType } from './complaints.config';

export const ANSWER_TEMPLATES = {
  email: 'templates/email/complaint-answer.mjml',
  letter: 'templates/letters/complaint-answer.hbs',
} as const;

/**
 * Phases 3–4 (qualification, resolution, answer, closure) as compare-and-set transitions on
 * a locked row: each is logged with its time and author, refused with a 409 from the wrong
 * state, and keeps the contact's open-complaint counter exact.
 */
@Injectable()
export class ComplaintWorkflowService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: ComplaintLedger,
    private readonly contacts: ComplaintContacts,
    private readonly messages: ServiceMessagesService,
    private readonly followUp: ComplaintFollowUp,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
    @Inject(complaintsConfig.KEY) private readonly settings: ComplaintsConfigType,
  ) {}

  async qualify(reference: string, input: Qualification, actor: string, at?: Date): Promise<ComplaintRow> {
    if (input.cause !== undefined && !this.settings.causes.includes(input.cause))
      throw invalid('cause', `must be one of ${this.settings.causes.join(', ')}`);
    if (input.category !== undefined && !this.settings.categories.includes(input.category))
      throw invalid('category', `must be one of ${this.settings.categories.join(', ')}`);
    return this.transition(reference, 'qualify', actor, at, async (manager, complaint) => {
      const urgent = input.urgent ?? complaint.urgent;
      const important = input.important ?? complaint.important;
      const requested =
        input.requested_delay_days === undefined ? complaint.requested_delay_days : input.requested_delay_days;
      const [contact] = await queryRows<{ country: string | null; timezone: string | null }>(
        manager,
        `SELECT country, timezone FROM contacts WHERE id = $1`,
        [complaint.contact_id],
      );
      const { dueAt, rule } = complaintDueDate(
        { receivedAt: new Date(complaint.received_at), urgent, important, requestedDelayDays: requested },
        this.contacts.calendarFor(contact),
      );
      const columns = [
        'cause',
        'category',
        'product',
        'origin',
        'sector',
        'region',
        'type',
        'registered_letter',
      ] as const;
      const set = columns.filter((column) => input[column] !== undefined);
      await manager.query(
        `UPDATE complaints SET ${set.map((column, index) => `${column} = $${index + 8}, `).join('')}urgent = $2, important = $3, requested_delay_days = $4, due_at = $5, due_rule = $6,
           qualified_at = coalesce(qualified_at, $7::timestamptz, now()) WHERE id = $1`,
        [complaint.id, urgent, important, requested, dueAt, rule, at ?? null, ...set.map((column) => input[column])],
      );
      return {
        ...Object.fromEntries(set.map((column) => [column, input[column]])),
        urgent,
        important,
        due_at: dueAt.toISOString(),
        due_rule: rule,
      };
    });
  }

  async assign(reference: string, input: Assignment, actor: string, at?: Date): Promise<ComplaintRow> {
    if (!input.owner?.trim()) throw invalid('owner', 'say who handles the complaint');
    return this.transition(reference, 'assign', actor, at, async (manager, complaint) => {
      await manager.query(
        `UPDATE complaints SET owner = $2, owner_email = $3, forwarded_to = $4, copy_to = $5, assigned_at = coalesce($6::timestamptz, now()) WHERE id = $1`,
        [
          complaint.id,
          input.owner.trim(),
          input.owner_email ?? null,
          input.forwarded_to ?? null,
          input.copy_to ?? null,
          at ?? null,
        ],
      );
      if (input.forwarded_to) {
        await this.ledger.addMessage(manager, complaint.id, {
          direction: 'note',
          author: actor,
          body: `forwarded to ${input.forwarded_to}${input.copy_to ? `, copy to ${input.copy_to}` : ''}`,
          at,
        });
      }
      return { owner: input.owner.trim(), forwarded_to: input.forwarded_to ?? null, copy_to: input.copy_to ?? null };
    });
  }

  async answer(reference: string, input: Answer, actor: string, at?: Date): Promise<ComplaintRow> {
    if (!input.summary?.trim()) throw invalid('summary', 'restate what the client complained about');
    if (!input.corrective_measures?.trim()) throw invalid('corrective_measures', 'say what was done about it');
    const compensation = normaliseCompensation(input.compensation, this.config.defaultCurrency);
    for (const template of Object.values(ANSWER_TEMPLATES)) await this.messages.prepare(template);
    return this.transition(reference, 'answer', actor, at, async (manager, complaint) => {
      const [contact] = await queryRows<{
        email: string | null;
        address_line1: string | null;
        country: string | null;
        timezone: string | null;
      }>(manager, `SELECT email, address_line1, country, timezone FROM contacts WHERE id = $1`, [complaint.contact_id]);
      const channel = input.channel ?? (contact.email ? 'email' : 'letter');
      if (channel === 'email' && !contact.email)
        throw invalid('channel', 'the client has no e-mail address: answer by letter');
      const zone = this.contacts.calendarFor(contact).timeZone;
      const sent = await this.messages.send(
        {
          contactId: complaint.contact_id,
          channel,
          template: ANSWER_TEMPLATES[channel],
          idempotencyKey: `complaint-answer:${complaint.reference}`,
          request: {
            complaint_reference: complaint.reference,
            complaint_received_on: localDate(new Date(complaint.received_at), zone),
            complaint_summary: input.summary.trim(),
            corrective_measures: input.corrective_measures.trim(),
            ...(input.commercial_gesture?.trim() ? { commercial_gesture: input.commercial_gesture.trim() } : {}),
          },
        },
        manager,
      );
      await manager.query(
        `UPDATE complaints SET answered_at = coalesce($2::timestamptz, now()), answer_delivery_id = $3 WHERE id = $1`,
        [complaint.id, at ?? null, sent.deliveryId],
      );
      await this.ledger.addMessage(manager, complaint.id, {
        direction: 'outbound',
        channel,
        author: actor,
        deliveryId: sent.deliveryId,
        at,
        body: [input.summary, input.corrective_measures, input.commercial_gesture].filter(Boolean).join('\n\n'),
      });
      if (compensation) await this.ledger.addCompensation(manager, complaint.id, 'answer', compensation, actor, at);
      return { channel, delivery_id: sent.deliveryId, compensation: compensation ?? null };
    });
  }

  async close(reference: string, input: Closing, actor: string, at?: Date): Promise<ComplaintRow> {
    if (input.condition === 'unfounded' && !input.explanation?.trim())
      throw invalid('explanation', 'an unfounded complaint is closed with an explanation');
    const compensation = normaliseCompensation(input.compensation, this.config.defaultCurrency);
    await this.followUp.prepare();
    // A close retried with the same condition (even concurrently) answers the closed complaint and records nothing twice.
    const replayed = (complaint: ComplaintRow) =>
      complaint.status === 'closed' && complaint.closing_condition === input.condition;
    return this.transition(
      reference,
      'close',
      actor,
      at,
      async (manager, complaint) => {
        const closedAt = at ?? new Date();
        await manager.query(
          `UPDATE complaints SET closing_condition = $2, closing_explanation = $3, closed_at = $4 WHERE id = $1`,
          [complaint.id, input.condition, input.explanation?.trim() || null, closedAt],
        );
        if (compensation) await this.ledger.addCompensation(manager, complaint.id, 'close', compensation, actor, at);
        const [{ total }] = await queryRows<{ total: number }>(
          manager,
          `SELECT coalesce(sum(amount), 0)::float8 AS total FROM complaint_compensations WHERE complaint_id = $1`,
          [complaint.id],
        );
        const follow = await this.followUp.afterClosing(manager, complaint, closedAt, input.condition, total);
        if (follow.callSkipped)
          await this.ledger.addMessage(manager, complaint.id, {
            direction: 'note',
            author: 'system',
            body: `serious case, no follow-up call: ${follow.callSkipped}`,
          });
        return {
          condition: input.condition,
          compensation: compensation ?? null,
          event_id: follow.eventId,
          follow_up_call_delivery_id: follow.callDeliveryId,
        };
      },
      replayed,
    );
  }

  /** A message added to the thread: what the client said on the phone or in a letter, an internal note. */
  async addMessage(
    reference: string,
    message: ThreadMessage,
    actor: string,
  ): Promise<{ reference: string; added: boolean }> {
    return this.dataSource.transaction(async (manager) => {
      const complaint = await this.ledger.lock(manager, reference);
      const added = await this.ledger.addMessage(manager, complaint.id, {
        ...message,
        author: message.author ?? actor,
      });
      return { reference: complaint.reference, added };
    });
  }

  private async transition(
    reference: string,
    action: ComplaintAction,
    actor: string,
    at: Date | undefined,
    work: (manager: EntityManager, complaint: ComplaintRow) => Promise<Record<string, unknown>>,
    alreadyDone?: (complaint: ComplaintRow) => boolean,
  ): Promise<ComplaintRow> {
    if (at && (Number.isNaN(at.getTime()) || at.getTime() > Date.now() + 5 * 60_000))
      throw invalid('at', 'must be a date and time not in the future');
    return this.dataSource.transaction(async (manager) => {
      const complaint = await this.ledger.lock(manager, reference);
      if (alreadyDone?.(complaint)) return complaint;
      const next: ComplaintStatus = nextStatus(complaint.reference, complaint.status, action);
      if (at && at.getTime() < new Date(complaint.received_at).getTime())
        throw invalid('at', 'is before the complaint was received');
      const details = await work(manager, complaint);
      await manager.query(`UPDATE complaints SET status = $2, updated_at = now() WHERE id = $1`, [complaint.id, next]);
      await this.ledger.logTransition(manager, complaint.id, complaint.status, next, actor, details, at);
      await this.ledger.refreshOpenCount(manager, complaint.contact_id);
      return this.ledger.lock(manager, complaint.reference);
    });
  }
}
