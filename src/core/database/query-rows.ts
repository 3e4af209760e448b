/**
 * The rows of a statement whose top-level command is UPDATE or DELETE … RETURNING. TypeORM
 * answers those with `[rows, affectedCount]` instead of the rows (SELECT and INSERT give the
 * rows): reading them without this helper silently gets two "rows".
 */
export async function modifyReturning<T>(db: Queryable, sql: string, params: unknown[] = []): Promise<T[]> {
  const result: unknown = await db.query(sql, params);
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number')
    return result[0] as T[];
  return result as T[];
}

/** Anything that runs SQL: the data source, an entity manager (a transaction) or a query runner. */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/**
 * The rows of a SELECT or INSERT … RETURNING, typed by the caller: the statement's column list
 * is the contract, and the row type is written beside it once instead of reading `any`.
 */
export async function queryRows<T>(db: Queryable, sql: string, params: unknown[] = []): Promise<T[]> {
  return (await db.query(sql, params)) as T[];
}
