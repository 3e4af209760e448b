import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows } from '../../core/database/query-rows';

/** What the operator sees of the client to call: who, why, what they received, what they bought. */
export interface CallFile {
  deliveryId: string;
  campaign: { id: string; name: string; kind: string };
  step: { position: number; template: string };
  contact: {
    externalId: string;
    name: string;
    companyName: string | null;
    phone: string | null;
    email: string | null;
    city: string | null;
  };
  listedAt: Date;
  /** Why they are back on the list, if they are (a call-back, a documentation follow-up). */
  queue: { reason: string | null; dueAt: Date; attempts: number; claimedUntil: Date | null };
  /** The script merged for this client, CROC sections then branches, in the template's order. */
  script: Array<{ key: string; title: string; text: string }>;
  /** The earlier messages of this campaign to this client: why they are called. */
  received: Array<{ channel: string; template: string; sentAt: Date | null; state: string }>;
  /** This call's earlier outcomes (a call-back asked, the notes). */
  previousCalls: Array<{ outcome: string; note: string | null; at: Date }>;
  purchases: Array<{ orderedAt: Date; amount: number; currency: string }>;
  /** The client's latest messages from any campaign, and their answers. */
  history: Array<{ at: Date; campaign: string; channel: string; responses: string[] }>;
}

@Injectable()
export class CallFileService {
  constructor(private readonly dataSource: DataSource) {}

  async file(deliveryId: string): Promise<CallFile | undefined> {
    if (!/^\d{1,18}$/.test(deliveryId)) return undefined;
    const [row] = await queryRows<Record<string, unknown>>(
      this.dataSource,
      `SELECT d.id::text AS delivery_id, d.contact_id::text AS contact_id, d.sent_at, d.data -> 'script' -> 'sections' AS sections,
              c.id::text AS campaign_id, c.name AS campaign_name, c.kind, s.position, s.template,
              ct.external_id, nullif(concat_ws(' ', ct.civility, ct.first_name, ct.last_name), '') AS name,
              ct.company_name, ct.phone, ct.email, ct.city,
              q.reason, q.due_at, q.attempts, q.claimed_until
       FROM call_queue q JOIN deliveries d ON d.id = q.delivery_id JOIN campaigns c ON c.id = d.campaign_id
       JOIN campaign_steps s ON s.id = d.step_id JOIN contacts ct ON ct.id = d.contact_id
       WHERE q.delivery_id = $1`,
      [deliveryId],
    );
    if (!row) return undefined;
    const contactId = String(row.contact_id);
    const [received, previousCalls, purchases, history] = await Promise.all([
      this.received(String(row.campaign_id), contactId, deliveryId),
      this.previousCalls(deliveryId),
      this.purchases(contactId),
      this.history(contactId),
    ]);
    return {
      deliveryId,
      campaign: { id: String(row.campaign_id), name: String(row.campaign_name), kind: String(row.kind) },
      step: { position: Number(row.position), template: String(row.template) },
      contact: {
        externalId: String(row.external_id),
        name: (row.name as string | null) ?? (row.company_name as string | null) ?? String(row.external_id),
        companyName: (row.company_name as string | null) ?? null,
        phone: (row.phone as string | null) ?? null,
        email: (row.email as string | null) ?? null,
        city: (row.city as string | null) ?? null,
      },
      listedAt: new Date(row.sent_at as string),
      queue: {
        reason: (row.reason as string | null) ?? null,
        dueAt: new Date(row.due_at as string),
        attempts: Number(row.attempts),
        claimedUntil: row.claimed_until ? new Date(row.claimed_until as string) : null,
      },
      script: scriptSections(row.sections),
      received,
      previousCalls,
      purchases,
      history,
    };
  }

  private async received(campaignId: string, contactId: string, deliveryId: string) {
    const rows = await queryRows<{ channel: string; template: string; sent_at: Date | null; state: string }>(
      this.dataSource,
      `SELECT d.channel, s.template, d.sent_at, d.state FROM deliveries d JOIN campaign_steps s ON s.id = d.step_id
       WHERE d.campaign_id = $1 AND d.contact_id = $2 AND d.id <> $3 ORDER BY s.position, d.id`,
      [campaignId, contactId, deliveryId],
    );
    return rows.map((r) => ({ channel: r.channel, template: r.template, sentAt: r.sent_at, state: r.state }));
  }

  private async previousCalls(deliveryId: string) {
    const rows = await queryRows<{ value: string; note: string | null; received_at: Date }>(
      this.dataSource,
      `SELECT value, details ->> 'note' AS note, received_at FROM responses
       WHERE delivery_id = $1 AND kind = 'call' ORDER BY received_at, id`,
      [deliveryId],
    );
    return rows.map((r) => ({ outcome: r.value, note: r.note, at: new Date(r.received_at) }));
  }

  private async purchases(contactId: string) {
    const rows = await queryRows<{ ordered_at: Date; amount: string; currency: string }>(
      this.dataSource,
      `SELECT ordered_at, amount, currency FROM purchases WHERE contact_id = $1 ORDER BY ordered_at DESC, id DESC LIMIT 5`,
      [contactId],
    );
    return rows.map((r) => ({ orderedAt: new Date(r.ordered_at), amount: Number(r.amount), currency: r.currency }));
  }

  private async history(contactId: string) {
    const rows = await queryRows<{ sent_at: Date; name: string; channel: string; responses: string[] | null }>(
      this.dataSource,
      `SELECT d.sent_at, c.name, d.channel,
              (SELECT array_agg(DISTINCT r.kind || coalesce(':' || r.value, '')) FROM responses r
                WHERE r.delivery_id = d.id AND NOT r.automated) AS responses
       FROM deliveries d JOIN campaigns c ON c.id = d.campaign_id
       WHERE d.contact_id = $1 AND d.sent_at IS NOT NULL ORDER BY d.sent_at DESC, d.id DESC LIMIT 8`,
      [contactId],
    );
    return rows.map((r) => ({
      at: new Date(r.sent_at),
      campaign: r.name,
      channel: r.channel,
      responses: r.responses ?? [],
    }));
  }
}

function scriptSections(value: unknown): CallFile['script'] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((section: Record<string, unknown>) =>
    typeof section.key === 'string' && typeof section.title === 'string' && typeof section.text === 'string'
      ? [{ key: section.key, title: section.title, text: section.text }]
      : [],
  );
}
