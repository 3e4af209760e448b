import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows } from '../core/database/query-rows';

/**
 * The call lists PhoneSender wrote: a phone step's "sent" deliveries, each with the script it
 * attached (relance does not dial: the list is in the delivery ledger, not in a file). Read back
 * for people to look at, a step at a time, in the order the engine put them.
 */
export interface CallListSummary {
  stepId: string;
  position: number;
  campaignId: string;
  campaignName: string;
  calls: number;
  /** Calls with an outcome recorded. */
  answered: number;
  firstAt: Date;
}

export interface CallListEntry {
  deliveryId: string;
  externalId: string;
  name: string | null;
  companyName: string | null;
  phone: string | null;
  state: string;
  sentAt: Date;
  /** The last outcome recorded for the call (reached, appointment…), if any. */
  outcome: string | null;
  script: string | null;
}

const ON_LIST = `d.channel = 'phone' AND d.sent_at IS NOT NULL`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

@Injectable()
export class CallLists {
  constructor(private readonly dataSource: DataSource) {}

  /** Every phone step that put someone on its list, newest first. */
  async lists(): Promise<CallListSummary[]> {
    const rows = await queryRows<Record<string, unknown>>(
      this.dataSource,
      `SELECT d.step_id::text AS step_id, s.position, c.id::text AS campaign_id, c.name AS campaign_name,
              count(*)::int AS calls, count(*) FILTER (WHERE EXISTS (
                SELECT 1 FROM responses r WHERE r.delivery_id = d.id AND r.kind = 'call'))::int AS answered,
              min(d.sent_at) AS first_at
       FROM deliveries d JOIN campaign_steps s ON s.id = d.step_id JOIN campaigns c ON c.id = d.campaign_id
       WHERE ${ON_LIST}
       GROUP BY d.step_id, s.position, c.id, c.name
       ORDER BY min(d.sent_at) DESC, d.step_id`,
    );
    return rows.map((row) => ({
      stepId: String(row.step_id),
      position: Number(row.position),
      campaignId: String(row.campaign_id),
      campaignName: String(row.campaign_name),
      calls: Number(row.calls),
      answered: Number(row.answered),
      firstAt: new Date(row.first_at as string),
    }));
  }

  /** One step's list, or undefined when no phone step of that id put anyone on a list. */
  async list(stepId: string): Promise<CallListSummary | undefined> {
    if (!UUID.test(stepId)) return undefined;
    return (await this.lists()).find((list) => list.stepId === stepId);
  }

  /** A page of a listed step's calls, in the engine's order. */
  async entries(stepId: string, offset: number, limit: number): Promise<CallListEntry[]> {
    const rows = await queryRows<Record<string, unknown>>(
      this.dataSource,
      `SELECT d.id::text AS delivery_id, ct.external_id, nullif(concat_ws(' ', ct.first_name, ct.last_name), '') AS name,
              ct.company_name, ct.phone, d.state, d.sent_at, d.data -> 'script' ->> 'text' AS script,
              (SELECT r.value FROM responses r WHERE r.delivery_id = d.id AND r.kind = 'call'
               ORDER BY r.received_at DESC, r.id DESC LIMIT 1) AS outcome
       FROM deliveries d JOIN contacts ct ON ct.id = d.contact_id
       WHERE d.step_id = $1 AND ${ON_LIST}
       ORDER BY d.id LIMIT $2 OFFSET $3`,
      [stepId, limit, offset],
    );
    return rows.map((row) => ({
      deliveryId: String(row.delivery_id),
      externalId: String(row.external_id),
      name: (row.name as string | null) ?? null,
      companyName: (row.company_name as string | null) ?? null,
      phone: (row.phone as string | null) ?? null,
      state: String(row.state),
      sentAt: new Date(row.sent_at as string),
      outcome: (row.outcome as string | null) ?? null,
      script: (row.script as string | null) ?? null,
    }));
  }
}
