import type { Trigger } from './automation-definition';

/** Bind parameters collected while a statement is built: values never become SQL text. */
export class Params {
  readonly values: unknown[] = [];
  constructor(offset = 0) {
    this.values.length = offset;
  }
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

export interface CandidateWindow {
  /** Occurrences due after `from` (exclusive) and up to `to` (inclusive) are produced. */
  from: Date;
  to: Date;
  defaultTimezone: string;
  automationId: string;
  automationCreatedAt: Date;
  /** `SELECT c.id FROM contacts c …` of the automation's segment filter, its parameters already in `params`. */
  segmentSql?: string;
}

/**
 * The occurrences of a trigger due in a window, as one SQL query over the client base:
 * `(contact_id, occurrence, due_at, data)`. Times of day are the contact's local time (their
 * `timezone`, else the company's), so PostgreSQL resolves daylight-saving changes; a birthday
 * on 29 February falls on 28 February in other years. The occurrence key names the event
 * (a birthday's date, an order id, an event id…), so the same occurrence is the same key for
 * every tick, every process and every replay.
 */
export function candidatesSql(trigger: Trigger, window: CandidateWindow, p: Params): string {
  const sql = new CandidateSql(trigger, window, p);
  switch (trigger.type) {
    case 'birthday':
    case 'fixed_date':
      return anniversaryCandidatesSql(sql);
    case 'date_offset':
      return dateOffsetCandidatesSql(sql);
    case 'inactivity':
      return inactivityCandidatesSql(sql);
    case 'after_purchase':
      return afterPurchaseCandidatesSql(sql);
    case 'welcome':
      return welcomeCandidatesSql(sql);
    case 'complaint_closed':
    case 'event':
      return eventCandidatesSql(sql);
  }
}

/** The window's bounds and the expressions every trigger's query is built from. */
class CandidateSql {
  readonly from: string;
  readonly to: string;
  /** The contacts the automation may reach: not erased, and in its segment when it has one. */
  readonly base: string;
  // Added on first use: a parameter the statement never references has no type PostgreSQL can infer.
  private timezoneParam: string | undefined;
  private timeParam: string | undefined;

  constructor(
    readonly trigger: Trigger,
    readonly window: CandidateWindow,
    readonly p: Params,
  ) {
    this.from = p.add(window.from);
    this.to = p.add(window.to);
    this.base = `c.erased_at IS NULL${window.segmentSql ? ` AND c.id IN (${window.segmentSql})` : ''}`;
  }

  tz(): string {
    return `coalesce(c.timezone, ${(this.timezoneParam ??= this.p.add(this.window.defaultTimezone))}::text)`;
  }

  time(): string {
    return `${(this.timeParam ??= this.p.add(this.trigger.local_time))}::time`;
  }

  /** The instant of a local date at the trigger's time of day. */
  at(dateExpr: string): string {
    return `((${dateExpr}) + ${this.time()}) AT TIME ZONE ${this.tz()}`;
  }

  localDate(tsExpr: string): string {
    return `(${tsExpr} AT TIME ZONE ${this.tz()})::date`;
  }

  inWindow(due: string): string {
    return `${due} > ${this.from} AND ${due} <= ${this.to}`;
  }

  /** Due on the day at the local time, or exactly at the fact when there is no delay. */
  afterFact(factExpr: string, delayDays: number): string {
    return delayDays === 0 ? factExpr : this.at(`${this.localDate(factExpr)} + ${this.p.add(delayDays)}::int`);
  }
}

const DAY_MS = 86_400_000;
/** The UTC year of an instant moved by a day: wider than any time zone's offset (−12 h to +14 h). */
const utcYear = (at: Date, shiftMs: number) => new Date(at.getTime() + shiftMs).getUTCFullYear();

/** birthday and fixed_date: one occurrence a year, on the day at the local time. */
function anniversaryCandidatesSql(sql: CandidateSql): string {
  const { trigger, p } = sql;
  const month = trigger.type === 'birthday' ? 'extract(month FROM c.birth_date)::int' : `${p.add(trigger.month)}::int`;
  const day = trigger.type === 'birthday' ? 'extract(day FROM c.birth_date)::int' : `${p.add(trigger.day)}::int`;
  // The years any time zone's local calendar can be in during the window, as constants: the planner
  // then knows there are one or two (a series bounded by each contact's local years is guessed at
  // 1,000 rows a contact, and the scheduler's tick was costed high enough to be JIT-compiled every
  // hour, 98% of its time). Years the window does not reach are dropped by its filter below.
  const years = `generate_series(${p.add(utcYear(sql.window.from, -DAY_MS))}::int, ${p.add(utcYear(sql.window.to, DAY_MS))}::int)`;
  const anniversary = `CASE WHEN ${month} = 2 AND ${day} = 29 AND NOT (y % 4 = 0 AND (y % 100 <> 0 OR y % 400 = 0)) THEN make_date(y, 2, 28) ELSE make_date(y, ${month}, ${day}) END`;
  return `
        SELECT contact_id, occurrence::text, due_at, '{}'::jsonb AS data FROM (
          SELECT c.id AS contact_id, o.day AS occurrence, ${sql.at('o.day')} AS due_at
          FROM contacts c CROSS JOIN LATERAL (SELECT ${anniversary} AS day FROM ${years} AS y) o
          WHERE ${sql.base}${trigger.type === 'birthday' ? ' AND c.birth_date IS NOT NULL' : ''}
        ) x WHERE ${sql.inWindow('x.due_at')}`;
}

/** date_offset: days before or after a date of the contact, optionally every N months after it. */
function dateOffsetCandidatesSql(sql: CandidateSql): string {
  const { trigger, p, to } = sql;
  const field = trigger.field!;
  const value =
    field === 'purchases.last_at'
      ? `(SELECT ${sql.localDate('max(pl.ordered_at)')} FROM purchases pl WHERE pl.contact_id = c.id)`
      : field.startsWith('attr.')
        ? `(CASE WHEN c.attributes ->> ${p.add(field.slice(5))} ~ '^\\d{4}-\\d{2}-\\d{2}$' THEN (c.attributes ->> ${p.add(field.slice(5))})::date END)`
        : `c.${field}`;
  const offsets = `unnest(${p.add(trigger.offset_days)}::int[])`;
  const months = trigger.every_months ? p.add(trigger.every_months) : undefined;
  const atB = (dateExpr: string) => `((${dateExpr}) + ${sql.time()}) AT TIME ZONE b.tz`;
  const todayB = `(${to} AT TIME ZONE b.tz)::date`;
  // With a period, the k-th anniversary of the date (k ≥ 1), for the periods the window can reach.
  const periods = months
    ? `generate_series(1, least(600, ((extract(year FROM age(${todayB}, b.value)) * 12 + extract(month FROM age(${todayB}, b.value)))::int / ${months}::int) + 2))`
    : `generate_series(0, 0)`;
  const dateOf = months ? `(b.value + make_interval(months => k * ${months}::int))::date + off` : `b.value + off`;
  return `
        SELECT contact_id, occurrence, due_at, data FROM (
          SELECT b.contact_id, b.value::text || CASE WHEN k > 0 THEN '+' || k || 'x' ELSE '' END || '@' || off || 'd' AS occurrence,
                 ${atB(dateOf)} AS due_at,
                 jsonb_build_object('date', b.value, 'offset_days', off, 'occurrence_date', ${dateOf}) AS data
          FROM (SELECT c.id AS contact_id, ${sql.tz()} AS tz, ${value} AS value FROM contacts c WHERE ${sql.base}) b
          CROSS JOIN ${offsets} AS off
          CROSS JOIN ${periods} AS k
          WHERE b.value IS NOT NULL
        ) x WHERE ${sql.inWindow('x.due_at')}`;
}

/**
 * inactivity: the first attempt when the client is silent or declining (one episode per last order),
 * at the last local send time before now; later attempts come from the scheduler's follow-ups.
 */
function inactivityCandidatesSql(sql: CandidateSql): string {
  const { to } = sql;
  const today = sql.localDate(to);
  return `
        SELECT contact_id, occurrence, due_at, data FROM (
          SELECT c.id AS contact_id, ${sql.localDate('s.last_order_at')}::text || '#1' AS occurrence,
                 CASE WHEN ${sql.at(today)} <= ${to} THEN ${sql.at(today)} ELSE ${sql.at(`${today} - 1`)} END AS due_at,
                 jsonb_build_object('attempt', 1, 'last_order_at', s.last_order_at, 'reason', CASE WHEN s.silent THEN 'silent' ELSE 'decline' END) AS data
          FROM contacts c JOIN contact_scores s ON s.contact_id = c.id
          WHERE ${sql.base} AND s.last_order_at IS NOT NULL AND (s.silent OR s.lifecycle = 'decline')
        ) x WHERE ${sql.inWindow('x.due_at')}`;
}

/** after_purchase: one occurrence per order, the delay after it. */
function afterPurchaseCandidatesSql(sql: CandidateSql): string {
  const { trigger, p, from } = sql;
  return `
        SELECT contact_id, occurrence, due_at, data FROM (
          SELECT c.id AS contact_id, 'order:' || pu.order_id AS occurrence, ${sql.afterFact('pu.ordered_at', trigger.delay_days ?? 0)} AS due_at,
                 jsonb_build_object('order_id', pu.order_id, 'ordered_at', pu.ordered_at, 'amount', pu.amount, 'currency', pu.currency) AS data
          FROM purchases pu JOIN contacts c ON c.id = pu.contact_id
          WHERE ${sql.base} AND pu.ordered_at > ${from}::timestamptz - make_interval(days => ${p.add((trigger.delay_days ?? 0) + 2)}::int)
        ) x WHERE ${sql.inWindow('x.due_at')}`;
}

/**
 * welcome: a new contact, or a prospect's first purchase: one welcome each, only for what happened
 * after the automation was created (importing a base does not welcome everyone).
 */
function welcomeCandidatesSql(sql: CandidateSql): string {
  const { trigger, p, window } = sql;
  const since = p.add(window.automationCreatedAt);
  return `
        SELECT DISTINCT ON (contact_id) contact_id, 'welcome' AS occurrence, due_at, '{}'::jsonb AS data FROM (
          SELECT c.id AS contact_id, ${sql.afterFact('w.fact', trigger.delay_days ?? 0)} AS due_at
          FROM contacts c CROSS JOIN LATERAL (
            SELECT c.created_at AS fact
            UNION ALL SELECT min(pu.ordered_at) FROM purchases pu WHERE pu.contact_id = c.id
          ) w
          WHERE ${sql.base} AND w.fact IS NOT NULL AND w.fact >= ${since}
        ) x WHERE ${sql.inWindow('x.due_at')} ORDER BY contact_id, due_at`;
}

/** complaint_closed and event: one occurrence per recorded event of that name, the delay after it. */
function eventCandidatesSql(sql: CandidateSql): string {
  const { trigger, p, from } = sql;
  const name = trigger.type === 'complaint_closed' ? 'complaint_closed' : trigger.name!;
  return `
        SELECT contact_id, occurrence, due_at, data FROM (
          SELECT c.id AS contact_id, 'event:' || e.id AS occurrence, ${sql.afterFact('e.occurred_at', trigger.delay_days ?? 0)} AS due_at,
                 e.data || jsonb_build_object('event', e.name, 'occurred_at', e.occurred_at) AS data
          FROM contact_events e JOIN contacts c ON c.id = e.contact_id
          WHERE ${sql.base} AND e.name = ${p.add(name)}
            AND e.occurred_at > ${from}::timestamptz - make_interval(days => ${p.add((trigger.delay_days ?? 0) + 2)}::int)
        ) x WHERE ${sql.inWindow('x.due_at')}`;
}

/**
 * Whether contact row `c` is in the automation's holdout: a fixed point in [0, 1) drawn from
 * md5(automation, contact), compared with the holdout share — the same contact stays on the same
 * side for every occurrence, in every process.
 */
export function holdoutSql(automation: string, share: string): string {
  return `(('x' || substr(md5(${automation}::text || ':' || c.id::text), 1, 8))::bit(32)::bigint < ${share}::float8 * 4294967296)`;
}
