import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { relanceConfig, type RelanceConfigType } from '../core/config/relance-config';
import { addDays, localDate, startOfDay } from '../contacts/normalisation/calendar';
import { queryRows } from '../core/database/query-rows';
import { DomainError } from '../core/errors/domain-error';
import { COMPLAINT_COLUMNS, type ComplaintRow } from './complaint-ledger';
import { COMPLAINT_PAGE } from './complaint.dto';
import { COMPLAINT_STATUSES } from './complaint-workflow';

export interface ComplaintListQuery {
  status?: string;
  overdue?: boolean;
  owner?: string;
  external_id?: string;
  limit?: number;
  offset?: number;
}

/** An open complaint in a due list: what a handler needs to pick it up. */
export interface DueComplaint {
  reference: string;
  external_id: string;
  subject: string;
  status: string;
  urgent: boolean;
  important: boolean;
  owner: string | null;
  received_at: Date;
  due_at: Date;
}

export interface DueComplaints {
  /** Open (neither answered nor closed) and past their due date, the longest overdue first. */
  overdue: { count: number; complaints: DueComplaint[] };
  /** Open and due between now and the end of today, in the company's time zone. */
  today: { count: number; complaints: DueComplaint[] };
}

const money = (value: unknown) => (value === null || value === undefined ? null : Number(value));

/** Reading complaints: one file with its thread, log, compensations and the client's history; lists. */
@Injectable()
export class ComplaintQueriesService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
  ) {}

  /** What must be answered now: the overdue complaints and those due later today, counted, the first `limit` of each listed. */
  async due(now: Date = new Date(), limit = 10): Promise<DueComplaints> {
    const endOfToday = startOfDay(addDays(localDate(now, this.config.defaultTimezone), 1), this.config.defaultTimezone);
    const rows = await queryRows<DueComplaint & { overdue: boolean; total: number; rank: number }>(
      this.dataSource,
      `SELECT * FROM (
         SELECT c.reference, k.external_id, c.subject, c.status, c.urgent, c.important, c.owner, c.received_at, c.due_at,
                c.due_at < $1 AS overdue, count(*) OVER (PARTITION BY c.due_at < $1)::int AS total,
                row_number() OVER (PARTITION BY c.due_at < $1 ORDER BY c.due_at, c.id)::int AS rank
         FROM complaints c JOIN contacts k ON k.id = c.contact_id
         WHERE c.status NOT IN ('answered', 'closed') AND c.due_at < $2
       ) x WHERE rank <= $3 ORDER BY due_at, reference`,
      [now, endOfToday, limit],
    );
    const part = (overdue: boolean) => {
      const listed = rows.filter((row) => row.overdue === overdue);
      return {
        count: listed[0]?.total ?? 0,
        complaints: listed.map(({ overdue: _o, total: _t, rank: _r, ...complaint }) => complaint),
      };
    };
    return { overdue: part(true), today: part(false) };
  }

  async get(reference: string): Promise<Record<string, unknown>> {
    const [complaint] = await queryRows<(ComplaintRow & { external_id: string }) | undefined>(
      this.dataSource,
      `SELECT x.*, k.external_id FROM (SELECT ${COMPLAINT_COLUMNS} FROM complaints WHERE reference = $1) x JOIN contacts k ON k.id = x.contact_id::bigint`,
      [reference.trim().toUpperCase()],
    );
    if (!complaint) throw DomainError.notFound('complaints.not_found', `no complaint with reference "${reference}"`);
    const id = complaint.id;
    const [messages, transitions, compensations, history] = await Promise.all([
      queryRows<Record<string, unknown>>(
        this.dataSource,
        `SELECT at, direction, channel, author, body, attachments, delivery_id::text, message_id FROM complaint_messages WHERE complaint_id = $1 ORDER BY at, id`,
        [id],
      ),
      queryRows<Record<string, unknown>>(
        this.dataSource,
        `SELECT from_status, to_status, at, actor, details FROM complaint_transitions WHERE complaint_id = $1 ORDER BY at, id`,
        [id],
      ),
      queryRows<Record<string, unknown>>(
        this.dataSource,
        `SELECT kind, amount::float8 AS amount, currency, note, granted_on, recorded_at, recorded_by FROM complaint_compensations WHERE complaint_id = $1 ORDER BY id`,
        [id],
      ),
      this.history(complaint.contact_id, id),
    ]);
    const { id: _id, contact_id: _contact, ...rest } = complaint;
    return {
      ...rest,
      overdue: !['answered', 'closed'].includes(complaint.status) && new Date(complaint.due_at).getTime() < Date.now(),
      messages,
      transitions,
      compensations,
      client: history,
    };
  }

  /** What the handler needs to know about the client (phase 2): purchases, previous complaints, value tier, NPS. */
  private async history(contactId: string, complaintId: string): Promise<Record<string, unknown>> {
    const [contact] = await queryRows<Record<string, unknown> | undefined>(
      this.dataSource,
      `SELECT c.external_id, c.type, c.civility, c.first_name, c.last_name, c.company_name, c.email, c.phone, c.city, c.region, c.country, c.created_at,
              s.value_tier, s.lifecycle, s.rfm_score, f.open_complaints, f.nps_score, f.nps_category
       FROM contacts c LEFT JOIN contact_scores s ON s.contact_id = c.id LEFT JOIN contact_feedback f ON f.contact_id = c.id WHERE c.id = $1`,
      [contactId],
    );
    const purchases = await queryRows<{
      currency: string;
      orders: number;
      total: string;
      first_at: Date;
      last_at: Date;
    }>(
      this.dataSource,
      `SELECT currency, count(*)::int AS orders, sum(amount)::text AS total, min(ordered_at) AS first_at, max(ordered_at) AS last_at FROM purchases WHERE contact_id = $1 GROUP BY currency ORDER BY 2 DESC`,
      [contactId],
    );
    const recent = await queryRows<Record<string, unknown>>(
      this.dataSource,
      `SELECT order_id, ordered_at, amount::float8 AS amount, currency FROM purchases WHERE contact_id = $1 ORDER BY ordered_at DESC LIMIT 10`,
      [contactId],
    );
    const previous = await queryRows<Record<string, unknown>>(
      this.dataSource,
      `SELECT reference, received_at, subject, cause, status, closing_condition FROM complaints WHERE contact_id = $1 AND id <> $2 ORDER BY received_at DESC LIMIT 20`,
      [contactId, complaintId],
    );
    return {
      ...contact,
      prospect: purchases.length === 0,
      purchases: purchases.map((p) => ({
        currency: p.currency,
        orders: p.orders,
        total: money(p.total),
        first_at: p.first_at,
        last_at: p.last_at,
      })),
      recent_purchases: recent,
      previous_complaints: previous,
    };
  }

  async list(query: ComplaintListQuery = {}): Promise<Array<Record<string, unknown>>> {
    if (query.status && !(COMPLAINT_STATUSES as readonly string[]).includes(query.status)) {
      throw DomainError.invalid('complaints.invalid', `status: must be one of ${COMPLAINT_STATUSES.join(', ')}`, {
        fields: [{ field: 'status', reason: `must be one of ${COMPLAINT_STATUSES.join(', ')}` }],
      });
    }
    return this.dataSource.query(
      `SELECT c.reference, k.external_id, c.channel, c.received_at, c.subject, c.status, c.urgent, c.important, c.due_at, c.cause, c.category, c.owner,
              (c.status NOT IN ('answered', 'closed') AND c.due_at < now()) AS overdue, c.breached_at, c.escalated_at, c.answered_at, c.closed_at
       FROM complaints c JOIN contacts k ON k.id = c.contact_id
       WHERE ($1::text IS NULL OR c.status = $1) AND (NOT $2::boolean OR (c.status NOT IN ('answered', 'closed') AND c.due_at < now()))
         AND ($3::text IS NULL OR c.owner = $3) AND ($4::text IS NULL OR k.external_id = $4)
       ORDER BY c.due_at, c.id LIMIT $5 OFFSET $6`,
      [
        query.status ?? null,
        Boolean(query.overdue),
        query.owner ?? null,
        query.external_id ?? null,
        Math.min(query.limit ?? COMPLAINT_PAGE.defaultLimit, COMPLAINT_PAGE.maxLimit),
        query.offset ?? 0,
      ],
    );
  }
}
