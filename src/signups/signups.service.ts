import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ServiceMessagesService } from '../campaigns/service-messages.service';
import { ContactsRepository } from '../contacts/contacts.repository';
import { ContactsService } from '../contacts/contacts.service';
import { relanceConfig, type RelanceConfigType } from '../core/config/relance-config';
import { DomainError } from '../core/errors/domain-error';
import { ConsentService } from '../consent/consent.service';

export const DOUBLE_OPT_IN_TEMPLATE = 'templates/email/double-opt-in.mjml';
const VALIDITY_DAYS = 7;

/** A row of `signups` as read back. */
interface SignupRow {
  id: string;
  contact_id: string;
  wording: string;
  source: string | null;
  ip: string | null;
  user_agent: string | null;
  requested_at: Date;
  expires_at: Date;
  confirmed_at: Date | null;
}

export interface SignupRequest {
  email: string;
  external_id?: string;
  first_name?: string;
  last_name?: string;
  wording: string;
  source?: string;
  ip?: string;
  user_agent?: string;
}

/**
 * Double opt-in for e-mail sign-ups: the request is recorded with its wording and origin, a
 * confirmation message goes out (a service message), and consent is granted only when the
 * person confirms through the link (within seven days), never before.
 */
@Injectable()
export class SignupsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly contacts: ContactsService,
    private readonly contactsRepository: ContactsRepository,
    private readonly consent: ConsentService,
    private readonly messages: ServiceMessagesService,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
  ) {}

  async request(
    input: SignupRequest,
  ): Promise<{ signup_id: string; external_id: string; delivery_id: string; expires_at: Date }> {
    const email = input.email.trim().toLowerCase();
    const existing = await this.contactsRepository.externalIdByEmail(email);
    const externalId =
      input.external_id ?? existing ?? `web-${createHash('sha256').update(email).digest('hex').slice(0, 16)}`;
    const { contact } = await this.contacts.upsert({
      external_id: externalId,
      email,
      first_name: input.first_name,
      last_name: input.last_name,
    });
    await this.messages.prepare(DOUBLE_OPT_IN_TEMPLATE);
    return this.dataSource.transaction(async (manager) => {
      const expires = new Date(Date.now() + VALIDITY_DAYS * 86_400_000);
      const [signup] = await manager.query<Array<{ id: string }>>(
        `INSERT INTO signups (contact_id, wording, source, ip, user_agent, expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id::text`,
        [contact.id, input.wording, input.source ?? null, input.ip ?? null, input.user_agent ?? null, expires],
      );
      const sent = await this.messages.send(
        {
          contactId: contact.id,
          channel: 'email',
          template: DOUBLE_OPT_IN_TEMPLATE,
          request: { signup_expires_on: expires.toISOString().slice(0, 10) },
          idempotencyKey: `signup:${signup.id}`,
        },
        manager,
      );
      await manager.query(`UPDATE signups SET delivery_id = $2 WHERE id = $1`, [signup.id, sent.deliveryId]);
      await this.contactsRepository.touchInbound(manager, contact.id);
      return { signup_id: signup.id, external_id: externalId, delivery_id: sent.deliveryId, expires_at: expires };
    });
  }

  /** The pending sign-up a confirmation message's delivery belongs to, if any. */
  async forDelivery(
    deliveryId: string,
  ): Promise<{ id: string; contact_id: string; expires_at: Date; confirmed_at: Date | null } | undefined> {
    const rows = await this.dataSource.query<
      Array<{ id: string; contact_id: string; expires_at: Date; confirmed_at: Date | null }>
    >(`SELECT id::text, contact_id::text, expires_at, confirmed_at FROM signups WHERE delivery_id = $1`, [deliveryId]);
    return rows.at(0);
  }

  /** Grants e-mail consent (method double_opt_in) with the whole proof; idempotent. */
  async confirm(
    deliveryId: string,
    origin: { ip?: string; userAgent?: string },
  ): Promise<'confirmed' | 'already' | 'expired' | 'unknown'> {
    return this.dataSource.transaction(async (manager) => {
      const signup = (
        await manager.query<SignupRow[]>(
          `SELECT id::text, contact_id::text, wording, source, ip, user_agent, requested_at, expires_at, confirmed_at
           FROM signups WHERE delivery_id = $1 FOR UPDATE`,
          [deliveryId],
        )
      ).at(0);
      if (!signup) return 'unknown';
      if (signup.confirmed_at) return 'already';
      if (new Date(signup.expires_at).getTime() < Date.now()) return 'expired';
      const [eventId] = await this.consent.record(
        [
          {
            contactId: signup.contact_id,
            channel: 'email',
            status: 'granted',
            method: 'double_opt_in',
            legalBasis: 'consent',
            source: signup.source ?? 'signup',
            wording: signup.wording,
            collectedAt: new Date(),
            ip: origin.ip,
            userAgent: origin.userAgent,
            recordedBy: 'double-opt-in',
            proof: {
              signup_id: signup.id,
              requested_at: signup.requested_at,
              request_ip: signup.ip,
              request_user_agent: signup.user_agent,
              delivery_id: deliveryId,
            },
          },
        ],
        manager,
      );
      await manager.query(`UPDATE signups SET confirmed_at = now(), confirmation_event_id = $2 WHERE id = $1`, [
        signup.id,
        eventId,
      ]);
      await this.contactsRepository.touchInbound(manager, signup.contact_id);
      return 'confirmed';
    });
  }

  /** The confirmation message identifies the company and is signed: refuse sign-ups, naming what to set, rather than fail to send. */
  assertConfigured(): void {
    const sender = this.config.serviceSender;
    const missing = [
      ['RELANCE_SENDER_EMAIL', sender.email],
      ['RELANCE_SENDER_ADDRESS', sender.postal_address],
      ['RELANCE_SENDER_SIGNATORY_NAME', sender.signatory_name],
    ]
      .filter(([, value]) => !value)
      .map(([name]) => name);
    if (missing.length)
      throw DomainError.unavailable(
        'signups.no_sender',
        `set ${missing.join(', ')} to send confirmation messages (the sender of service messages)`,
      );
  }
}
