import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError } from '../core/errors/domain-error';
import { ConsentService } from '../consent/consent.service';
import { ContactsRepository } from '../contacts/contacts.repository';
import { isValidResponseCode, normaliseResponseCodeInput } from '../core/security/response-code';
import { ResponseRecordedEvent } from './events/response-recorded.event';

export const RESPONSE_KINDS = [
  'open',
  'click',
  'reply',
  'coupon',
  'call',
  'survey',
  'unsubscribe',
  'complaint',
] as const;
export type ResponseKind = (typeof RESPONSE_KINDS)[number];

/** Kinds that are a contact coming from the person (the retention clock); an open is not. */
const INBOUND_KINDS: ReadonlySet<ResponseKind> = new Set(['click', 'reply', 'coupon', 'call', 'survey', 'complaint']);

export interface ResponseInput {
  kind: ResponseKind;
  /** One of these identifies the delivery. */
  code?: string;
  deliveryId?: string;
  messageId?: string;
  value?: string | null;
  positive?: boolean | null;
  automated?: boolean;
  details?: Record<string, unknown>;
  source: string;
  receivedAt?: Date;
  /** Same key, same response: a coupon recorded twice counts once. Defaults per kind. */
  dedupeKey?: string;
}

export interface RecordedResponse {
  delivery_id: string;
  campaign_id: string;
  contact_id: string;
  duplicate: boolean;
}

interface DeliveryRef {
  id: string;
  campaign_id: string;
  contact_id: string;
  channel: string;
  response_code: string;
}

/** Records responses, each tied to one delivery, idempotently. */
@Injectable()
export class ResponsesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly consent: ConsentService,
    private readonly contacts: ContactsRepository,
    private readonly events: EventEmitter2,
  ) {}

  async findDelivery(
    input: { code?: string; deliveryId?: string; messageId?: string },
    manager: EntityManager = this.dataSource.manager,
  ): Promise<DeliveryRef | undefined> {
    let where: string;
    let value: string;
    if (input.deliveryId) {
      if (!/^\d+$/.test(input.deliveryId)) return undefined;
      [where, value] = ['id = $1', input.deliveryId];
    } else if (input.code) {
      const code = normaliseResponseCodeInput(input.code);
      if (!isValidResponseCode(code)) return undefined;
      [where, value] = ['response_code = $1', code];
    } else if (input.messageId) {
      [where, value] = ['message_id = $1', input.messageId.trim()];
    } else return undefined;
    const [row]: Array<DeliveryRef | undefined> = await manager.query(
      `SELECT id::text, campaign_id, contact_id::text, channel, response_code FROM deliveries WHERE ${where}`,
      [value],
    );
    return row;
  }

  /**
   * Records a response; unknown codes are a DomainError (callers facing the public decide what to
   * reveal). Listeners of ResponseRecordedEvent (a coupon opening a complaint…) run after the commit; with `manager`
   * the response joins the caller's transaction and no event is emitted (the caller owns the commit).
   */
  async record(input: ResponseInput, manager?: EntityManager): Promise<RecordedResponse> {
    if (manager) {
      const { responseId: _ignored, ...result } = await this.recordWith(manager, input);
      return result;
    }
    const receivedAt = input.receivedAt ?? new Date();
    const { responseId, ...result } = await this.dataSource.transaction((tx) =>
      this.recordWith(tx, { ...input, receivedAt }),
    );
    await this.events.emitAsync(
      ResponseRecordedEvent.event,
      new ResponseRecordedEvent({
        responseId,
        deliveryId: result.delivery_id,
        campaignId: result.campaign_id,
        contactId: result.contact_id,
        kind: input.kind,
        value: input.value ?? null,
        details: input.details ?? {},
        receivedAt,
        duplicate: result.duplicate,
      }),
    );
    return result;
  }

  private async recordWith(
    manager: EntityManager,
    input: ResponseInput,
  ): Promise<RecordedResponse & { responseId: string | null }> {
    const receivedAt = input.receivedAt ?? new Date();
    const delivery = await this.findDelivery(input, manager);
    if (!delivery) {
      throw DomainError.notFound(
        'responses.unknown_code',
        input.code ? `no message with response code "${input.code}"` : 'no such message',
      );
    }
    const dedupeKey = input.dedupeKey ?? defaultDedupeKey(input.kind, delivery.id, input);
    const rows: Array<{ id: string }> = await manager.query(
      `INSERT INTO responses (delivery_id, campaign_id, contact_id, kind, value, positive, automated, details, source, received_at, dedupe_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (dedupe_key) DO NOTHING RETURNING id::text`,
      [
        delivery.id,
        delivery.campaign_id,
        delivery.contact_id,
        input.kind,
        input.value ?? null,
        input.positive ?? null,
        input.automated ?? false,
        JSON.stringify(input.details ?? {}),
        input.source,
        receivedAt,
        dedupeKey,
      ],
    );
    const duplicate = rows.length === 0;
    if (!duplicate && INBOUND_KINDS.has(input.kind) && !input.automated) {
      await this.contacts.recordInbound(manager, delivery.contact_id, receivedAt);
    }
    if (!duplicate && input.kind === 'coupon' && input.details?.opt_out === true) {
      // "Je ne souhaite plus recevoir de courrier", ticked on the returned coupon: the paper is the proof.
      await this.consent.withdraw(
        delivery.contact_id,
        'postal',
        'paper_form',
        { source: 'reply-coupon', proof: { delivery_id: delivery.id, response_code: delivery.response_code } },
        manager,
      );
    }
    return {
      delivery_id: delivery.id,
      campaign_id: delivery.campaign_id,
      contact_id: delivery.contact_id,
      duplicate,
      responseId: rows[0]?.id ?? null,
    };
  }
}

function defaultDedupeKey(kind: ResponseKind, deliveryId: string, input: ResponseInput): string | null {
  switch (kind) {
    case 'coupon':
    case 'survey':
    case 'unsubscribe':
      return `${kind}:${deliveryId}`;
    case 'open':
      return `open:${deliveryId}:${input.automated ? 'automated' : 'person'}`;
    case 'click':
      return `click:${deliveryId}:${input.value ?? ''}:${input.automated ? 'automated' : 'person'}`;
    default:
      return null;
  }
}
