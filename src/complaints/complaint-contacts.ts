import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { queryRows } from '../core/database/query-rows';
import { ContactsService } from '../contacts/contacts.service';
import { normaliseEmail } from '../contacts/normalisation/email';
import { normalisePhone } from '../contacts/normalisation/phone';
import { relanceConfig, type RelanceConfigType } from '../core/config/relance-config';
import { DomainError } from '../core/errors/domain-error';
import { complaintsConfig, type ComplaintsConfigType } from './complaints.config';
import { hasHolidayCalendar, workingCalendar, type WorkingCalendar } from './working-calendar';

/** Who complains: an existing contact, or the identity to create a prospect from. */
export interface ComplainantInput {
  external_id?: string;
  email?: string;
  phone?: string;
  civility?: string;
  first_name?: string;
  last_name?: string;
}

export interface Complainant {
  id: string;
  external_id: string;
  email: string | null;
  phone: string | null;
  address_line1: string | null;
  postal_code: string | null;
  city: string | null;
  region: string | null;
  country: string | null;
  timezone: string | null;
  created: boolean;
}

const ZONE_BY_COUNTRY: Record<string, string> = { FR: 'Europe/Paris', MA: 'Africa/Casablanca' };
const COLUMNS = `id::text, external_id, email, phone, address_line1, postal_code, city, region, country, timezone`;

/**
 * Ties a complaint to its contact: by external_id, else by e-mail or phone; someone unknown
 * becomes a prospect (a contact with no purchase). An existing contact's data is never
 * overwritten by what a public form or an e-mail claims.
 */
@Injectable()
export class ComplaintContacts {
  constructor(
    private readonly dataSource: DataSource,
    private readonly contacts: ContactsService,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
    @Inject(complaintsConfig.KEY) private readonly settings: ComplaintsConfigType,
  ) {}

  async resolve(input: ComplainantInput): Promise<Complainant> {
    const email = input.email?.trim() ? this.normalisedEmail(input.email) : undefined;
    const phone = input.phone?.trim() ? this.normalisedPhone(input.phone) : undefined;
    const found = await this.find(input.external_id?.trim(), email, phone);
    if (found) return { ...found, created: false };
    if (!input.external_id && !email && !phone) {
      throw DomainError.invalid('complaints.no_contact', 'say who complains: external_id, email or phone', {
        fields: [{ field: 'external_id', reason: 'give external_id, email or phone' }],
      });
    }
    const externalId =
      input.external_id?.trim() ||
      `complaint-${createHash('sha256')
        .update(email ?? phone ?? '')
        .digest('hex')
        .slice(0, 16)}`;
    await this.contacts.upsert({
      external_id: externalId,
      email,
      phone,
      civility: input.civility,
      first_name: input.first_name,
      last_name: input.last_name,
    });
    const created = await this.find(externalId);
    return { ...created!, created: true };
  }

  private async find(
    externalId?: string,
    email?: string,
    phone?: string,
  ): Promise<Omit<Complainant, 'created'> | undefined> {
    if (externalId) {
      const [row] = await queryRows<Omit<Complainant, 'created'> | undefined>(
        this.dataSource,
        `SELECT ${COLUMNS} FROM contacts WHERE external_id = $1`,
        [externalId],
      );
      return row;
    }
    if (email) {
      const [row] = await queryRows<Omit<Complainant, 'created'> | undefined>(
        this.dataSource,
        `SELECT ${COLUMNS} FROM contacts WHERE email = $1 AND erased_at IS NULL ORDER BY contacts.id LIMIT 1`,
        [email],
      );
      if (row) return row;
    }
    if (phone) {
      const [row] = await queryRows<Omit<Complainant, 'created'> | undefined>(
        this.dataSource,
        `SELECT ${COLUMNS} FROM contacts WHERE phone = $1 AND erased_at IS NULL ORDER BY contacts.id LIMIT 1`,
        [phone],
      );
      if (row) return row;
    }
    return undefined;
  }

  /** As contacts store it (IDN domains included), so that the lookup finds an existing contact. */
  private normalisedEmail(raw: string): string {
    try {
      return normaliseEmail(raw);
    } catch {
      throw DomainError.invalid('complaints.bad_email', `email: not an e-mail address ("${raw}")`, {
        fields: [{ field: 'email', reason: 'not an e-mail address' }],
      });
    }
  }

  private normalisedPhone(raw: string): string {
    try {
      return normalisePhone(raw, this.config.defaultCountry);
    } catch {
      throw DomainError.invalid('complaints.bad_phone', `phone: not a phone number ("${raw}")`, {
        fields: [{ field: 'phone', reason: 'not a phone number' }],
      });
    }
  }

  /** The contact's country calendar when date-holidays has one, else RELANCE_COUNTRY; its time zone, else the country's. */
  calendarFor(contact: { country: string | null; timezone: string | null }): WorkingCalendar {
    const country = contact.country && hasHolidayCalendar(contact.country) ? contact.country : this.settings.country;
    const zone = contact.timezone ?? ZONE_BY_COUNTRY[country] ?? this.config.defaultTimezone;
    return workingCalendar(country, zone);
  }

  /** The acknowledgement's channel: e-mail if there is an address, else a letter, else SMS; none without any. */
  acknowledgementChannel(contact: Complainant): 'email' | 'letter' | 'sms' | undefined {
    if (contact.email) return 'email';
    if (contact.address_line1 && (contact.postal_code || contact.city)) return 'letter';
    if (contact.phone) return 'sms';
    return undefined;
  }
}
