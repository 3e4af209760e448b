import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ServiceMessagesService, type ServiceMessage } from '../../campaigns/service-messages.service';
import { relanceConfig, type RelanceConfigType } from '../../core/config/relance-config';
import { queryRows } from '../../core/database/query-rows';
import { DomainError } from '../../core/errors/domain-error';
import { localDate } from '../../contacts/normalisation/calendar';
import { ConsentService } from '../../consent/consent.service';
import { ResponsesService } from '../responses.service';
import type { CallOutcomeInput, WorkedOutcome } from './call-outcome-input';

/** The documentation's follow-up call: about eight days after sending it. */
export const DOCUMENTATION_FOLLOW_UP_DAYS = 8;

export const CALL_TEMPLATES = {
  documentation: {
    email: 'templates/email/call-documentation.mjml',
    letter: 'templates/letters/call-documentation.hbs',
  },
  confirmation: {
    email: 'templates/email/appointment-confirmation.mjml',
    sms: 'templates/sms/appointment-confirmation.hbs',
  },
} as const;

const ENDS_THE_CALL: ReadonlySet<WorkedOutcome> = new Set(['reached', 'appointment', 'refused', 'wrong_number']);

export interface WorkedCall {
  deliveryId: string;
  campaignId: string;
  outcome: WorkedOutcome;
  positive: boolean;
  /** When the client is back on the list (a call-back, a documentation follow-up). */
  backOn: string | null;
  /** The message this outcome sent (documentation, appointment confirmation), or why none was. */
  message: { channel: 'email' | 'letter' | 'sms'; template: string; deliveryId: string } | null;
  messageRefused: boolean;
}

interface QueueRow {
  delivery_id: string;
  campaign_id: string;
  contact_id: string;
  done: boolean;
  attempts: number;
  claimed_by: string | null;
  claimed_until: Date | null;
  sender: ServiceMessage['sender'] | null;
}

/**
 * Records what came of a call worked from the call screen, as a `call` response of its campaign
 * (positive per RELANCE_POSITIVE_CALL_OUTCOMES), with its effects: a call-back puts the client back
 * on the list that day; documentation is sent (e-mail, else letter, never on a withdrawn channel)
 * and a follow-up call planned eight days later; an appointment is confirmed the same day.
 */
@Injectable()
export class CallWorkService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly responses: ResponsesService,
    private readonly consent: ConsentService,
    private readonly messages: ServiceMessagesService,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
  ) {}

  /** Today in the installation's time zone (YYYY-MM-DD): call-back dates are days there. */
  today(now = new Date()): string {
    return localDate(now, this.config.defaultTimezone);
  }

  async record(deliveryId: string, operator: string, input: CallOutcomeInput, now = new Date()): Promise<WorkedCall> {
    const contactId = await this.contactOf(deliveryId);
    const channel = await this.messageChannel(contactId, input.outcome);
    if (channel) await this.messages.prepare(channel.template);
    return this.dataSource.transaction(async (tx) => {
      const row = await this.lock(tx, deliveryId, operator, now);
      const attempt = row.attempts + 1;
      const positive = this.config.positiveCallOutcomes.includes(input.outcome);
      await this.responses.record(
        {
          kind: 'call',
          deliveryId,
          value: input.outcome,
          positive,
          details: { note: input.note, date: input.date, time: input.time, attempt, operator },
          source: 'console',
          receivedAt: now,
          dedupeKey: `call:${deliveryId}:attempt:${attempt}`,
        },
        tx,
      );
      const backOn = this.backOn(input, now);
      await tx.query(
        `UPDATE call_queue SET attempts = $2, last_outcome = $3, done = $4, reason = $5,
                due_at = CASE WHEN $6::date IS NULL THEN due_at ELSE ($6::date)::timestamp AT TIME ZONE $7 END,
                claimed_by = NULL, claimed_until = NULL, updated_at = now()
         WHERE delivery_id = $1`,
        [
          deliveryId,
          attempt,
          input.outcome,
          ENDS_THE_CALL.has(input.outcome),
          reasonOf(input.outcome),
          backOn,
          this.config.defaultTimezone,
        ],
      );
      const message = channel ? await this.send(tx, row, channel, input, operator, attempt, now) : null;
      return {
        deliveryId,
        campaignId: row.campaign_id,
        outcome: input.outcome,
        positive,
        backOn,
        message,
        messageRefused: !channel && (input.outcome === 'documentation' || input.outcome === 'appointment'),
      };
    });
  }

  private backOn(input: CallOutcomeInput, now: Date): string | null {
    if (input.outcome === 'callback') return input.date;
    if (input.outcome !== 'documentation') return null;
    const later = new Date(now.getTime() + DOCUMENTATION_FOLLOW_UP_DAYS * 86_400_000);
    return localDate(later, this.config.defaultTimezone);
  }

  private async contactOf(deliveryId: string): Promise<string> {
    const [row] = /^\d+$/.test(deliveryId)
      ? await queryRows<{ contact_id: string }>(
          this.dataSource,
          `SELECT d.contact_id::text FROM call_queue q JOIN deliveries d ON d.id = q.delivery_id WHERE q.delivery_id = $1`,
          [deliveryId],
        )
      : [];
    if (!row) throw DomainError.notFound('calls.not_found', `no call ${deliveryId} on a call list`);
    return row.contact_id;
  }

  /** The call, locked; refused when it is closed or another operator holds it. */
  private async lock(tx: EntityManager, deliveryId: string, operator: string, now: Date): Promise<QueueRow> {
    const [row] = await queryRows<QueueRow>(
      tx,
      `SELECT q.delivery_id::text, q.campaign_id::text, d.contact_id::text, q.done, q.attempts, q.claimed_by,
              q.claimed_until, c.definition -> 'sender' AS sender
       FROM call_queue q JOIN deliveries d ON d.id = q.delivery_id JOIN campaigns c ON c.id = q.campaign_id
       WHERE q.delivery_id = $1 FOR UPDATE OF q`,
      [deliveryId],
    );
    if (!row) throw DomainError.notFound('calls.not_found', `no call ${deliveryId} on a call list`);
    if (row.done) throw DomainError.conflict('calls.already_done', `call ${deliveryId} already has its outcome`);
    const heldByOther = row.claimed_by && row.claimed_by !== operator && row.claimed_until && row.claimed_until > now;
    if (heldByOther) throw DomainError.conflict('calls.held', `call ${deliveryId} is being worked by another operator`);
    return row;
  }

  /**
   * Where the documentation or the confirmation goes: e-mail when the client has an address there
   * and has not objected, else a letter (documentation) or an SMS (confirmation); none otherwise.
   */
  private async messageChannel(contactId: string, outcome: WorkedOutcome) {
    const kind = outcome === 'documentation' ? 'documentation' : outcome === 'appointment' ? 'confirmation' : null;
    if (!kind) return null;
    const [contact] = await queryRows<{ email: string | null; phone: string | null; postal: boolean; erased: boolean }>(
      this.dataSource,
      `SELECT email, phone, (address_line1 IS NOT NULL AND postal_code IS NOT NULL AND city IS NOT NULL) AS postal,
              erased_at IS NOT NULL AS erased
       FROM contacts WHERE id = $1`,
      [contactId],
    );
    if (!contact || contact.erased) return null;
    const states = await this.consent.states(contactId);
    if (contact.email && states.email !== 'withdrawn')
      return { kind, channel: 'email' as const, template: CALL_TEMPLATES[kind].email };
    if (kind === 'documentation' && contact.postal && states.postal !== 'withdrawn')
      return { kind, channel: 'letter' as const, template: CALL_TEMPLATES.documentation.letter };
    if (kind === 'confirmation' && contact.phone && states.sms !== 'withdrawn')
      return { kind, channel: 'sms' as const, template: CALL_TEMPLATES.confirmation.sms };
    return null;
  }

  private async send(
    tx: EntityManager,
    row: QueueRow,
    target: NonNullable<Awaited<ReturnType<CallWorkService['messageChannel']>>>,
    input: CallOutcomeInput,
    operator: string,
    attempt: number,
    now: Date,
  ): Promise<WorkedCall['message']> {
    const signatory = row.sender?.signatory_name ?? row.sender?.name ?? operator;
    const request =
      target.kind === 'documentation'
        ? { call_date: this.today(now), signatory }
        : { appointment_on: input.date, appointment_time: input.time ? frenchTime(input.time) : null, signatory };
    const sent = await this.messages.send(
      {
        contactId: row.contact_id,
        channel: target.channel,
        template: target.template,
        request,
        idempotencyKey: `call:${row.delivery_id}:attempt:${attempt}:${target.kind}`,
        sender: row.sender ?? undefined,
      },
      tx,
    );
    return { channel: target.channel, template: target.template, deliveryId: sent.deliveryId };
  }
}

function reasonOf(outcome: WorkedOutcome): 'callback' | 'documentation' | null {
  return outcome === 'callback' || outcome === 'documentation' ? outcome : null;
}

/** `14:30` → `14 h 30`, as French letters write times. */
function frenchTime(time: string): string {
  const [hours, minutes] = time.split(':');
  return `${Number(hours)} h ${minutes}`;
}
