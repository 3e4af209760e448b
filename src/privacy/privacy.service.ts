import { Inject, Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { createHash } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { contactToJson, purchaseToJson } from '../contacts/contacts.service';
import { Contact } from '../contacts/contact.entity';
import { ContactsRepository } from '../contacts/contacts.repository';
import { Purchase } from '../contacts/purchase.entity';
import { relanceConfig, type RelanceConfigType } from '../core/config/relance-config';
import { DomainError } from '../core/errors/domain-error';
import { ConsentEventsRepository } from '../consent/consent-events.repository';
import { SuppressionService, type SuppressionEntry } from '../consent/suppression.service';
import { ContactErasureRequestedEvent } from './events/contact-erasure-requested.event';
import { isPersonalDataShare, PersonalDataExportRequestedEvent } from './events/personal-data-export-requested.event';

export interface RetentionReport {
  flagged: number;
  purged: number;
  cutoff: string;
}

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
    private readonly contacts: ContactsRepository,
    private readonly events: EventEmitter2,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
  ) {}

  private async contact(externalId: string): Promise<Contact> {
    const contact = await this.dataSource.getRepository(Contact).findOne({ where: { externalId } });
    if (!contact) throw DomainError.notFound('contacts.not_found', `no contact with external_id "${externalId}"`);
    return contact;
  }

  /** Everything stored about the person and logged as handed over (the right of access). */
  async export(externalId: string, performedBy = 'cli'): Promise<Record<string, unknown>> {
    const contact = await this.contact(externalId);
    const document = await this.gather(contact);
    await this.log('export', contact, performedBy, {});
    return document;
  }

  /** The same document as `export`, read for a page that shows it (the console's contact page): not logged as handed over. */
  async dossier(externalId: string): Promise<Record<string, unknown>> {
    return this.gather(await this.contact(externalId));
  }

  private async gather(contact: Contact): Promise<Record<string, unknown>> {
    const purchases = await this.dataSource
      .getRepository(Purchase)
      .find({ where: { contactId: contact.id }, order: { orderedAt: 'ASC' } });
    const suppressed = await this.suppressions.forAddresses(contact.email, contact.phone);
    const document: Record<string, unknown> = {
      contact: contactToJson(contact),
      purchases: purchases.map(purchaseToJson),
      consents: await this.consentEvents.history(contact.id),
      suppressions: suppressed,
    };
    // Every feature holding personal data (messages, segments, complaints…) adds its share.
    const answers: unknown[] = await this.events.emitAsync(
      PersonalDataExportRequestedEvent.event,
      new PersonalDataExportRequestedEvent(contact.id),
    );
    for (const share of answers.filter(isPersonalDataShare)) document[share.name] = share.data;
    document.exported_at = new Date().toISOString();
    return document;
  }

  async erase(externalId: string, performedBy = 'cli'): Promise<{ erased: true }> {
    const contact = await this.contact(externalId);
    if (contact.erasedAt) return { erased: true };
    await this.dataSource.transaction((manager) => this.eraseContact(contact, manager, performedBy, 'erase'));
    return { erased: true };
  }

  private async eraseContact(
    contact: Contact,
    manager: EntityManager,
    performedBy: string,
    action: 'erase' | 'retention_purge',
  ): Promise<void> {
    const entries: SuppressionEntry[] = [];
    if (contact.email) entries.push({ channel: 'email', value: contact.email, reason: 'erased', source: action });
    if (contact.phone) {
      entries.push({ channel: 'sms', value: contact.phone, reason: 'erased', source: action });
      entries.push({ channel: 'phone', value: contact.phone, reason: 'erased', source: action });
    }
    await this.suppressions.add(entries, manager);
    await this.events.emitAsync(
      ContactErasureRequestedEvent.event,
      new ContactErasureRequestedEvent(contact.id, manager),
    );
    await this.consentEvents.eraseProofs(manager, contact.id);
    await manager.query(`DELETE FROM signups WHERE contact_id = $1`, [contact.id]);
    await this.contacts.erase(manager, contact.id);
    await this.log(
      action,
      contact,
      performedBy,
      { suppressed: entries.map((entry) => `${entry.channel}:${entry.reason}`) },
      manager,
    );
  }

  /**
   * Prospects (never bought) with no contact coming from them — a click, a reply, a purchase,
   * a sign-up; opens do not count — for RELANCE_RETENTION_YEARS are flagged, and erased when
   * RELANCE_RETENTION_PURGE is on.
   */
  async retention(now: Date = new Date(), purge = this.config.retentionPurge): Promise<RetentionReport> {
    const cutoff = new Date(now);
    cutoff.setUTCFullYear(cutoff.getUTCFullYear() - this.config.retentionYears);
    const flagged = await this.contacts.flagForRetention(cutoff, now);
    let purged = 0;
    if (purge) {
      for (const { externalId } of flagged) {
        const contact = await this.contact(externalId);
        await this.dataSource.transaction((manager) =>
          this.eraseContact(contact, manager, 'retention', 'retention_purge'),
        );
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

  private async log(
    action: string,
    contact: Contact,
    performedBy: string,
    details: Record<string, unknown>,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    // The log names the contact by its internal id and a hash of its external id: never personal data.
    const reference = `contact#${contact.id}:${createHash('sha256').update(contact.externalId).digest('hex').slice(0, 16)}`;
    await manager.query(
      `INSERT INTO personal_data_log (action, contact_ref, performed_by, details) VALUES ($1, $2, $3, $4)`,
      [action, reference, performedBy, JSON.stringify(details)],
    );
  }
}
