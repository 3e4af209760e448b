/**
 * Bind parameters of a compiled query. Every value that comes from a rule goes through here:
 * the SQL text only ever holds `$n::type` placeholders, never the value itself.
 */
export type SqlType =
  | 'text'
  | 'numeric'
  | 'bigint'
  | 'int'
  | 'date'
  | 'timestamptz'
  | 'boolean'
  | 'text[]'
  | 'numeric[]'
  | 'bigint[]'
  | 'int[]'
  | 'date[]'
  | 'boolean[]';

export class SqlParameters {
  readonly values: unknown[] = [];
  private readonly seen = new Map<string, string>();

  /** @param offset placeholders already used by an enclosing query (the first one here is `$offset+1`). */
  constructor(private readonly offset = 0) {}

  /** A placeholder for `value`, cast to `type`; the same value and type reuse one placeholder. */
  add(value: unknown, type: SqlType): string {
    const normalised = value instanceof Date ? value.toISOString() : value;
    const key = `${type}:${JSON.stringify(normalised)}`;
    const existing = this.seen.get(key);
    if (existing) return existing;
    this.values.push(normalised);
    const placeholder = `$${this.offset + this.values.length}::${type}`;
    this.seen.set(key, placeholder);
    return placeholder;
  }
}
