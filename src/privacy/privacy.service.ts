import { Inject, Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { createHash } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { contactToJson, purchaseToJson } from '../contacts/contacts.service';
import { Contact } from '../contacts/contact.entity';
import { Purchase } from '../contacts/purchase.entity';
import { relanceConfig, type RelanceConfigType } from '../core/config/relance-config';
import { modifyReturning } from '../core/database/query-rows';
import { DomainError } from '../core/errors/domain-error';
import { KeyedHasher } from '../core/security/keyed-hasher';
import { ConsentEventsRepository } from '../consent/consent-events.repository';
import { SuppressionService, type SuppressionEntry } from '../consent/suppression.service';
import { ContactErasureRequestedEvent } from './events/contact-erasure-requested.event';
import { PersonalDataExportRequestedEvent, type PersonalDataShare } from './events/personal-data-export-requested.event';

export interface RetentionReport {
  flagged: number;
  purged: number;
  cutoff: string;
}

const PERSONAL_COLUMNS = [
  'civility', 'first_name', 'last_name', 'company_name', 'job_title', 'email', 'phone', 'address_line1', 'address_line2',
  'postal_code', 'city', 'birth_date', 'locale', 'timezone', 'loyalty_card_expires_on', 'contract_renews_on', 'email_hash', 'phone_hash',
];

/**
 * The rights of the person (GDPR / law 09-08): access (export everything stored), erasure
 * (personal data removed; suppression hashes and anonymous aggregates kept; the erasure logged),
 * and the retention rule for prospects.
 */
@Injectable()
export class PrivacyService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly suppressions: SuppressionService,
    private readonly consentEvents: ConsentEventsRepository,
    private readonly hasher: KeyedHasher,
    private readonly events: EventEmitter2,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
  ) {}

  private async contact(externalId: string): Promise<Contact> {
    const contact = await this.dataSource.getRepository(Contact).findOne({ where: { externalId } });
    if (!contact) throw DomainError.notFound('contacts.not_found', `no contact with external_id "${externalId}"`);
    return contact;
  }

  async export(externalId: string, performedBy = 'cli'): Promise<Record<string, unknown>> {
    const contact = await this.contact(externalId);
    const purchases = await this.dataSource.getRepository(Purchase).find({ where: { contactId: contact.id }, order: { orderedAt: 'ASC' } });
    const suppressed: Array<{ channel: string; reason: string; created_at: Date }> = await this.dataSource.query(
      `SELECT channel, reason, created_at FROM suppressions
       WHERE (channel = 'email' AND value_hash = $1) OR (channel IN ('sms', 'phone') AND value_hash = $2) ORDER BY created_at`,
      [contact.email ? this.hasher.hash(contact.email) : null, contact.phone ? this.hasher.hash(contact.phone) : null],
    );
    const document: Record<string, unknown> = {
      contact: contactToJson(contact),
      purchases: purchases.map(purchaseToJson),
      consents: await this.consentEvents.history(contact.id),
      suppressions: suppressed,
    };
    // Every feature holding personal data (messages, segments, complaints…) adds its share.
    const shares: PersonalDataShare[] = await this.events.emitAsync(PersonalDataExportRequestedEvent.event, new PersonalDataExportRequestedEvent(contact.id));
    for (const share of shares) document[share.name] = share.data;
    document.exported_at = new Date().toISOString();
    await this.log('export', contact, performedBy, {});
    return document;
  }

  async erase(externalId: string, performedBy = 'cli'): Promise<{ erased: true }> {
    const contact = await this.contact(externalId);
    if (contact.erasedAt) return { erased: true };
    await this.dataSource.transaction((manager) => this.eraseContact(contact, manager, performedBy, 'erase'));
    return { erased: true };
  }

  private async eraseContact(contact: Contact, manager: EntityManager, performedBy: string, action: 'erase' | 'retention_purge'): Promise<void> {
    const entries: SuppressionEntry[] = [];
    if (contact.email) entries.push({ channel: 'email', value: contact.email, reason: 'erased', source: action });
    if (contact.phone) {
      entries.push({ channel: 'sms', value: contact.phone, reason: 'erased', source: action });
      entries.push({ channel: 'phone', value: contact.phone, reason: 'erased', source: action });
    }
    await this.suppressions.add(entries, manager);
    await this.events.emitAsync(ContactErasureRequestedEvent.event, new ContactErasureRequestedEvent(contact.id, manager));
    // The ledger keeps what was decided and when (anonymous); the proof's personal parts go.
    await manager.query(`UPDATE consent_events SET ip = NULL, user_agent = NULL, proof = '{}'::jsonb, source = NULL WHERE contact_id = $1`, [contact.id]);
    await manager.query(`DELETE FROM signups WHERE contact_id = $1`, [contact.id]);
    // A tombstone keeps purchases and message statistics attached (anonymous aggregates); a new
    // contact with the same external_id can be created later and will find its addresses suppressed.
    await manager.query(
      `UPDATE contacts SET external_id = 'erased:' || id, ${PERSONAL_COLUMNS.map((column) => `${column} = NULL`).join(', ')},
         attributes = '{}'::jsonb, erased_at = now(), updated_at = now() WHERE id = $1`,
      [contact.id],
    );
    await this.log(action, contact, performedBy, { suppressed: entries.map((entry) => `${entry.channel}:${entry.reason}`) }, manager);
  }

  /**
   * Prospects (never bought) with no contact coming from them — a click, a reply, a purchase,
   * a sign-up; opens do not count — for RELANCE_RETENTION_YEARS are flagged, and erased when
   * RELANCE_RETENTION_PURGE is on.
   */
  async retention(now: Date = new Date(), purge = this.config.retentionPurge): Promise<RetentionReport> {
    const cutoff = new Date(now);
    cutoff.setUTCFullYear(cutoff.getUTCFullYear() - this.config.retentionYears);
    const flagged = await modifyReturning<{ id: string; external_id: string }>(
      this.dataSource.manager,
      `UPDATE contacts c SET retention_flagged_at = coalesce(c.retention_flagged_at, $2)
       WHERE c.erased_at IS NULL AND greatest(c.created_at, coalesce(c.last_inbound_at, c.created_at)) < $1
         AND NOT EXISTS (SELECT 1 FROM purchases p WHERE p.contact_id = c.id)
       RETURNING c.id::text AS id, c.external_id`,
      [cutoff, now],
    );
    let purged = 0;
    if (purge) {
      for (const { external_id } of flagged) {
        const contact = await this.contact(external_id);
        await this.dataSource.transaction((manager) => this.eraseContact(contact, manager, 'retention', 'retention_purge'));
        purged++;
      }
    } else if (flagged.length) {
      await this.dataSource.query(
        `INSERT INTO personal_data_log (action, contact_ref, performed_by, details) VALUES ('retention_flag', $1, 'retention', $2)`,
        [`${flagged.length} contacts`, JSON.stringify({ cutoff: cutoff.toISOString() })],
      );
    }
    return { flagged: flagged.length, purged, cutoff: cutoff.toISOString() };
  }

  private async log(action: string, contact: Contact, performedBy: string, details: Record<string, unknown>, manager: EntityManager = this.dataSource.manager): Promise<void> {
    // The log names the contact by its internal id and a hash of its external id: never personal data.
    const reference = `contact#${contact.id}:${createHash('sha256').update(contact.externalId).digest('hex').slice(0, 16)}`;
    await manager.query(`INSERT INTO personal_data_log (action, contact_ref, performed_by, details) VALUES ($1, $2, $3, $4)`, [action, reference, performedBy, JSON.stringify(details)]);
  }
}
