import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import PgBoss from 'pg-boss';
import type { EntityManager } from 'typeorm';
import { RUNTIME_ROLE, type RuntimeRole } from '../../app/runtime-role';
import { DatabaseConnection } from '../database/database-connection';

export type JobHandler<T> = (data: T, job: { id: string; retryCount: number }) => Promise<void>;

interface Registration {
  queue: string;
  options: PgBoss.Queue;
  handler?: JobHandler<any>;
  workOptions?: { batchSize?: number; pollingIntervalSeconds?: number; concurrency?: number };
}

/**
 * The job queue: pg-boss in the same PostgreSQL database. Enqueueing can join the caller's
 * transaction (a campaign's audience snapshot and its dispatch jobs commit together), and
 * every `relance worker` process on every machine pulls from the same queues — this is how
 * relance scales out. Only processes with the workers role run handlers.
 */
@Injectable()
export class QueueService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Queue');
  private readonly registrations = new Map<string, Registration>();
  private boss?: PgBoss;
  private starting?: Promise<PgBoss>;

  constructor(
    private readonly connection: DatabaseConnection,
    @Inject(RUNTIME_ROLE) private readonly role: RuntimeRole,
  ) {}

  /** Declares a queue (and its handler, run only by worker processes). Call from onModuleInit. */
  register<T>(queue: string, options: Omit<PgBoss.Queue, 'name'>, handler?: JobHandler<T>, workOptions?: Registration['workOptions']): void {
    this.registrations.set(queue, { queue, options: { name: queue, ...options }, handler, workOptions });
  }

  async onApplicationBootstrap(): Promise<void> {
    // One-shot commands start the queue lazily, on their first send.
    if (!this.role.workers) return;
    const boss = await this.ready();
    for (const registration of this.registrations.values()) {
      if (!registration.handler) continue;
      const handler = registration.handler;
      const concurrency = registration.workOptions?.concurrency ?? 1;
      for (let i = 0; i < concurrency; i++) {
        await boss.work(
          registration.queue,
          { batchSize: 1, pollingIntervalSeconds: registration.workOptions?.pollingIntervalSeconds ?? 1 },
          async ([job]) => {
            await handler(job.data, { id: job.id, retryCount: (job as PgBoss.JobWithMetadata).retryCount ?? 0 });
          },
        );
      }
    }
  }

  /** Starts pg-boss once (creating its schema on first use), with every declared queue. */
  ready(): Promise<PgBoss> {
    this.starting ??= (async () => {
      const boss = new PgBoss({
        connectionString: this.connection.url,
        schema: 'pgboss',
        application_name: 'relance-queue',
        max: 4,
        supervise: this.role.workers,
        schedule: false,
        migrate: true,
      });
      boss.on('error', (error) => this.logger.error(`queue error: ${(error as Error).message}`));
      await boss.start();
      for (const registration of this.registrations.values()) {
        if (await boss.getQueue(registration.queue)) continue;
        // Two processes starting together on a new database both see no queue: the loser's
        // insert fails on the queue's key, and the queue exists all the same.
        await boss.createQueue(registration.queue, registration.options).catch(async (error: unknown) => {
          if (!(await boss.getQueue(registration.queue))) throw error;
        });
      }
      this.boss = boss;
      return boss;
    })();
    return this.starting;
  }

  /**
   * Enqueues a job; with `manager`, inside the caller's transaction (it is only visible, and
   * only runs, if the transaction commits).
   */
  async send<T extends object>(queue: string, data: T, options: PgBoss.SendOptions = {}, manager?: EntityManager): Promise<string | null> {
    const boss = await this.ready();
    const db = manager ? { executeSql: async (text: string, values: unknown[]) => ({ rows: await manager.query(text, values) }) } : undefined;
    return boss.send(queue, data, { ...options, ...(db ? { db } : {}) });
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (!this.boss) return;
    await this.boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  }
}
