import type { FrontMatterMap, FrontMatterValue } from './front-matter';

/**
 * Writes front matter that `parseFrontMatter` reads back to the same values: every text is
 * written JSON-quoted (`"…"`, the parser's own quoting), so no value is ever taken for a block,
 * a list, a comment or a key; lists as `- "item"` lines and maps indented by two spaces. Empty
 * lists and maps are left out (the parser would read them as an empty text). Comment lines are
 * written first, as given (without their `#`).
 */
const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function writeValue(key: string, value: FrontMatterValue, indent: string, out: string[]): void {
  if (!KEY.test(key)) throw new Error(`front matter: "${key}" is not a key`);
  if (typeof value === 'string') {
    out.push(`${indent}${key}: ${JSON.stringify(value)}`);
  } else if (Array.isArray(value)) {
    if (!value.length) return;
    out.push(`${indent}${key}:`);
    for (const item of value) out.push(`${indent}  - ${JSON.stringify(item)}`);
  } else {
    const inner: string[] = [];
    for (const [name, child] of Object.entries(value)) writeValue(name, child, `${indent}  `, inner);
    if (!inner.length) return;
    out.push(`${indent}${key}:`, ...inner);
  }
}

export function writeFrontMatter(values: FrontMatterMap, comments: string[] = []): string {
  const out = comments.map((comment) => `# ${comment.replace(/\r?\n/g, ' ').trim()}`);
  for (const [key, value] of Object.entries(values)) writeValue(key, value, '', out);
  return out.join('\n');
}
