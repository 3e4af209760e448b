import { DomainError, type FieldProblem } from '../core/errors/domain-error';
import { isIsoDate } from '../contacts/normalisation/calendar';
import {
  ATTRIBUTE_FIELD,
  CONTACT_COLUMN_TYPES,
  FIELDS,
  OPERATORS,
  OPERATORS_BY_TYPE,
  type CheckedCondition,
  type CheckedNode,
  type ContactColumn,
  type FieldRef,
  type FieldSpec,
  type Operator,
  type ScalarValue,
  type ValueType,
} from './segment-rules';

/**
 * Checks a rule set written as JSON and returns it typed, or throws `segments.invalid_rules`
 * listing every problem with the path that points at it (`all[2].any[0].op: unknown operator "gt="`).
 * Nothing from the input is trusted: fields come from the whitelist, values are type-checked.
 */

export const LIMITS = { depth: 12, conditions: 200, listValues: 1000, textLength: 1000, days: 36_500 };

type Problems = FieldProblem[];
const GROUP_KEYS = ['all', 'any', 'not'];
const CONDITION_KEYS = ['field', 'op', 'value', 'window_days', 'currency'];

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' ? `"${value.length > 40 ? value.slice(0, 40) + '…' : value}"` : typeof value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function validateRules(input: unknown): CheckedNode {
  const problems: Problems = [];
  const counter = { conditions: 0 };
  let checked: CheckedNode | undefined;
  if (!isPlainObject(input) || !GROUP_KEYS.some((key) => Object.hasOwn(input, key))) {
    problems.push({ field: '(rules)', reason: 'a rule set is a group: {"all":[…]}, {"any":[…]} or {"not":{…}}' });
  } else {
    checked = checkNode(input, '', 1, problems, counter);
  }
  if (counter.conditions > LIMITS.conditions)
    problems.push({ field: '(rules)', reason: `at most ${LIMITS.conditions} conditions` });
  if (problems.length || !checked) {
    throw DomainError.invalid(
      'segments.invalid_rules',
      `invalid segment rules: ${problems.map((p) => `${p.field}: ${p.reason}`).join('; ')}`,
      { fields: problems },
    );
  }
  return checked;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function checkNode(
  node: unknown,
  path: string,
  depth: number,
  problems: Problems,
  counter: { conditions: number },
): CheckedNode | undefined {
  const at = path || '(rules)';
  if (!isPlainObject(node)) {
    problems.push({ field: at, reason: `must be a group or a condition (got ${describe(node)})` });
    return undefined;
  }
  if (depth > LIMITS.depth) {
    problems.push({ field: at, reason: `groups nest at most ${LIMITS.depth} deep` });
    return undefined;
  }
  if (Object.hasOwn(node, 'field') || Object.hasOwn(node, 'op')) {
    counter.conditions++;
    return checkCondition(node, path, problems);
  }
  const keys = Object.keys(node);
  const groupKeys = keys.filter((key) => GROUP_KEYS.includes(key));
  for (const key of keys.filter((key) => !GROUP_KEYS.includes(key)))
    problems.push({ field: join(path, key), reason: 'unknown key (a group has one of all, any, not)' });
  if (groupKeys.length !== 1) {
    if (groupKeys.length > 1)
      problems.push({ field: at, reason: `a group has exactly one of all, any, not (got ${groupKeys.join(', ')})` });
    else if (!keys.length) problems.push({ field: at, reason: 'empty object: expected a group or a condition' });
    return undefined;
  }
  const key = groupKeys[0] as 'all' | 'any' | 'not';
  if (key === 'not') {
    const child = checkNode(node.not, join(path, 'not'), depth + 1, problems, counter);
    return child && { kind: 'not', child };
  }
  const list = node[key];
  if (!Array.isArray(list)) {
    problems.push({
      field: join(path, key),
      reason: `must be a list of groups and conditions (got ${describe(list)})`,
    });
    return undefined;
  }
  const children = list.map((child, index) =>
    checkNode(child, `${join(path, key)}[${index}]`, depth + 1, problems, counter),
  );
  return children.every(Boolean) ? { kind: key, children: children as CheckedNode[] } : undefined;
}

function resolveField(
  field: unknown,
  path: string,
  problems: Problems,
): { ref: FieldRef; spec?: FieldSpec } | undefined {
  if (typeof field !== 'string') {
    problems.push({ field: join(path, 'field'), reason: `must be a field name (got ${describe(field)})` });
    return undefined;
  }
  const attribute = ATTRIBUTE_FIELD.exec(field);
  if (attribute) return { ref: { source: 'attribute', name: attribute[1] } };
  const spec = Object.hasOwn(FIELDS, field) ? FIELDS[field] : undefined;
  if (!spec) {
    const reason = field.startsWith('attr.')
      ? 'attribute names are lower-case letters, digits and _'
      : `unknown field "${field.slice(0, 60)}"`;
    problems.push({ field: join(path, 'field'), reason });
    return undefined;
  }
  const ref: FieldRef = Object.hasOwn(CONTACT_COLUMN_TYPES, field)
    ? { source: 'column', column: field as ContactColumn }
    : { source: 'computed', name: field };
  return { ref, spec };
}

function checkCondition(node: Record<string, unknown>, path: string, problems: Problems): CheckedCondition | undefined {
  const before = problems.length;
  for (const key of Object.keys(node))
    if (!CONDITION_KEYS.includes(key))
      problems.push({
        field: join(path, key),
        reason: 'unknown key (a condition has field, op, value, window_days, currency)',
      });
  const resolved = resolveField(node.field, path, problems);
  const op = node.op;
  if (typeof op !== 'string' || !(OPERATORS as readonly string[]).includes(op)) {
    problems.push({
      field: join(path, 'op'),
      reason:
        typeof op === 'string' ? `unknown operator "${op.slice(0, 20)}"` : `must be an operator (got ${describe(op)})`,
    });
    return undefined;
  }
  if (!resolved) return undefined;
  const field = node.field as string;
  const type = resolved.spec ? resolved.spec.type : attributeType(op as Operator, node.value);
  if (!type) {
    problems.push({
      field: join(path, 'value'),
      reason:
        'cannot tell the type of the attribute from this value (use numbers, booleans, YYYY-MM-DD dates or text, all of one type)',
    });
    return undefined;
  }
  if (!OPERATORS_BY_TYPE[type].includes(op as Operator)) {
    problems.push({
      field: join(path, 'op'),
      reason: `operator "${op}" does not apply to ${field} (${describeType(type)}); use ${OPERATORS_BY_TYPE[type].join(', ')}`,
    });
    return undefined;
  }
  const value = checkValue(op as Operator, type, resolved.spec, node.value, join(path, 'value'), problems);
  const windowDays = checkWindow(node, resolved.spec, path, problems);
  const currency = checkCurrency(node, resolved.spec, path, problems);
  if (problems.length > before) return undefined;
  return { kind: 'condition', field, ref: resolved.ref, type, op: op as Operator, value, windowDays, currency };
}

function describeType(type: ValueType): string {
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

function checkValue(
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

function checkWindow(
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

function checkCurrency(
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
