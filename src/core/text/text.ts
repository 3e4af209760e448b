/** Small text utilities shared by importers, templates and exports. Pure functions. */

const COMBINING_MARKS = /\p{M}+/gu;

export function stripAccents(value: string): string {
  return value.normalize('NFD').replace(COMBINING_MARKS, '');
}

/** `Fréquence d'achat` → `frequence_d_achat`: lower case, no accents, runs of other characters as `_`. */
export function slugifyIdentifier(value: string): string {
  return stripAccents(value)
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** CR, LF, NUL and the other C0/C1 controls (tab excepted): never allowed in a field that may reach a header. */
// eslint-disable-next-line no-control-regex
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u2028\u2029]/;
// eslint-disable-next-line no-control-regex
export const NUL_CHARACTER = /\u0000/;

/** Already clean: printable ASCII, no leading, trailing or doubled space. The common case, checked cheaply. */
const CLEAN_ASCII = /^(?:[\x21-\x7E]+ )*[\x21-\x7E]+$/;

/** Trims, NFC-normalises and collapses runs of white space to one space. */
export function cleanLine(value: string): string {
  if (CLEAN_ASCII.test(value)) return value;
  return value
    .normalize('NFC')
    .replace(/[\s\u00A0\u202F]+/g, ' ')
    .trim();
}

/**
 * `table[key]` among the table's own entries only. A name that comes from input (a CSV header, a
 * `--map` target, a civility, a template's folder) may be `constructor`, `toString` or `__proto__`:
 * a plain lookup or `in` would find what every object inherits.
 */
export function ownEntry<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
