import { fieldSql, type Join } from './field-sql';
import { addDays, anniversaryMonthDays, localDate, startOfDay } from '../contacts/normalisation/calendar';
import {
  FIELDS,
  type CheckedCondition,
  type CheckedNode,
  type ScalarValue,
  type SegmentContext,
} from './segment-rules';
import { SqlParameters, type SqlType } from './sql-parameters';

/**
 * Compiles a validated rule set to one parameterised query, `SELECT c.id FROM contacts c … WHERE …`,
 * usable on its own or as a subquery. Erased contacts are never part of a segment.
 *
 * Every condition is true or false, never unknown: a missing value fails every comparison except
 * `neq`, `nin` and `is_null`, which are the exact opposites of `eq`, `in` and `not_null`, and
 * `not` is the exact complement of its group. (SQL's NULL would otherwise make `not` drop the
 * contacts whose value is missing.) In a positive position SQL already reads NULL as false, so
 * only negations need the `coalesce`.
 */
export interface CompiledSegment {
  /** `SELECT c.id FROM contacts c … WHERE …` with `$n` placeholders. */
  sql: string;
  params: unknown[];
}

export interface CompileOptions {
  /** Placeholders already used by an enclosing query: the first parameter here is `$paramOffset+1`. */
  paramOffset?: number;
}

const JOIN_SQL: Record<Join, string> = {
  scores: 'LEFT JOIN contact_scores s ON s.contact_id = c.id',
  feedback: 'LEFT JOIN contact_feedback f ON f.contact_id = c.id',
};

export function compileSegment(
  rules: CheckedNode,
  context: SegmentContext,
  options: CompileOptions = {},
): CompiledSegment {
  const params = new SqlParameters(options.paramOffset ?? 0);
  const joins = new Set<Join>();
  const where = compileNode(rules, context, params, joins);
  const joinSql = (['scores', 'feedback'] as Join[])
    .filter((join) => joins.has(join))
    .map((join) => ` ${JOIN_SQL[join]}`)
    .join('');
  return { sql: `SELECT c.id FROM contacts c${joinSql} WHERE c.erased_at IS NULL AND ${where}`, params: params.values };
}

function compileNode(node: CheckedNode, context: SegmentContext, params: SqlParameters, joins: Set<Join>): string {
  switch (node.kind) {
    case 'all':
      return node.children.length
        ? `(${node.children.map((child) => compileNode(child, context, params, joins)).join(' AND ')})`
        : 'true';
    case 'any':
      return node.children.length
        ? `(${node.children.map((child) => compileNode(child, context, params, joins)).join(' OR ')})`
        : 'false';
    case 'not':
      return `(NOT coalesce(${compileNode(node.child, context, params, joins)}, false))`;
    case 'condition': {
      const field = fieldSql(node, context, params);
      field.joins.forEach((join) => joins.add(join));
      return `(${compileCondition(field.sql, node, context, params)})`;
    }
  }
}

function scalarType(condition: CheckedCondition): SqlType {
  switch (condition.type) {
    case 'number': {
      const values = ([] as ScalarValue[]).concat(condition.value ?? []);
      return FIELDS[condition.field]?.integer && values.every((value) => Number.isInteger(value))
        ? 'bigint'
        : 'numeric';
    }
    case 'date':
      return 'date';
    case 'boolean':
      return 'boolean';
    default:
      return 'text';
  }
}

function compileCondition(
  expression: string,
  condition: CheckedCondition,
  context: SegmentContext,
  params: SqlParameters,
): string {
  if (condition.op === 'is_null') return `${expression} IS NULL`;
  if (condition.op === 'not_null') return `${expression} IS NOT NULL`;
  if (condition.type === 'instant') return compileInstant(expression, condition, context, params);
  const type = scalarType(condition);
  const value = (item: unknown) => params.add(item, type);
  const list = () => params.add(condition.value, `${type}[]` as SqlType);
  // Text is ordered character by character (code points), the same on every server whatever its collation.
  const ordered = type === 'text' ? `${expression} COLLATE "C"` : expression;
  const today = localDate(context.now, context.timeZone);
  switch (condition.op) {
    case 'eq':
      return `${expression} = ${value(condition.value)}`;
    case 'neq':
      return `${expression} IS DISTINCT FROM ${value(condition.value)}`;
    case 'in':
      return `${expression} = ANY(${list()})`;
    case 'nin':
      return `NOT coalesce(${expression} = ANY(${list()}), false)`;
    case 'gt':
      return `${ordered} > ${value(condition.value)}`;
    case 'gte':
      return `${ordered} >= ${value(condition.value)}`;
    case 'lt':
      return `${ordered} < ${value(condition.value)}`;
    case 'lte':
      return `${ordered} <= ${value(condition.value)}`;
    case 'between': {
      const [low, high] = condition.value as ScalarValue[];
      return `${ordered} BETWEEN ${value(low)} AND ${value(high)}`;
    }
    case 'contains':
      return `strpos(lower(${expression}), lower(${value(condition.value)})) > 0`;
    case 'starts_with':
      return `starts_with(lower(${expression}), lower(${value(condition.value)}))`;
    case 'within_last_days':
      return `${expression} BETWEEN ${params.add(addDays(today, -(condition.value as number)), 'date')} AND ${params.add(today, 'date')}`;
    case 'within_next_days':
      return `${expression} BETWEEN ${params.add(today, 'date')} AND ${params.add(addDays(today, condition.value as number), 'date')}`;
    case 'anniversary_within_days':
      return `(extract(month FROM ${expression})::int * 100 + extract(day FROM ${expression})::int) = ANY(${params.add(anniversaryMonthDays(today, condition.value as number), 'int[]')})`;
  }
}

/**
 * A point in time compared by its calendar date in the company's time zone: each date becomes the
 * range of instants of that local day, so `purchases.last_at lte 2026-01-31` keeps the evening of
 * the 31st. One range test (`<@ tstzrange`) evaluates the expression once.
 */
function compileInstant(
  expression: string,
  condition: CheckedCondition,
  context: SegmentContext,
  params: SqlParameters,
): string {
  const zone = context.timeZone;
  const today = localDate(context.now, zone);
  const start = (date: string) => params.add(startOfDay(date, zone), 'timestamptz');
  const range = (from: string | null, toExclusive: string | null) =>
    `${expression} <@ tstzrange(${from ? start(from) : 'NULL'}, ${toExclusive ? start(toExclusive) : 'NULL'}, '[)')`;
  const date = condition.value as string;
  switch (condition.op) {
    case 'eq':
      return range(date, addDays(date, 1));
    case 'neq':
      return `NOT coalesce(${range(date, addDays(date, 1))}, false)`;
    case 'gt':
      return range(addDays(date, 1), null);
    case 'gte':
      return range(date, null);
    case 'lt':
      return range(null, date);
    case 'lte':
      return range(null, addDays(date, 1));
    case 'between': {
      const [low, high] = condition.value as string[];
      return range(low, addDays(high, 1));
    }
    case 'within_last_days':
      return range(addDays(today, -(condition.value as number)), addDays(today, 1));
    case 'within_next_days':
      return range(today, addDays(today, (condition.value as number) + 1));
    default:
      throw new Error(`operator ${condition.op} does not apply to instants`);
  }
}
