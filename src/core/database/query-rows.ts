import type { EntityManager, QueryRunner } from 'typeorm';

/**
 * The rows of a statement whose top-level command is UPDATE or DELETE … RETURNING. TypeORM
 * answers those with `[rows, affectedCount]` instead of the rows (SELECT and INSERT give the
 * rows): reading them without this helper silently gets two "rows".
 */
export async function modifyReturning<T>(db: EntityManager | QueryRunner, sql: string, params: unknown[] = []): Promise<T[]> {
  const result: unknown = await db.query(sql, params);
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}
