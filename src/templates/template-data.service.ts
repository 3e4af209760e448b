import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '../core/errors/domain-error';
import type { ContactJson, PurchaseSummary } from './engine/recipient-data';

/**
 * Loads contacts as templates see them (`contactToJson` field names, dates as YYYY-MM-DD) with
 * their purchase summary over 24 months, in one query per batch of contacts.
 */
export interface ContactForTemplate {
  contact: ContactJson;
  purchases: PurchaseSummary;
}

export const CONTACT_COLUMNS = `c.external_id, c.type, c.civility, c.first_name, c.last_name, c.company_name, c.job_title, c.email, c.phone,
  c.address_line1, c.address_line2, c.postal_code, c.city, c.region, c.country, c.birth_date::text AS birth_date, c.locale, c.timezone,
  c.loyalty_card_expires_on::text AS loyalty_card_expires_on, c.contract_renews_on::text AS contract_renews_on, c.attributes,
  to_jsonb(c) ->> 'value_tier' AS value_tier`;

/** Purchases over the 24 months before $asOf (`value_tier` is read through to_jsonb: the column may not exist yet). */
export const PURCHASES_24M = `LEFT JOIN LATERAL (
    SELECT count(*)::int AS count_24m, coalesce(sum(p.amount), 0)::float8 AS total_24m,
           mode() WITHIN GROUP (ORDER BY p.currency) AS currency, max(p.ordered_at) AS last_at
    FROM purchases p
    WHERE p.contact_id = c.id AND p.ordered_at > $2::timestamptz - interval '24 months' AND p.ordered_at <= $2::timestamptz
  ) s ON true`;

export function toContactForTemplate(row: Record<string, unknown>): ContactForTemplate {
  const { count_24m, total_24m, currency, last_at, ...contact } = row;
  return {
    contact: contact,
    purchases: {
      count_24m: Number(count_24m ?? 0),
      total_24m: Math.round(Number(total_24m ?? 0) * 100) / 100,
      currency: (currency as string | null) ?? null,
      last_at: last_at ? (last_at as Date).toISOString().slice(0, 10) : null,
    },
  };
}

@Injectable()
export class TemplateDataService {
  constructor(private readonly dataSource: DataSource) {}

  /** The contacts, in the order asked; unknown external ids are an error naming them. */
  async load(externalIds: string[], asOf = new Date()): Promise<ContactForTemplate[]> {
    if (!externalIds.length) return [];
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT ${CONTACT_COLUMNS}, s.count_24m, s.total_24m, s.currency, s.last_at
       FROM contacts c ${PURCHASES_24M}
       WHERE c.external_id = ANY($1::text[])`,
      [externalIds, asOf.toISOString()],
    );
    const byId = new Map(rows.map((row) => [row.external_id as string, toContactForTemplate(row)]));
    const missing = externalIds.filter((id) => !byId.has(id));
    if (missing.length) {
      throw DomainError.notFound('contacts.not_found', `no contact with external_id ${missing.slice(0, 10).map((id) => `"${id}"`).join(', ')}${missing.length > 10 ? ` and ${missing.length - 10} more` : ''}`);
    }
    return externalIds.map((id) => byId.get(id)!);
  }
}
