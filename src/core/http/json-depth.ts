import { DomainError } from '../errors/domain-error';

/**
 * How deep a JSON document may nest. Rule sets nest 12 groups at most (two levels each), inside a
 * campaign or an automation: 64 leaves room for any real document. Deeper input is refused before
 * anything walks it recursively (class-transformer, the validation pipe, the rule validator): a
 * 10,000-deep body would overflow the stack there and answer 500.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * The top-level field under which `value` nests deeper than `maxDepth` (`(body)` when the
 * document itself is the culprit), or undefined when it does not. Iterative: it never recurses.
 */
export function fieldNestedTooDeep(value: unknown, maxDepth = MAX_JSON_DEPTH): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const stack: Array<{ node: object; depth: number; field: string }> = [{ node: value, depth: 1, field: '(body)' }];
  while (stack.length) {
    const { node, depth, field } = stack.pop()!;
    if (depth > maxDepth) return field;
    const entries = Array.isArray(node)
      ? (node as unknown[]).map((child, index) => [String(index), child] as const)
      : Object.entries(node as Record<string, unknown>);
    for (const [key, child] of entries) {
      if (typeof child === 'object' && child !== null)
        stack.push({ node: child, depth: depth + 1, field: depth === 1 && !Array.isArray(node) ? key : field });
    }
  }
  return undefined;
}

/** Throws a 400-kind error naming the field when `value` nests too deep. */
export function assertJsonDepth(value: unknown, code = 'validation.too_deep', maxDepth = MAX_JSON_DEPTH): void {
  const field = fieldNestedTooDeep(value, maxDepth);
  if (field === undefined) return;
  const reason = `nests more than ${maxDepth} levels deep`;
  throw DomainError.invalid(code, `${field}: ${reason}`, { fields: [{ field, reason }] });
}
