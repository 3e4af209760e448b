import type { FieldProblem } from '../core/errors/domain-error';
import { isIsoDate } from '../contacts/normalisation/calendar';
import type { CheckedCondition, FieldSpec, Operator, ScalarValue, ValueType } from './segment-rules';

/** The checks of a condition's value, window and currency once its field and operator are known. */

export const LIMITS = { depth: 12, conditions: 200, listValues: 1000, textLength: 1000, days: 36_500 };

export type Problems = FieldProblem[];

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' ? `"${value.length > 40 ? value.slice(0, 40) + '…' : value}"` : typeof value;
}

export function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

export function describeType(type: ValueType): string {
  return {
    text: 'text',
    number: 'a number',
    date: 'a date',
    instant: 'a date and time',
    boolean: 'true or false',
    enum: 'one of a list',
  }[type];
}

/** Custom attributes are typed by the value compared (or by the operator when it says). */
export function attributeType(op: Operator, value: unknown): ValueType | undefined {
  if (op === 'is_null' || op === 'not_null') return 'text';
  if (op === 'contains' || op === 'starts_with') return 'text';
  if (op === 'within_last_days' || op === 'within_next_days' || op === 'anniversary_within_days') return 'date';
  // A malformed list or pair: any type lets checkValue say what is wrong with it.
  if ((op === 'in' || op === 'nin' || op === 'between') && (!Array.isArray(value) || !value.length)) return 'text';
  const samples = Array.isArray(value) ? value : [value];
  const types = new Set(
    samples.map((sample) =>
      typeof sample === 'number'
        ? 'number'
        : typeof sample === 'boolean'
          ? 'boolean'
          : isIsoDate(sample)
            ? 'date'
            : typeof sample === 'string'
              ? 'text'
              : 'invalid',
    ),
  );
  if (types.size !== 1 || types.has('invalid') || !samples.length) return undefined;
  return [...types][0] as ValueType;
}

function checkScalar(
  type: ValueType,
  spec: FieldSpec | undefined,
  value: unknown,
  path: string,
  problems: Problems,
): ScalarValue | undefined {
  const fail = (reason: string) => void problems.push({ field: path, reason: `${reason} (got ${describe(value)})` });
  switch (type) {
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return fail('must be a number');
      if (spec?.range && (value < spec.range.min || value > spec.range.max))
        return fail(`must be from ${spec.range.min} to ${spec.range.max}`);
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') return fail('must be true or false');
      return value;
    case 'date':
    case 'instant':
      if (!isIsoDate(value)) return fail('must be a date YYYY-MM-DD');
      return value;
    case 'enum':
      if (typeof value !== 'string' || !spec?.values?.includes(value))
        return fail(`must be one of ${spec?.values?.join(', ')}`);
      return value;
    case 'text':
      if (typeof value !== 'string') return fail('must be text');
      if (value.length > LIMITS.textLength) return fail(`at most ${LIMITS.textLength} characters`);
      return value;
  }
}

function checkDays(value: unknown, max: number, path: string, problems: Problems): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max) return value;
  problems.push({ field: path, reason: `must be a whole number of days from 0 to ${max} (got ${describe(value)})` });
  return undefined;
}

export function checkValue(
  op: Operator,
  type: ValueType,
  spec: FieldSpec | undefined,
  value: unknown,
  path: string,
  problems: Problems,
): CheckedCondition['value'] {
  switch (op) {
    case 'is_null':
    case 'not_null':
      if (value !== undefined && value !== null) problems.push({ field: path, reason: `${op} takes no value` });
      return undefined;
    case 'within_last_days':
    case 'within_next_days':
      return checkDays(value, LIMITS.days, path, problems);
    case 'anniversary_within_days':
      return checkDays(value, 366, path, problems);
    case 'in':
    case 'nin':
      if (!Array.isArray(value) || !value.length || value.length > LIMITS.listValues) {
        problems.push({
          field: path,
          reason: `${op} takes a list of 1 to ${LIMITS.listValues} values (got ${describe(value)})`,
        });
        return undefined;
      }
      return value.map((item, index) => checkScalar(type, spec, item, `${path}[${index}]`, problems)) as ScalarValue[];
    case 'between': {
      if (!Array.isArray(value) || value.length !== 2) {
        problems.push({ field: path, reason: `between takes a pair [low, high] (got ${describe(value)})` });
        return undefined;
      }
      const [low, high] = value.map((item, index) => checkScalar(type, spec, item, `${path}[${index}]`, problems));
      if (low !== undefined && high !== undefined && low > high)
        problems.push({ field: path, reason: 'the low bound comes first: [low, high]' });
      return [low, high] as ScalarValue[];
    }
    case 'contains':
    case 'starts_with':
      if (typeof value !== 'string' || !value.length) {
        problems.push({ field: path, reason: `${op} takes non-empty text (got ${describe(value)})` });
        return undefined;
      }
      return checkScalar(type, spec, value, path, problems);
    default:
      return checkScalar(type, spec, value, path, problems);
  }
}

export function checkWindow(
  node: Record<string, unknown>,
  spec: FieldSpec | undefined,
  path: string,
  problems: Problems,
): number | undefined {
  if (node.window_days === undefined) return undefined;
  if (!spec?.windowed) {
    problems.push({
      field: join(path, 'window_days'),
      reason: 'only purchases.count, purchases.total_amount and purchases.last_at take a window',
    });
    return undefined;
  }
  return checkDays(node.window_days, LIMITS.days, join(path, 'window_days'), problems);
}

export function checkCurrency(
  node: Record<string, unknown>,
  spec: FieldSpec | undefined,
  path: string,
  problems: Problems,
): string | undefined {
  if (node.currency === undefined) return undefined;
  if (!spec?.monetary) {
    problems.push({ field: join(path, 'currency'), reason: 'only purchases.total_amount takes a currency' });
    return undefined;
  }
  if (typeof node.currency !== 'string' || !/^[A-Z]{3}$/.test(node.currency)) {
    problems.push({
      field: join(path, 'currency'),
      reason: `must be an ISO 4217 code such as EUR or MAD (got ${describe(node.currency)})`,
    });
    return undefined;
  }
  return node.currency;
}
