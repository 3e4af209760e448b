import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { relanceConfig, type RelanceConfigType } from '../../core/config/relance-config';
import { toCsv } from '../../core/csv/csv-writer';
import { DomainError } from '../../core/errors/domain-error';
import { displayName, type SenderData } from '../engine/recipient-data';
import { CONTACT_COLUMNS, PURCHASES_24M, toContactForTemplate } from '../template-data.service';
import { TemplateRenderService } from '../template-render.service';
import type { TemplateSnapshot } from '../template-library';
import { bestTimeToCall } from './call-time';
import type { RenderedPhone } from './call-script';

/**
 * The call list of a phone step: who to call first and when, with each contact's script.
 *
 * Priority follows the value tier: `value_tier` from the segmentation when the contact row has it
 * (top, core, tail), otherwise a provisional tier from the purchases of the last 24 months, ranked
 * within each currency (top 20 % → top, next 30 % → core, the rest and non-buyers → tail); within a
 * tier, the higher standing in that ranking first (MAD and EUR totals are never compared directly). Eligibility (phone consent, Bloctel) is the campaign
 * engine's job: it passes the contacts it may call.
 */
export interface CallListRow {
  priority: number;
  external_id: string;
  name: string | null;
  company_name: string | null;
  phone: string;
  value_tier: 'top' | 'core' | 'tail';
  value_tier_source: 'segmentation' | 'purchases_24m';
  purchases_24m: number;
  orders_24m: number;
  currency: string | null;
  last_purchase_at: string | null;
  best_day: string;
  best_time_from: string;
  best_time_to: string;
  timezone: string;
  best_time_basis: string;
  script?: RenderedPhone;
}

export const CALL_LIST_COLUMNS: Array<keyof CallListRow> = [
  'priority', 'external_id', 'name', 'company_name', 'phone', 'value_tier', 'value_tier_source', 'purchases_24m', 'orders_24m', 'currency',
  'last_purchase_at', 'best_day', 'best_time_from', 'best_time_to', 'timezone', 'best_time_basis',
];

export interface CallListOptions {
  externalIds?: string[];
  limit?: number;
  asOf?: Date;
  /** The phone template: each row gets its rendered script. */
  template?: TemplateSnapshot;
  sender?: SenderData;
  campaignData?: Record<string, unknown>;
}

const TIER_ORDER = `CASE coalesce(to_jsonb(c) ->> 'value_tier', r.tier) WHEN 'top' THEN 0 WHEN 'core' THEN 1 ELSE 2 END`;

@Injectable()
export class CallListService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly renderer: TemplateRenderService,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
  ) {}

  private async rows(options: CallListOptions): Promise<Array<Record<string, unknown>>> {
    const asOf = (options.asOf ?? new Date()).toISOString();
    return this.dataSource.query(
      `WITH ranked AS (
         SELECT p.contact_id, percent_rank() OVER w AS standing,
                CASE WHEN percent_rank() OVER w >= 0.8 THEN 'top' WHEN percent_rank() OVER w >= 0.5 THEN 'core' ELSE 'tail' END AS tier
         FROM (SELECT contact_id, mode() WITHIN GROUP (ORDER BY currency) AS currency, sum(amount) AS total
               FROM purchases WHERE ordered_at > $2::timestamptz - interval '24 months' AND ordered_at <= $2::timestamptz
               GROUP BY contact_id) p
         WINDOW w AS (PARTITION BY p.currency ORDER BY p.total)
       )
       SELECT ${CONTACT_COLUMNS}, s.count_24m, s.total_24m, s.currency, s.last_at, coalesce(r.tier, 'tail') AS derived_tier, h.hour, h.weekday
       FROM contacts c
       ${PURCHASES_24M}
       LEFT JOIN ranked r ON r.contact_id = c.id
       LEFT JOIN LATERAL (
         SELECT mode() WITHIN GROUP (ORDER BY extract(hour FROM p.ordered_at AT TIME ZONE coalesce(c.timezone, $3)))::int AS hour,
                mode() WITHIN GROUP (ORDER BY extract(isodow FROM p.ordered_at AT TIME ZONE coalesce(c.timezone, $3)))::int AS weekday
         FROM purchases p WHERE p.contact_id = c.id AND p.ordered_at > $2::timestamptz - interval '24 months' AND p.ordered_at <= $2::timestamptz
       ) h ON true
       WHERE c.phone IS NOT NULL AND ($1::text[] IS NULL OR c.external_id = ANY($1::text[]))
       ORDER BY ${TIER_ORDER}, r.standing DESC NULLS LAST, s.total_24m DESC, c.external_id
       LIMIT $4`,
      [options.externalIds ?? null, asOf, this.config.defaultTimezone, options.limit ?? 10000],
    );
  }

  async build(options: CallListOptions = {}): Promise<CallListRow[]> {
    const prepared = options.template ? await this.renderer.prepare(options.template, { sender: options.sender }) : undefined;
    if (prepared && prepared.channel !== 'phone') {
      throw DomainError.invalid('templates.wrong_channel', `${prepared.definition.reference} is a ${prepared.channel} template: a call list needs a phone script`);
    }
    const rows = (await this.rows(options)).map((row) => ({ row, ...toContactForTemplate(row) }));
    const recipients = rows.map(({ contact, purchases }) => ({
      external_id: String(contact.external_id),
      data: this.renderer.recipientData(contact, { sender: options.sender ?? {}, campaign: { data: options.campaignData ?? {} }, purchases }),
    }));
    // Every script must render before any is handed out: the same strictness as a launch.
    if (prepared) this.renderer.assertRenderable(prepared, recipients);
    return rows.map(({ row, contact, purchases }, index) => {
      const window = bestTimeToCall({ type: String(contact.type), purchaseHour: row.hour as number | null, purchaseWeekday: row.weekday as number | null, purchases: purchases.count_24m });
      const segmented = typeof contact.value_tier === 'string' && ['top', 'core', 'tail'].includes(contact.value_tier);
      const result: CallListRow = {
        priority: index + 1,
        external_id: String(contact.external_id),
        name: displayName({ ...contact, type: 'person' }) ?? null,
        company_name: (contact.company_name as string | null) ?? null,
        phone: String(contact.phone),
        value_tier: (segmented ? contact.value_tier : row.derived_tier) as CallListRow['value_tier'],
        value_tier_source: segmented ? 'segmentation' : 'purchases_24m',
        purchases_24m: purchases.total_24m,
        orders_24m: purchases.count_24m,
        currency: purchases.currency ?? null,
        last_purchase_at: purchases.last_at ?? null,
        best_day: window.day,
        best_time_from: window.from,
        best_time_to: window.to,
        timezone: (contact.timezone as string | null) ?? this.config.defaultTimezone,
        best_time_basis: window.basis,
      };
      if (prepared) result.script = this.renderer.render(prepared, recipients[index].data) as RenderedPhone;
      return result;
    });
  }

  toCsv(rows: CallListRow[]): string {
    return toCsv(rows as unknown as Array<Record<string, unknown>>, CALL_LIST_COLUMNS);
  }
}
