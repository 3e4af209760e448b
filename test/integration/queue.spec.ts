import { Client } from 'pg';
import { ROLES } from '../../src/core/runtime-role';
import type { DatabaseConnection } from '../../src/core/database/database-connection';
import { QueueService } from '../../src/core/queue/queue.service';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

jest.setTimeout(120_000);

describe('job queue start-up', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database.close();
  });

  function queueService(): QueueService {
    const queue = new QueueService({ url: database.url } as DatabaseConnection, ROLES.command);
    queue.register('relance-race-a', { retryLimit: 3, retryDelay: 5, expireInSeconds: 60 });
    queue.register('relance-race-b', { retryLimit: 1 });
    return queue;
  }

  it('starts in several processes at once on a new database, each queue created once', async () => {
    // Processes starting together race to create pg-boss's schema and the queues (creating a
    // queue attaches a partition and a foreign key: concurrent creators can deadlock).
    for (let round = 0; round < 6; round++) {
      const admin = new Client({ connectionString: database.url });
      await admin.connect();
      await admin.query('DROP SCHEMA IF EXISTS pgboss CASCADE');
      await admin.end();
      const services = Array.from({ length: 5 }, () => queueService());
      try {
        const boots = await Promise.allSettled(services.map((s) => s.ready()));
        expect(boots.filter((b) => b.status === 'rejected')).toEqual([]);
        const id = await services[1].send('relance-race-a', { round });
        expect(id).toEqual(expect.any(String));
        const check = new Client({ connectionString: database.url });
        await check.connect();
        const { rows } = await check.query(
          `SELECT name FROM pgboss.queue WHERE name LIKE 'relance-race-%' ORDER BY name`,
        );
        await check.end();
        expect(rows.map((r) => r.name)).toEqual(['relance-race-a', 'relance-race-b']);
      } finally {
        await Promise.all(services.map((s) => s.beforeApplicationShutdown()));
      }
    }
  });
});
