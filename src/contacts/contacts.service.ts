import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In, MoreThan, type Repository } from 'typeorm';
import { relanceConfig, type RelanceConfigType } from '../core/config/relance-config';
import { DomainError } from '../core/errors/domain-error';
import { searchCondition } from './contact-search';
import { CONTACT_FIELDS, normaliseContact, type ContactInput, type ContactRow } from './contact-fields';
import { Contact } from './contact.entity';
import { ContactsRepository } from './contacts.repository';
import { Purchase } from './purchase.entity';

export function contactToJson(contact: Contact): Record<string, unknown> {
  return {
    external_id: contact.externalId,
    type: contact.type,
    civility: contact.civility,
    first_name: contact.firstName,
    last_name: contact.lastName,
    company_name: contact.companyName,
    job_title: contact.jobTitle,
    email: contact.email,
    phone: contact.phone,
    address_line1: contact.addressLine1,
    address_line2: contact.addressLine2,
    postal_code: contact.postalCode,
    city: contact.city,
    region: contact.region,
    country: contact.country,
    birth_date: contact.birthDate,
    locale: contact.locale,
    timezone: contact.timezone,
    loyalty_card_expires_on: contact.loyaltyCardExpiresOn,
    contract_renews_on: contact.contractRenewsOn,
    attributes: contact.attributes,
    created_at: contact.createdAt,
    updated_at: contact.updatedAt,
  };
}

export function purchaseToJson(purchase: Purchase): Record<string, unknown> {
  return {
    order_id: purchase.orderId,
    ordered_at: purchase.orderedAt,
    amount: Number(purchase.amount),
    currency: purchase.currency,
    response_code: purchase.responseCode,
  };
}

/** A search over the live contacts, a page at a time (keyset on the internal id, never an offset). */
export interface ContactSearchQuery {
  /** Words looked for in the name, company, e-mail, client id and city; or a phone number. */
  text?: string;
  /** Only the ids this subquery selects (`SELECT c.id FROM contacts c …`, its `$n` numbered from 1): a compiled segment. */
  within?: { sql: string; params: unknown[] };
  /** The last id of the previous page. */
  after?: string;
  limit: number;
}

@Injectable()
export class ContactsService {
  private readonly contacts: Repository<Contact>;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
    private readonly repository: ContactsRepository,
  ) {
    this.contacts = dataSource.getRepository(Contact);
  }

  async get(externalId: string): Promise<Contact> {
    const contact = await this.contacts.findOne({ where: { externalId } });
    if (!contact) throw DomainError.notFound('contacts.not_found', `no contact with external_id "${externalId}"`);
    return contact;
  }

  async list(options: { after?: string; limit: number }): Promise<Contact[]> {
    return this.contacts.find({
      where: options.after ? { id: MoreThan(options.after) } : {},
      order: { id: 'ASC' },
      take: options.limit,
    });
  }

  /** A page of the live contacts the query matches, in id order, and the cursor of the next page (null: the last). */
  async search(query: ContactSearchQuery): Promise<{ contacts: Contact[]; next: string | null }> {
    const params: unknown[] = [...(query.within?.params ?? [])];
    const where = ['c.erased_at IS NULL'];
    if (query.within) where.push(`c.id IN (${query.within.sql})`);
    const text = searchCondition(query.text ?? '', this.config.defaultCountry, params.length);
    if (text) {
      where.push(text.sql);
      params.push(...text.params);
    }
    if (query.after) {
      params.push(query.after);
      where.push(`c.id > $${String(params.length)}::bigint`);
    }
    params.push(query.limit + 1);
    // A page is a few milliseconds of work: compiling it (JIT) would cost more than running it.
    const rows = await this.dataSource.transaction(async (manager) => {
      await manager.query(`SET LOCAL jit = off`);
      return manager.query<Array<{ id: string }>>(
        `SELECT c.id::text AS id FROM contacts c WHERE ${where.join(' AND ')} ORDER BY c.id LIMIT $${String(params.length)}::int`,
        params,
      );
    });
    const ids = rows.slice(0, query.limit).map((row) => row.id);
    const found = ids.length ? await this.contacts.find({ where: { id: In(ids) } }) : [];
    const byId = new Map(found.map((contact) => [contact.id, contact]));
    const contacts = ids.flatMap((id) => byId.get(id) ?? []);
    return { contacts, next: rows.length > query.limit ? ids[ids.length - 1] : null };
  }

  /** Creates or updates one contact with the same normalisation as the CSV import. */
  async upsert(input: ContactInput): Promise<{ contact: Contact; created: boolean }> {
    const result = normaliseContact(input, { defaultCountry: this.config.defaultCountry });
    if ('problems' in result) {
      throw DomainError.invalid('contacts.invalid', result.problems.map((p) => `${p.field}: ${p.reason}`).join('; '), {
        fields: result.problems,
      });
    }
    const row: ContactRow = result.row;
    const present: string[] = CONTACT_FIELDS.filter((field) => field === 'external_id' || input[field] !== undefined);
    const { inserted } = await this.repository.upsert(
      present,
      present.map((field) => row[field as keyof ContactRow]),
      row.attributes,
    );
    return { contact: await this.get(row.external_id!), created: inserted };
  }

  async counts(): Promise<Record<string, unknown>> {
    const [base] = await this.dataSource.query<
      Array<{ contacts: number; persons: number; companies: number; clients: number }>
    >(`
      SELECT count(*)::int AS contacts,
             count(*) FILTER (WHERE type = 'person')::int AS persons,
             count(*) FILTER (WHERE type = 'company')::int AS companies,
             count(*) FILTER (WHERE EXISTS (SELECT 1 FROM purchases p WHERE p.contact_id = c.id))::int AS clients
      FROM contacts c`);
    const [orders] = await this.dataSource.query<
      Array<{ purchases: number; first_order: Date | null; last_order: Date | null }>
    >(
      `SELECT count(*)::int AS purchases, min(ordered_at) AS first_order, max(ordered_at) AS last_order FROM purchases`,
    );
    const revenue = await this.dataSource.query<Array<{ currency: string; revenue: string }>>(
      `SELECT currency, sum(amount)::text AS revenue FROM purchases GROUP BY currency ORDER BY currency`,
    );
    return {
      ...base,
      prospects: base.contacts - base.clients,
      ...orders,
      revenue: Object.fromEntries(revenue.map((r) => [r.currency, Number(r.revenue)])),
    };
  }
}
