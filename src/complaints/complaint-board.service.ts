import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { addDays, localDate, startOfDay } from '../contacts/normalisation/calendar';
import { relanceConfig, type RelanceConfigType } from '../core/config/relance-config';
import { queryRows } from '../core/database/query-rows';
import { invalid } from './complaint-workflow-inputs';
import { COMPLAINT_CHANNELS, COMPLAINT_STATUSES } from './complaint-workflow';

export const BOARD_DUE_FILTERS = ['overdue', 'today', 'open'] as const;
export type BoardDueFilter = (typeof BOARD_DUE_FILTERS)[number];

/** Where a complaint stands against its due date: still open and late, due before tonight, in time; or answered. */
export type DueState = 'late' | 'today' | 'on_time' | 'answered_on_time' | 'answered_late';

export interface BoardQuery {
  status?: string;
  channel?: string;
  cause?: string;
  owner?: string;
  due?: BoardDueFilter;
  /** From 1. */
  page?: number;
  pageSize?: number;
}

export interface BoardRow {
  reference: string;
  external_id: string;
  client_name: string | null;
  channel: string;
  subject: string;
  status: string;
  cause: string | null;
  owner: string | null;
  urgent: boolean;
  important: boolean;
  received_at: Date;
  due_at: Date;
  due_state: DueState;
}

export interface Board {
  rows: BoardRow[];
  total: number;
  page: number;
  pages: number;
  /** Every owner a complaint has had, for the filter. */
  owners: string[];
}

const OPEN = `c.status NOT IN ('answered', 'closed')`;
/** $1 now, $2 the end of today, $3–$7 status, channel, cause, owner, due state (null: any). */
const FILTERS = `WHERE
  ($3::text IS NULL OR c.status = $3) AND ($4::text IS NULL OR c.channel = $4)
         AND ($5::text IS NULL OR coalesce(c.cause, '') = $5) AND ($6::text IS NULL OR coalesce(c.owner, '') = $6)
         AND ($7::text IS NULL OR (${OPEN} AND CASE $7 WHEN 'overdue' THEN c.due_at < $1 WHEN 'today' THEN c.due_at >= $1 AND c.due_at < $2 ELSE true END))`;

/**
 * The complaints board: every complaint, open ones first by due date, with where each stands
 * against its deadline (in the company's time zone), filtered by status, channel, cause, owner
 * or due state, a page at a time.
 */
@Injectable()
export class ComplaintBoardService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
  ) {}

  async board(query: BoardQuery = {}, now: Date = new Date()): Promise<Board> {
    check(query);
    const size = query.pageSize ?? 50;
    const page = Math.max(1, Math.floor(query.page ?? 1));
    const zone = this.config.defaultTimezone;
    const endOfToday = startOfDay(addDays(localDate(now, zone), 1), zone);
    const rows = await queryRows<BoardRow & { total: number }>(
      this.dataSource,
      `SELECT c.reference, k.external_id, nullif(concat_ws(' ', k.first_name, k.last_name, k.company_name), '') AS client_name,
              c.channel, c.subject, c.status, c.cause, c.owner, c.urgent, c.important, c.received_at, c.due_at,
              CASE WHEN ${OPEN} AND c.due_at < $1 THEN 'late' WHEN ${OPEN} AND c.due_at < $2 THEN 'today'
                   WHEN ${OPEN} THEN 'on_time' WHEN c.answered_at <= c.due_at THEN 'answered_on_time' ELSE 'answered_late' END AS due_state,
              count(*) OVER ()::int AS total
       FROM complaints c JOIN contacts k ON k.id = c.contact_id
       ${FILTERS}
       ORDER BY (${OPEN}) DESC, c.due_at, c.id LIMIT $8 OFFSET $9`,
      [
        now,
        endOfToday,
        query.status ?? null,
        query.channel ?? null,
        query.cause ?? null,
        query.owner ?? null,
        query.due ?? null,
        size,
        (page - 1) * size,
      ],
    );
    const owners = await queryRows<{ owner: string }>(
      this.dataSource,
      `SELECT DISTINCT owner FROM complaints WHERE owner IS NOT NULL ORDER BY owner`,
    );
    const total = rows[0]?.total ?? (page > 1 ? await this.count(query, now, endOfToday) : 0);
    return {
      rows: rows.map(({ total: _total, ...row }) => row),
      total,
      page,
      pages: Math.max(1, Math.ceil(total / size)),
      owners: owners.map((row) => row.owner),
    };
  }

  /** The count when the page asked is past the last one. */
  private async count(query: BoardQuery, now: Date, endOfToday: Date): Promise<number> {
    const [row] = await queryRows<{ n: number }>(
      this.dataSource,
      `SELECT count(*)::int AS n FROM complaints c
       ${FILTERS}`,
      [
        now,
        endOfToday,
        query.status ?? null,
        query.channel ?? null,
        query.cause ?? null,
        query.owner ?? null,
        query.due ?? null,
      ],
    );
    return row.n;
  }
}

function check(query: BoardQuery): void {
  if (query.status && !(COMPLAINT_STATUSES as readonly string[]).includes(query.status))
    throw invalid('status', `must be one of ${COMPLAINT_STATUSES.join(', ')}`);
  if (query.channel && !(COMPLAINT_CHANNELS as readonly string[]).includes(query.channel))
    throw invalid('channel', `must be one of ${COMPLAINT_CHANNELS.join(', ')}`);
  if (query.due && !(BOARD_DUE_FILTERS as readonly string[]).includes(query.due))
    throw invalid('due', `must be one of ${BOARD_DUE_FILTERS.join(', ')}`);
}
