import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { queryRows } from '../core/database/query-rows';
import { ServiceMessagesService } from '../campaigns/service-messages.service';
import { DomainError } from '../core/errors/domain-error';
import { ContactsRepository } from '../contacts/contacts.repository';
import { localDate } from '../contacts/normalisation/calendar';
import { ComplaintContacts, type ComplainantInput, type Complainant } from './complaint-contacts';
import { complaintDueDate, type DueDateRule } from './complaint-due-date';
import { ComplaintLedger, type Attachment } from './complaint-ledger';
import { formatReference, type ComplaintChannel } from './complaint-workflow';
import type { WorkingCalendar } from './working-calendar';

export const ACKNOWLEDGEMENT_TEMPLATES = {
  email: 'templates/email/complaint-acknowledgement.mjml',
  letter: 'templates/letters/complaint-acknowledgement.hbs',
  sms: 'templates/sms/complaint-acknowledgement.hbs',
} as const;

export interface ComplaintIntake {
  contact: ComplainantInput;
  channel: ComplaintChannel;
  receivedAt?: Date;
  subject: string;
  description: string;
  urgent?: boolean;
  important?: boolean;
  requestedDelayDays?: number | null;
  /** The same key always answers the same complaint, and acknowledges it once. */
  idempotencyKey?: string;
  attachments?: Attachment[];
  registeredLetter?: boolean;
  origin?: string;
  /** The Message-ID of the e-mail it came in (threads later replies). */
  messageId?: string;
  /** The delivery whose coupon or survey carried it: recorded as a `complaint` response of that campaign. */
  source?: { deliveryId: string; campaignId: string; responseId?: string };
  actor: string;
}

export interface ComplaintReceipt {
  reference: string;
  status: string;
  due_at: Date;
  acknowledgement_delivery_id: string | null;
  /** Extra: whether this call created it (false for a retried intake). */
  created: boolean;
  external_id: string;
}

/**
 * Reception and registration (phases 1–2): the complaint is tied to its contact, gets its
 * reference and due date, lands in the thread, and is acknowledged at once on the client's
 * channel by a service message keyed by the complaint — all in one transaction, so a retried
 * intake (same idempotency key) finds the complaint and sends nothing more.
 */
@Injectable()
export class ComplaintIntakeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly contacts: ComplaintContacts,
    private readonly ledger: ComplaintLedger,
    private readonly messages: ServiceMessagesService,
    private readonly contactsRepository: ContactsRepository,
  ) {}

  async receive(input: ComplaintIntake): Promise<ComplaintReceipt> {
    const key = input.idempotencyKey?.trim() || undefined;
    if (key) {
      const existing = await this.existing(this.dataSource.manager, key);
      if (existing) return existing;
    }
    const receivedAt = input.receivedAt ?? new Date();
    if (Number.isNaN(receivedAt.getTime()))
      throw DomainError.invalid('complaints.bad_date', 'received_at: not a date', {
        fields: [{ field: 'received_at', reason: 'not a date' }],
      });
    if (receivedAt.getTime() > Date.now() + 5 * 60_000)
      throw DomainError.invalid('complaints.future', 'received_at: is in the future', {
        fields: [{ field: 'received_at', reason: 'in the future' }],
      });
    const contact = await this.contacts.resolve(input.contact);
    const ackChannel = this.contacts.acknowledgementChannel(contact);
    if (ackChannel) await this.messages.prepare(ACKNOWLEDGEMENT_TEMPLATES[ackChannel]);
    return this.dataSource.transaction(async (manager) => {
      if (key) {
        await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`relance:complaint:${key}`]);
        const existing = await this.existing(manager, key);
        if (existing) return existing;
      }
      return this.register(manager, input, contact, receivedAt, key, ackChannel);
    });
  }

  private async register(
    manager: EntityManager,
    input: ComplaintIntake,
    contact: Complainant,
    receivedAt: Date,
    key: string | undefined,
    ackChannel: 'email' | 'letter' | 'sms' | undefined,
  ): Promise<ComplaintReceipt> {
    const calendar = this.contacts.calendarFor(contact);
    const { dueAt, rule } = complaintDueDate(
      {
        receivedAt,
        urgent: Boolean(input.urgent),
        important: Boolean(input.important),
        requestedDelayDays: input.requestedDelayDays,
      },
      calendar,
    );
    const { id, reference } = await this.insertComplaint(manager, input, contact, receivedAt, key, {
      dueAt,
      rule,
      calendar,
    });
    await this.ledger.addMessage(manager, id, {
      direction: 'inbound',
      channel: input.channel,
      author: 'client',
      body: input.description.trim(),
      attachments: input.attachments,
      messageId: input.messageId,
      at: receivedAt,
    });
    await this.ledger.logTransition(manager, id, null, 'received', input.actor, {
      channel: input.channel,
      due_rule: rule,
      calendar: calendar.country,
      prospect_created: contact.created,
    });
    const deliveryId = ackChannel
      ? await this.acknowledge(manager, id, reference, contact, ackChannel, {
          receivedAt,
          dueAt,
          timeZone: calendar.timeZone,
        })
      : await this.flagManualAcknowledgement(manager, id);
    if (input.source) await this.recordSourceResponse(manager, input.source, contact.id, reference, receivedAt);
    await this.contactsRepository.recordInbound(manager, contact.id, receivedAt);
    await this.ledger.refreshOpenCount(manager, contact.id);
    return {
      reference,
      status: ackChannel ? 'acknowledged' : 'received',
      due_at: dueAt,
      acknowledgement_delivery_id: deliveryId,
      created: true,
      external_id: contact.external_id,
    };
  }

  /** Draws the reference from the year's sequence and inserts the complaint row. */
  private async insertComplaint(
    manager: EntityManager,
    input: ComplaintIntake,
    contact: Complainant,
    receivedAt: Date,
    key: string | undefined,
    due: { dueAt: Date; rule: DueDateRule; calendar: WorkingCalendar },
  ): Promise<{ id: string; reference: string }> {
    const [{ sequence }] = await queryRows<{ sequence: number }>(
      manager,
      `SELECT nextval('complaint_reference_seq')::int AS sequence`,
    );
    const reference = formatReference(Number(localDate(receivedAt, due.calendar.timeZone).slice(0, 4)), sequence);
    const [{ id }] = await queryRows<{ id: string }>(
      manager,
      `INSERT INTO complaints (reference, contact_id, channel, received_at, subject, description, urgent, important, requested_delay_days, due_at, due_rule,
         calendar_country, origin, sector, region, registered_letter, idempotency_key, source_response_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15, $16, $17) RETURNING id::text`,
      [
        reference,
        contact.id,
        input.channel,
        receivedAt,
        input.subject.trim(),
        input.description.trim(),
        Boolean(input.urgent),
        Boolean(input.important),
        input.requestedDelayDays ?? null,
        due.dueAt,
        due.rule,
        due.calendar.country,
        input.origin ?? input.channel,
        contact.region,
        Boolean(input.registeredLetter),
        key ?? null,
        input.source?.responseId ?? null,
      ],
    );
    return { id, reference };
  }

  /** Sends the acknowledgement service message and moves the complaint to `acknowledged`. */
  private async acknowledge(
    manager: EntityManager,
    id: string,
    reference: string,
    contact: Complainant,
    ackChannel: 'email' | 'letter' | 'sms',
    dates: { receivedAt: Date; dueAt: Date; timeZone: string },
  ): Promise<string> {
    const sent = await this.messages.send(
      {
        contactId: contact.id,
        channel: ackChannel,
        template: ACKNOWLEDGEMENT_TEMPLATES[ackChannel],
        idempotencyKey: `complaint-ack:${reference}`,
        request: {
          complaint_reference: reference,
          complaint_received_on: localDate(dates.receivedAt, dates.timeZone),
          answer_by: localDate(dates.dueAt, dates.timeZone),
        },
      },
      manager,
    );
    const deliveryId = sent.deliveryId;
    await manager.query(
      `UPDATE complaints SET status = 'acknowledged', acknowledged_at = now(), acknowledgement_delivery_id = $2, updated_at = now() WHERE id = $1`,
      [id, deliveryId],
    );
    await this.ledger.logTransition(manager, id, 'received', 'acknowledged', 'system', {
      channel: ackChannel,
      delivery_id: deliveryId,
    });
    await this.ledger.addMessage(manager, id, {
      direction: 'outbound',
      channel: ackChannel,
      author: 'system',
      body: 'acknowledgement',
      deliveryId,
    });
    return deliveryId;
  }

  private async flagManualAcknowledgement(manager: EntityManager, id: string): Promise<null> {
    await this.ledger.addMessage(manager, id, {
      direction: 'note',
      author: 'system',
      body: 'no e-mail, postal address or phone number: acknowledge it by hand',
    });
    return null;
  }

  /** Records the complaint as a `complaint` response of the campaign whose delivery carried it. */
  private async recordSourceResponse(
    manager: EntityManager,
    source: NonNullable<ComplaintIntake['source']>,
    contactId: string,
    reference: string,
    receivedAt: Date,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO responses (delivery_id, campaign_id, contact_id, kind, value, source, received_at, dedupe_key)
       VALUES ($1, $2, $3, 'complaint', $4, 'complaints', $5, $6) ON CONFLICT (dedupe_key) DO NOTHING`,
      [source.deliveryId, source.campaignId, contactId, reference, receivedAt, `complaint:${reference}`],
    );
  }

  private async existing(manager: EntityManager, key: string): Promise<ComplaintReceipt | undefined> {
    const [row] = await queryRows<Omit<ComplaintReceipt, 'created'> | undefined>(
      manager,
      `SELECT c.reference, c.status, c.due_at, c.acknowledgement_delivery_id::text, k.external_id
       FROM complaints c JOIN contacts k ON k.id = c.contact_id WHERE c.idempotency_key = $1`,
      [key],
    );
    return row ? { ...row, created: false } : undefined;
  }
}
