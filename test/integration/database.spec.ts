import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, Pool } from 'pg';
import { createDataSource, DatabaseConnection } from '../../src/core/database/database-connection';
import { EmbeddedPostgres } from '../../src/core/database/embedded-postgres';
import { migrations } from '../../migrations';
import { createTestDatabase, startEmptyEmbedded } from '../support/test-database';

describe('migrations', () => {
  it('apply on an empty database, go down completely, and apply again', async () => {
    const database = await createTestDatabase();
    const dataSource = createDataSource(database.url, 2);
    await dataSource.initialize();
    try {
      // The test database arrives migrated: undo everything, then redo.
      for (let i = 0; i < migrations.length; i++) await dataSource.undoLastMigration({ transaction: 'each' });
      const tables = await dataSource.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'`,
      );
      expect(tables).toEqual([]);
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      expect(applied.map((m) => m.name)).toEqual(migrations.map((m) => new m().name));
      expect(await dataSource.showMigrations()).toBe(false);
    } finally {
      await dataSource.destroy();
      await database.close();
    }
  });
});

describe('embedded PostgreSQL', () => {
  it('persists data between runs and refuses a second opener of the same store', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'relance-embedded-'));
    const config = { home, databasePoolSize: 4 };
    const first = await DatabaseConnection.open(config);
    try {
      expect(first.isEmbedded).toBe(true);
      expect(await first.migrate()).toHaveLength(migrations.length);
      await first.dataSource.query(`INSERT INTO contacts (external_id, first_name) VALUES ('P1', 'Zoé')`);
      await expect(EmbeddedPostgres.start(path.join(home, 'pgdata'))).rejects.toMatchObject({
        code: 'database.embedded_in_use',
        message: expect.stringContaining(`in use by another relance process (pid ${process.pid})`),
      });
    } finally {
      await first.close();
    }
    const second = await DatabaseConnection.open(config);
    try {
      expect(await second.migrate()).toEqual([]);
      expect(await second.dataSource.query(`SELECT first_name FROM contacts WHERE external_id = 'P1'`)).toEqual([
        { first_name: 'Zoé' },
      ]);
      // Several pool connections at once go through the same store.
      const counts = await Promise.all(
        [1, 2, 3, 4, 5, 6].map(() => second.dataSource.query(`SELECT count(*)::int AS n FROM contacts`)),
      );
      expect(counts.every(([row]) => row.n === 1)).toBe(true);
    } finally {
      await second.close();
      fs.rmSync(home, { recursive: true, force: true });
    }
  });

  it('serves the ordinary pg driver, transactions included', async () => {
    const embedded = await startEmptyEmbedded();
    const a = new Client({ connectionString: embedded.url });
    const b = new Client({ connectionString: embedded.url });
    await a.connect();
    await b.connect();
    try {
      await a.query('CREATE TABLE t (v int)');
      await a.query('BEGIN');
      await a.query('INSERT INTO t VALUES (1)');
      const during = b.query('SELECT count(*)::int AS n FROM t');
      await a.query('ROLLBACK');
      expect((await during).rows[0].n).toBe(0);
    } finally {
      await a.end();
      await b.end();
      await embedded.stop();
    }
  });

  it("keeps each connection's parameterised queries whole while others run theirs and their transactions", async () => {
    // An extended query (Parse … Sync) lives in the one PGlite session outside any transaction:
    // another connection's messages must not run in between, or one binds to the other's statement.
    const embedded = await startEmptyEmbedded();
    const pool = new Pool({ connectionString: embedded.url, max: 8 });
    try {
      await pool.query('CREATE TABLE t (v int)');
      const transactions = Array.from({ length: 20 }, async (_, i) => {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          await client.query('INSERT INTO t VALUES ($1)', [i]);
          await client.query(i % 2 ? 'COMMIT' : 'ROLLBACK');
        } finally {
          client.release();
        }
      });
      const selects = Array.from({ length: 300 }, (_, i) =>
        pool
          .query(i % 3 ? 'SELECT $1::int * 2 AS n' : 'SELECT $1::int * 2 AS n, $2::text AS s', i % 3 ? [i] : [i, 'x'])
          .then((r) => r.rows[0].n === i * 2),
      );
      const outcomes = await Promise.allSettled([...selects, ...transactions]);
      expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
      expect(outcomes.slice(0, selects.length).every((o) => o.status === 'fulfilled' && o.value === true)).toBe(true);
      expect((await pool.query('SELECT count(*)::int AS n FROM t')).rows[0].n).toBe(10);

      // A connection that goes away inside a transaction leaves nothing open behind it.
      const gone = new Client({ connectionString: embedded.url });
      await gone.connect();
      await gone.query('BEGIN');
      await gone.query('INSERT INTO t VALUES ($1)', [99]);
      await gone.end();
      expect((await pool.query('SELECT count(*)::int AS n FROM t WHERE v = $1', [99])).rows[0].n).toBe(0);
    } finally {
      await pool.end();
      await embedded.stop();
    }
  });
});

describe('connection errors', () => {
  it('say in one line what is wrong with DATABASE_URL', async () => {
    await expect(
      DatabaseConnection.open({
        databaseUrl: 'postgres://nobody@127.0.0.1:1/none',
        home: os.tmpdir(),
        databasePoolSize: 2,
      }),
    ).rejects.toMatchObject({
      code: 'database.unreachable',
      message:
        'cannot use PostgreSQL at 127.0.0.1:1/none: connection refused (is the server running?); check DATABASE_URL',
    });
  });
});
