import type { DataSource, EntityManager } from 'typeorm';

const TABLE_NAME = /^[a-z_][a-z0-9_]*$/;

/**
 * Refreshes the planner's statistics of tables just filled in bulk (an import, the demo): with
 * none, PostgreSQL guesses one row per table and picks nested loops that cost seconds on the
 * reports and console pages — and autovacuum, which would analyze them later, may be slow or off.
 * ANALYZE samples at most 30,000 rows per table, so it stays well under a second.
 */
export async function analyzeTables(database: DataSource | EntityManager, tables: readonly string[]): Promise<void> {
  if (tables.length === 0) return;
  for (const table of tables) if (!TABLE_NAME.test(table)) throw new Error(`relance: not a table name: ${table}`);
  await database.query(`ANALYZE ${tables.join(', ')}`);
}
