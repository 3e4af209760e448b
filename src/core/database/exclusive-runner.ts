import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows } from './query-rows';

/**
 * Runs a periodic job on one instance only: the job runs when this process wins a PostgreSQL
 * advisory lock, and is skipped when another instance holds it. Several `relance worker`
 * processes can all run the scheduler safely.
 */
@Injectable()
export class ExclusiveRunner {
  constructor(private readonly dataSource: DataSource) {}

  async run<T>(lock: string, job: () => Promise<T>): Promise<{ ran: true; result: T } | { ran: false }> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = await queryRows<{ locked: boolean }>(
        runner,
        'SELECT pg_try_advisory_lock(hashtext($1)) AS locked',
        [lock],
      );
      if (!locked) return { ran: false };
      try {
        return { ran: true, result: await job() };
      } finally {
        await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [lock]);
      }
    } finally {
      await runner.release();
    }
  }
}
