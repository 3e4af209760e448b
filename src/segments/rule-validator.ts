import { DomainError } from '../core/errors/domain-error';
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
} from './segment-rules';
import {
  LIMITS,
  attributeType,
  checkCurrency,
  checkValue,
  checkWindow,
  describe,
  describeType,
  join,
  type Problems,
} from './rule-value-checks';

const GROUP_KEYS = ['all', 'any', 'not'];
const CONDITION_KEYS = ['field', 'op', 'value', 'window_days', 'currency'];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks a rule set written as JSON and returns it typed, or throws `segments.invalid_rules`
 * listing every problem with the path that points at it (`all[2].any[0].op: unknown operator "gt="`).
 * Nothing from the input is trusted: fields come from the whitelist, values are type-checked.
 */
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
