import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows } from '../core/database/query-rows';
import { isValidResponseCode, normaliseResponseCodeInput } from '../core/security/response-code';
import { TemplateDataService } from '../templates/template-data.service';
import { TemplateRenderService } from '../templates/template-render.service';
import { TemplatesService } from '../templates/templates.service';
import type { SenderData } from '../templates/engine/recipient-data';
import type { Run } from '../templates/letters/light-markup';
import { ResponsesService } from './responses.service';

/** A returned reply coupon, as the letter printed it for this client. */
export interface CouponFound {
  found: true;
  deliveryId: string;
  responseCode: string;
  contact: { externalId: string; name: string };
  campaign: { id: string; name: string; kind: string };
  template: string;
  sentAt: Date | null;
  /** The coupon's title and boxes as printed (merged for this client), and the postal opt-out box. */
  title: string | null;
  options: string[];
  optOut: string;
  /** When this coupon was already recorded: when, and what was ticked. */
  recorded: { at: Date; ticked: string[]; optOut: boolean } | null;
}

export type CouponLookup = CouponFound | { found: false; problem: 'malformed' | 'unknown' | 'not_a_letter' };

export interface CouponEntry {
  /** 1-based numbers of the ticked boxes, in the coupon's order. */
  boxes: number[];
  optOut: boolean;
  /** Who typed it (a console user's e-mail, `cli`…). */
  recordedBy: string;
}

interface DeliveryRow {
  delivery_id: string;
  response_code: string;
  channel: string;
  purpose: string;
  sent_at: Date | null;
  data: Record<string, unknown> | null;
  external_id: string;
  contact_name: string | null;
  campaign_id: string;
  campaign_name: string;
  campaign_kind: string;
  objective: string;
  definition: { sender?: SenderData; data?: Record<string, unknown> };
  template: string;
  template_version_id: string | null;
}

const DEFAULT_OPT_OUT = 'Je ne souhaite plus recevoir de courrier';

/**
 * Reply coupons typed back from a pile of paper: whose coupon a code is, with the boxes its letter
 * printed, then the ticked boxes recorded once (a second entry of the same code records nothing).
 */
@Injectable()
export class CouponsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly responses: ResponsesService,
    private readonly templates: TemplatesService,
    private readonly renderer: TemplateRenderService,
    private readonly contacts: TemplateDataService,
  ) {}

  async lookup(input: string): Promise<CouponLookup> {
    const code = normaliseResponseCodeInput(input);
    if (!isValidResponseCode(code)) return { found: false, problem: 'malformed' };
    const [row] = await queryRows<DeliveryRow>(
      this.dataSource,
      `SELECT d.id::text AS delivery_id, d.response_code, d.channel, d.purpose, d.sent_at, d.data, ct.external_id,
              nullif(coalesce(nullif(concat_ws(' ', ct.first_name, ct.last_name), ''), ct.company_name), '') AS contact_name,
              c.id::text AS campaign_id, c.name AS campaign_name, c.kind AS campaign_kind, c.objective, c.definition,
              s.template, s.template_version_id
       FROM deliveries d JOIN contacts ct ON ct.id = d.contact_id JOIN campaigns c ON c.id = d.campaign_id
       JOIN campaign_steps s ON s.id = d.step_id
       WHERE d.response_code = $1`,
      [code],
    );
    if (!row) return { found: false, problem: 'unknown' };
    if (row.channel !== 'letter') return { found: false, problem: 'not_a_letter' };
    const boxes = await this.boxes(row);
    return {
      found: true,
      deliveryId: row.delivery_id,
      responseCode: row.response_code,
      contact: { externalId: row.external_id, name: row.contact_name ?? row.external_id },
      campaign: { id: row.campaign_id, name: row.campaign_name, kind: row.campaign_kind },
      template: row.template,
      sentAt: row.sent_at,
      ...boxes,
      recorded: await this.recorded(row.delivery_id),
    };
  }

  /**
   * Records the coupon with its ticked boxes; the opt-out box withdraws postal consent (paper form,
   * the coupon as proof). Returns `duplicate: true`, recording nothing, when the code was already entered.
   */
  async record(found: CouponFound, entry: CouponEntry) {
    const boxes = [...new Set(entry.boxes)].filter((n) => Number.isInteger(n) && n >= 1 && n <= found.options.length);
    boxes.sort((a, b) => a - b);
    const ticked = boxes.map((n) => found.options[n - 1]);
    return this.responses.record({
      kind: 'coupon',
      deliveryId: found.deliveryId,
      value: ticked.join(' ; ') || null,
      details: { boxes, ticked, opt_out: entry.optOut, recorded_by: entry.recordedBy },
      source: 'console',
    });
  }

  private async recorded(deliveryId: string): Promise<CouponFound['recorded']> {
    const [row] = await queryRows<{ received_at: Date; details: { ticked?: unknown; opt_out?: unknown } }>(
      this.dataSource,
      `SELECT received_at, details FROM responses WHERE delivery_id = $1 AND kind = 'coupon' ORDER BY id LIMIT 1`,
      [deliveryId],
    );
    if (!row) return null;
    const ticked = Array.isArray(row.details.ticked) ? row.details.ticked.map(String) : [];
    return { at: new Date(row.received_at), ticked, optOut: row.details.opt_out === true };
  }

  /** The coupon as the letter printed it; its unmerged texts if the letter cannot be merged again. */
  private async boxes(row: DeliveryRow): Promise<Pick<CouponFound, 'title' | 'options' | 'optOut'>> {
    const snapshot = row.template_version_id
      ? await this.templates.pinned(row.template_version_id)
      : await this.templates.resolve(row.template);
    const sender = row.definition.sender;
    const prepared = await this.renderer.prepare(snapshot, { sender });
    try {
      const [found] = await this.contacts.load([row.external_id]);
      const data = this.renderer.recipientData(found.contact, {
        sender: sender ?? {},
        campaign: {
          id: row.campaign_id,
          name: row.campaign_name,
          objective: row.objective,
          data: row.definition.data ?? {},
        },
        trigger: row.purpose === 'service' ? undefined : (row.data ?? undefined),
        purchases: found.purchases,
        responseCode: row.response_code,
      });
      const rendered = this.renderer.render(prepared, data);
      const coupon = rendered.channel === 'letter' ? rendered.content.coupon : undefined;
      if (coupon) {
        return {
          title: coupon.title ? text(coupon.title) : null,
          options: coupon.options.map(text),
          optOut: coupon.optOut || DEFAULT_OPT_OUT,
        };
      }
    } catch {
      // Shown unmerged below: the entry must not depend on the letter merging again.
    }
    const definition = this.renderer.definition(snapshot).coupon;
    return {
      title: definition?.title?.text ?? null,
      options: (definition?.options ?? []).map((option) => option.text),
      optOut: DEFAULT_OPT_OUT,
    };
  }
}

function text(runs: Run[]): string {
  return runs
    .map((run) => run.text)
    .join('')
    .trim();
}
