import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { createDataSource, DatabaseConnection } from '../../src/core/database/database-connection';
import { EmbeddedPostgres } from '../../src/core/database/embedded-postgres';
import { migrations } from '../../migrations';
import { createTestDatabase } from '../support/test-database';

describe('migrations', () => {
  it('apply on an empty database, go down completely, and apply again', async () => {
    const database = await createTestDatabase();
    const dataSource = createDataSource(database.url, 2);
    await dataSource.initialize();
    try {
      // The test database arrives migrated: undo everything, then redo.
      for (let i = 0; i < migrations.length; i++) await dataSource.undoLastMigration({ transaction: 'each' });
      const tables = await dataSource.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'`);
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
      expect(await second.dataSource.query(`SELECT first_name FROM contacts WHERE external_id = 'P1'`)).toEqual([{ first_name: 'Zoé' }]);
      // Several pool connections at once go through the same store.
      const counts = await Promise.all([1, 2, 3, 4, 5, 6].map(() => second.dataSource.query(`SELECT count(*)::int AS n FROM contacts`)));
      expect(counts.every(([row]) => row.n === 1)).toBe(true);
    } finally {
      await second.close();
      fs.rmSync(home, { recursive: true, force: true });
    }
  });

  it('serves the ordinary pg driver, transactions included', async () => {
    const embedded = await EmbeddedPostgres.start(undefined);
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
});

describe('connection errors', () => {
  it('say in one line what is wrong with DATABASE_URL', async () => {
    await expect(DatabaseConnection.open({ databaseUrl: 'postgres://nobody@127.0.0.1:1/none', home: os.tmpdir(), databasePoolSize: 2 })).rejects.toMatchObject({
      code: 'database.unreachable',
      message: 'cannot use PostgreSQL at 127.0.0.1:1/none: connection refused (is the server running?); check DATABASE_URL',
    });
  });
});
