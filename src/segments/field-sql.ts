import { effectiveConsentSql } from '../consent/reachability-sql';
import type { ContactChannel } from '../consent/consent.types';
import { addDays, localDate, monthDay, startOfDay } from '../contacts/normalisation/calendar';
import type { CheckedCondition, SegmentContext, ValueType } from './segment-rules';
import type { SqlParameters } from './sql-parameters';

/**
 * The SQL expression a condition's field reads, for a query over `contacts c` that may join
 * `contact_scores s` and `contact_feedback f` (the compiler adds the joins the rule needs).
 * Identifiers come from the whitelist only; attribute names and every value are parameters.
 */
export type Join = 'scores' | 'feedback';

export interface FieldExpression {
  sql: string;
  joins: Join[];
}

/** A valid `YYYY-MM-DD` text as a date, else NULL: the cast only runs on text already shaped like a date. */
function safeDateSql(text: string): string {
  const shaped = `${text} ~ '^[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'`;
  const candidate = `((substr(${text}, 1, 8) || '01')::date + (substr(${text}, 9, 2)::int - 1))`;
  return `(CASE WHEN ${shaped} THEN (CASE WHEN to_char(${candidate}, 'YYYY-MM-DD') = ${text} THEN ${candidate} END) END)`;
}

function attributeSql(name: string, type: ValueType, op: CheckedCondition['op'], params: SqlParameters): string {
  const key = params.add(name, 'text');
  const json = `(c.attributes -> ${key})`;
  const text = `(c.attributes ->> ${key})`;
  if (op === 'is_null' || op === 'not_null') return text;
  switch (type) {
    case 'number':
      return `(CASE WHEN jsonb_typeof(${json}) = 'number' THEN ${text}::numeric END)`;
    case 'boolean':
      return `(CASE WHEN jsonb_typeof(${json}) = 'boolean' THEN ${text}::boolean END)`;
    case 'date':
      return `(CASE WHEN jsonb_typeof(${json}) = 'string' THEN ${safeDateSql(text)} END)`;
    default:
      return `(CASE WHEN jsonb_typeof(${json}) = 'string' THEN ${text} END)`;
  }
}

/** Purchases of the last `days` days: from the start of (today − days) to the end of today, local time. */
export function windowBounds(days: number, context: SegmentContext): { from: Date; to: Date } {
  const today = localDate(context.now, context.timeZone);
  return {
    from: startOfDay(addDays(today, -days), context.timeZone),
    to: startOfDay(addDays(today, 1), context.timeZone),
  };
}

function purchasesSql(condition: CheckedCondition, context: SegmentContext, params: SqlParameters): string {
  let where = 'p.contact_id = c.id';
  if (condition.field === 'purchases.total_amount')
    where += ` AND p.currency = ${params.add(condition.currency ?? context.currency, 'text')}`;
  if (condition.windowDays !== undefined) {
    const { from, to } = windowBounds(condition.windowDays, context);
    where += ` AND p.ordered_at >= ${params.add(from, 'timestamptz')} AND p.ordered_at < ${params.add(to, 'timestamptz')}`;
  }
  const aggregate = {
    'purchases.count': 'count(*)',
    'purchases.total_amount': 'coalesce(sum(p.amount), 0)',
    'purchases.last_at': 'max(p.ordered_at)',
  }[condition.field];
  return `(SELECT ${aggregate} FROM purchases p WHERE ${where})`;
}

/** Full years on today's date: the year difference, less one before the birthday (29 February: on 1 March in common years). */
function ageSql(context: SegmentContext, params: SqlParameters): string {
  const today = localDate(context.now, context.timeZone);
  const birthday = `(extract(month FROM c.birth_date)::int * 100 + extract(day FROM c.birth_date)::int)`;
  return `(${params.add(Number(today.slice(0, 4)), 'int')} - extract(year FROM c.birth_date)::int - (CASE WHEN ${birthday} > ${params.add(monthDay(today), 'int')} THEN 1 ELSE 0 END))`;
}

const SCORE_COLUMNS: Record<string, string> = {
  'rfm.recency': 's.recency_score',
  'rfm.frequency': 's.frequency_score',
  'rfm.monetary': 's.monetary_score',
  'rfm.score': 's.rfm_score',
  lifecycle: 's.lifecycle',
  value_tier: 's.value_tier',
  silent: 'coalesce(s.silent, false)',
};

const FEEDBACK_COLUMNS: Record<string, string> = {
  'complaints.open': 'coalesce(f.open_complaints, 0)',
  'nps.category': 'f.nps_category',
  'nps.score': 'f.nps_score',
  unhappy: "(coalesce(f.open_complaints, 0) > 0 OR coalesce(f.nps_category = 'detractor', false))",
};

export function fieldSql(condition: CheckedCondition, context: SegmentContext, params: SqlParameters): FieldExpression {
  const { ref } = condition;
  if (ref.source === 'column') return { sql: `c.${ref.column}`, joins: [] };
  if (ref.source === 'attribute')
    return { sql: attributeSql(ref.name, condition.type, condition.op, params), joins: [] };
  const name = ref.name;
  if (Object.hasOwn(SCORE_COLUMNS, name)) return { sql: SCORE_COLUMNS[name], joins: ['scores'] };
  if (Object.hasOwn(FEEDBACK_COLUMNS, name)) return { sql: FEEDBACK_COLUMNS[name], joins: ['feedback'] };
  if (name.startsWith('purchases.')) return { sql: purchasesSql(condition, context, params), joins: [] };
  if (name.startsWith('consent.'))
    return {
      sql: effectiveConsentSql(context.policy, name.slice('consent.'.length) as ContactChannel, 'c'),
      joins: [],
    };
  if (name === 'age') return { sql: ageSql(context, params), joins: [] };
  throw new Error(`no SQL for field ${name}`);
}
