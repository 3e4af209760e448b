/**
 * The segment rule builder's model and its conversions to and from the rule JSON of the contract
 * (docs/segments.md, "The rule language"). Pure: no DOM, so the property test runs it in Node
 * (src/console/segments/segment-model.spec.ts) and proves rules → model → rules gives the same JSON.
 *
 * Groups: `all` (toutes), `any` (au moins une), `none` (aucune: `{"not":{"any":[…]}}`) and `not`
 * (`{"not": X}` for any other X, shown as « il est faux que »). Conditions keep their value as
 * written; the widgets read and write it through `valueWidgets`.
 */

export type GroupKind = 'all' | 'any' | 'none' | 'not';

export interface ModelGroup {
  kind: 'group';
  group: GroupKind;
  children: ModelNode[];
}

export interface ModelCondition {
  kind: 'condition';
  field: string;
  op: string;
  /** As written in the JSON; absent for is_null / not_null. */
  value?: unknown;
  window_days?: number;
  currency?: string;
}

export type ModelNode = ModelGroup | ModelCondition;

const CONDITION_KEYS = ['field', 'op', 'value', 'window_days', 'currency'];

export class RulesShapeError extends Error {}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Rule JSON → model; throws RulesShapeError on what the builder cannot hold (the validator says the rest). */
export function rulesToModel(rules: unknown): ModelGroup {
  const node = nodeToModel(rules, '(rules)');
  if (node.kind !== 'group') throw new RulesShapeError('(rules): a rule set is a group: {"all":[…]}');
  return node;
}

function nodeToModel(node: unknown, path: string): ModelNode {
  if (!isObject(node)) throw new RulesShapeError(`${path}: must be a group or a condition`);
  if (Object.hasOwn(node, 'field') || Object.hasOwn(node, 'op')) return conditionToModel(node, path);
  const keys = Object.keys(node);
  if (keys.length !== 1 || !['all', 'any', 'not'].includes(keys[0]))
    throw new RulesShapeError(`${path}: a group has exactly one of all, any, not`);
  const key = keys[0];
  if (key === 'not') {
    const inner = node.not;
    if (isObject(inner) && Object.keys(inner).length === 1 && Array.isArray(inner.any))
      return {
        kind: 'group',
        group: 'none',
        children: inner.any.map((child, i) => nodeToModel(child, `not.any[${i}]`)),
      };
    return { kind: 'group', group: 'not', children: [nodeToModel(inner, `${path}.not`)] };
  }
  const list = node[key];
  if (!Array.isArray(list)) throw new RulesShapeError(`${path}.${key}: must be a list`);
  return {
    kind: 'group',
    group: key as 'all' | 'any',
    children: list.map((child, index) => nodeToModel(child, `${path}.${key}[${index}]`)),
  };
}

function conditionToModel(node: Record<string, unknown>, path: string): ModelCondition {
  for (const key of Object.keys(node))
    if (!CONDITION_KEYS.includes(key)) throw new RulesShapeError(`${path}.${key}: unknown key`);
  if (typeof node.field !== 'string') throw new RulesShapeError(`${path}.field: must be a field name`);
  if (typeof node.op !== 'string') throw new RulesShapeError(`${path}.op: must be an operator`);
  const condition: ModelCondition = { kind: 'condition', field: node.field, op: node.op };
  if (Object.hasOwn(node, 'value')) condition.value = node.value;
  if (typeof node.window_days === 'number') condition.window_days = node.window_days;
  else if (node.window_days !== undefined) throw new RulesShapeError(`${path}.window_days: must be a number`);
  if (typeof node.currency === 'string') condition.currency = node.currency;
  else if (node.currency !== undefined) throw new RulesShapeError(`${path}.currency: must be text`);
  return condition;
}

/** Model → rule JSON, keys in the contract's order (field, op, value, window_days, currency). */
export function modelToRules(node: ModelNode): unknown {
  if (node.kind === 'condition') {
    const rule: Record<string, unknown> = { field: node.field, op: node.op };
    if (Object.hasOwn(node, 'value') && node.value !== undefined) rule.value = node.value;
    if (node.window_days !== undefined) rule.window_days = node.window_days;
    if (node.currency !== undefined) rule.currency = node.currency;
    return rule;
  }
  const children = node.children.map(modelToRules);
  switch (node.group) {
    case 'all':
      return { all: children };
    case 'any':
      return { any: children };
    case 'none':
      return { not: { any: children } };
    case 'not':
      return { not: children.length === 1 ? children[0] : { all: children } };
  }
}

/**
 * The path the validator gives a node (`all[2].any[0]`), so that its messages land next to the
 * condition they name. `paths` pairs each model node with its path.
 */
export function nodePaths(root: ModelGroup): Map<ModelNode, string> {
  const paths = new Map<ModelNode, string>();
  const walk = (node: ModelNode, path: string) => {
    paths.set(node, path);
    if (node.kind !== 'group') return;
    const join = (key: string) => (path ? `${path}.${key}` : key);
    if (node.group === 'none') node.children.forEach((child, i) => walk(child, `${join('not.any')}[${i}]`));
    else if (node.group === 'not') {
      if (node.children.length === 1) walk(node.children[0], join('not'));
      else node.children.forEach((child, i) => walk(child, `${join('not.all')}[${i}]`));
    } else node.children.forEach((child, i) => walk(child, `${join(node.group)}[${i}]`));
  };
  walk(root, '');
  return paths;
}

/** The node a validator path names: the deepest node whose path starts it. */
export function nodeForProblem(paths: Map<ModelNode, string>, problemPath: string): ModelNode | undefined {
  let best: ModelNode | undefined;
  let bestLength = -1;
  for (const [node, path] of paths) {
    const matches =
      path === '' || problemPath === path || problemPath.startsWith(`${path}.`) || problemPath.startsWith(`${path}[`);
    if (matches && path.length > bestLength) {
      best = node;
      bestLength = path.length;
    }
  }
  return best;
}
