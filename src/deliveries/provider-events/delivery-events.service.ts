import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { createHash } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { DeliveryEvent } from '../../channels/channel.types';
import { normaliseEmail } from '../../contacts/normalisation/email';
import { normalisePhone } from '../../contacts/normalisation/phone';
import { relanceConfig, type RelanceConfigType } from '../../core/config/relance-config';
import { KeyedHasher } from '../../core/security/keyed-hasher';
import { ConsentService } from '../../consent/consent.service';
import { SuppressionService, type SuppressionEntry } from '../../consent/suppression.service';
import { ResponseObservedEvent } from '../events/response-observed.event';
import { DeliveriesRepository } from '../deliveries.repository';
import { IN_FLIGHT, eventTransition, type DeliveryState } from '../delivery-state';
import { deliveryOfMessageId } from '../senders/email.sender';

/** Soft bounces of one address are counted over this window (RELANCE_SOFT_BOUNCE_LIMIT of them suppress it). */
export const SOFT_BOUNCE_WINDOW_DAYS = 30;

/** `in_flight`: the message is still being handed over; nothing is recorded and the caller is asked to retry. */
export type EventOutcome = 'applied' | 'unchanged' | 'duplicate' | 'unknown_delivery' | 'in_flight';

export interface EventResult {
  index: number;
  type: DeliveryEvent['type'];
  delivery_id: string | null;
  outcome: EventOutcome;
  /** The delivery's state after the event. */
  state: DeliveryState | null;
  /** Suppression reasons added for the address. */
  suppressed: string[];
}

interface DeliveryRow {
  id: string;
  campaign_id: string;
  contact_id: string;
  channel: string;
  state: DeliveryState;
  email: string | null;
  phone: string | null;
}

type Channel = 'email' | 'sms';

/**
 * Applies what providers report after a message left — receipts, bounces, complaints — to the
 * delivery ledger (compare-and-set), the suppression list and the consent ledger. Each event is
 * one transaction, recorded once under its dedupe key: a provider retrying a webhook changes
 * nothing the second time. An event that names no known message still suppresses the address
 * it names, when it is a bounce or a complaint.
 */
@Injectable()
export class DeliveryEventsService {
  private readonly logger = new Logger('DeliveryEvents');

  constructor(
    private readonly dataSource: DataSource,
    private readonly deliveries: DeliveriesRepository,
    private readonly hasher: KeyedHasher,
    private readonly suppressions: SuppressionService,
    private readonly consent: ConsentService,
    private readonly events: EventEmitter2,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
  ) {}

  async apply(events: DeliveryEvent[], source: string): Promise<EventResult[]> {
    const results: EventResult[] = [];
    for (const [index, event] of events.entries()) {
      results.push({
        index,
        ...(await this.dataSource.transaction((manager) => this.applyOne(manager, event, source))),
      });
    }
    const applied = results.filter((r) => r.outcome === 'applied').length;
    if (applied) this.logger.log(`${applied} of ${events.length} delivery events applied (${source})`);
    return results;
  }

  private async applyOne(
    manager: EntityManager,
    event: DeliveryEvent,
    source: string,
  ): Promise<Omit<EventResult, 'index'>> {
    const delivery = await this.findDelivery(manager, event);
    const channel: Channel | undefined = delivery
      ? delivery.channel === 'email' || delivery.channel === 'sms'
        ? delivery.channel
        : undefined
      : guessChannel(event.recipient);
    const address = this.address(channel, event.recipient, delivery);
    const hash = address ? this.hasher.hash(address) : null;
    const base = { type: event.type, delivery_id: delivery?.id ?? null, suppressed: [] as string[] };

    // A receipt can beat the worker recording the send: keep no trace of it, so the provider's retry applies.
    if (delivery && IN_FLIGHT.includes(delivery.state)) return { ...base, outcome: 'in_flight', state: delivery.state };
    const target = delivery ? eventTransition(event.type, delivery.state) : undefined;
    const outcome: EventOutcome = !delivery ? 'unknown_delivery' : target ? 'applied' : 'unchanged';
    const inserted: unknown[] = await manager.query(
      `INSERT INTO delivery_events (delivery_id, channel, type, recipient_hash, reason, occurred_at, source, outcome, dedupe_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
      [
        delivery?.id ?? null,
        channel ?? null,
        event.type,
        hash,
        event.reason ?? null,
        event.at,
        source,
        outcome,
        dedupeKey(event, delivery?.id),
      ],
    );
    if (!inserted.length) return { ...base, outcome: 'duplicate', state: delivery?.state ?? null };

    if (delivery && target) {
      await this.deliveries.applyEvent(manager, {
        id: delivery.id,
        from: delivery.state,
        to: target,
        reason: reasonFor(event),
        at: event.at,
      });
    }
    const suppressed =
      channel && address ? await this.consequences(manager, event, channel, address, hash!, delivery) : [];
    return { ...base, outcome, state: target ?? delivery?.state ?? null, suppressed };
  }

  /** Suppression (hard bounce, repeated soft bounces, complaint) and, for a complaint, the withdrawal of consent. */
  private async consequences(
    manager: EntityManager,
    event: DeliveryEvent,
    channel: Channel,
    address: string,
    hash: Buffer,
    delivery?: DeliveryRow,
  ): Promise<string[]> {
    const entries: SuppressionEntry[] = [];
    const from = `delivery webhook${delivery ? ` (delivery ${delivery.id})` : ''}`;
    if (event.type === 'bounced') entries.push({ channel, value: address, reason: 'hard_bounce', source: from });
    if (
      event.type === 'soft_bounce' &&
      (await this.softBounces(manager, channel, hash, event.at)) >= this.config.delivery.softBounceLimit
    ) {
      entries.push({
        channel,
        value: address,
        reason: 'soft_bounces',
        source: `${from}: ${this.config.delivery.softBounceLimit} soft bounces within ${SOFT_BOUNCE_WINDOW_DAYS} days`,
      });
    }
    if (event.type === 'complaint') {
      entries.push({ channel, value: address, reason: 'spam_complaint', source: from });
      if (delivery) await this.withdrawOnComplaint(manager, event, channel, delivery);
    }
    if (!entries.length) return [];
    await this.suppressions.add(entries, manager);
    return entries.map((entry) => entry.reason);
  }

  /** A spam report is an objection: consent withdrawn, with the report as proof, and counted in the campaign report. */
  private async withdrawOnComplaint(
    manager: EntityManager,
    event: DeliveryEvent,
    channel: Channel,
    delivery: DeliveryRow,
  ): Promise<void> {
    await this.consent.withdraw(
      delivery.contact_id,
      channel,
      'complaint',
      {
        source: 'spam complaint reported by the mailbox provider',
        proof: {
          delivery_id: delivery.id,
          campaign_id: delivery.campaign_id,
          reported_at: event.at.toISOString(),
          reason: event.reason ?? null,
          event_id: event.eventId ?? null,
        },
        recordedBy: 'delivery-webhook',
      },
      manager,
    );
    await this.events.emitAsync(
      ResponseObservedEvent.event,
      new ResponseObservedEvent(
        {
          kind: 'complaint',
          deliveryId: delivery.id,
          value: 'spam',
          automated: true,
          source: 'delivery-webhook',
          receivedAt: event.at,
          details: { spam: true, reason: event.reason ?? null },
          dedupeKey: `complaint:spam:${delivery.id}`,
        },
        manager,
      ),
    );
  }

  /** Distinct soft-bounced messages of one address in the window ending at `at` (this one included). */
  private async softBounces(manager: EntityManager, channel: Channel, hash: Buffer, at: Date): Promise<number> {
    // Two bounces of one address arriving together must see each other: serialise on the address.
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended(encode($1::bytea, 'hex'), 7))`, [hash]);
    const [{ n }]: Array<{ n: number }> = await manager.query(
      `SELECT count(DISTINCT coalesce(delivery_id::text, dedupe_key))::int AS n FROM delivery_events
       WHERE type = 'soft_bounce' AND channel = $1 AND recipient_hash = $2
         AND occurred_at > $3::timestamptz - make_interval(days => $4) AND occurred_at <= $3::timestamptz`,
      [channel, hash, at, SOFT_BOUNCE_WINDOW_DAYS],
    );
    return n;
  }

  private async findDelivery(manager: EntityManager, event: DeliveryEvent): Promise<DeliveryRow | undefined> {
    const select = `SELECT d.id::text, d.campaign_id, d.contact_id::text, d.channel, d.state, c.email, c.phone
                    FROM deliveries d JOIN contacts c ON c.id = d.contact_id`;
    const lookups: Array<[string, string | undefined]> = [
      ['d.id = $1::bigint', event.deliveryId],
      ['d.message_id = $1', event.messageId ? `<${event.messageId.replace(/^<|>$/g, '')}>` : undefined],
      ['d.provider_id = $1', event.providerId],
    ];
    for (const [where, value] of lookups) {
      if (!value) continue;
      const [row]: DeliveryRow[] = await manager.query(
        `${select} WHERE ${where} ORDER BY d.id DESC LIMIT 1 FOR UPDATE OF d`,
        [value],
      );
      if (row) return row;
    }
    // The Message-ID is stored with the outcome; until then, ours says which delivery it is.
    const named = event.messageId ? deliveryOfMessageId(event.messageId) : undefined;
    if (!named) return undefined;
    const [row]: DeliveryRow[] = await manager.query(
      `${select} WHERE d.id = $1::bigint AND d.message_id IS NULL AND left(d.campaign_id::text, 8) = $2 FOR UPDATE OF d`,
      [named.deliveryId, named.campaignPrefix],
    );
    return row;
  }

  /** The normalised address the event is about: the one the provider names, else the contact's. */
  private address(
    channel: Channel | undefined,
    recipient: string | undefined,
    delivery?: DeliveryRow,
  ): string | undefined {
    if (!channel) return undefined;
    if (recipient) {
      try {
        return channel === 'email' ? normaliseEmail(recipient) : normalisePhone(recipient, this.config.defaultCountry);
      } catch {
        // An address we cannot read is not one we could ever send to: fall back to the contact's.
      }
    }
    return (channel === 'email' ? delivery?.email : delivery?.phone) ?? undefined;
  }
}

function guessChannel(recipient: string | undefined): Channel | undefined {
  if (!recipient) return undefined;
  return recipient.includes('@') ? 'email' : /^\+?[\d\s().-]{6,}$/.test(recipient) ? 'sms' : undefined;
}

function reasonFor(event: DeliveryEvent): string | null {
  const label =
    event.type === 'soft_bounce'
      ? 'soft bounce'
      : event.type === 'bounced'
        ? 'hard bounce'
        : event.type === 'failed'
          ? 'not delivered'
          : null;
  if (!label) return null;
  return event.reason ? `${label}: ${event.reason}` : label;
}

/**
 * Once per (delivery, event type): a retried webhook, or the same news told twice, counts once
 * (soft bounces are counted per message anyway). For an event naming no known message, the
 * provider's event id, else what the event says — its time only when the provider gave one.
 */
function dedupeKey(event: DeliveryEvent, deliveryId: string | undefined): string {
  if (deliveryId) return `delivery:${deliveryId}:${event.type}`;
  if (event.eventId) return `event:${event.eventId}`;
  const identity = [
    event.messageId ?? '',
    event.providerId ?? '',
    event.recipient?.toLowerCase() ?? '',
    event.type,
    event.atEstimated ? '' : event.at.toISOString(),
    event.reason ?? '',
  ];
  return `hash:${createHash('sha256').update(identity.join('\u0000')).digest('hex')}`;
}
