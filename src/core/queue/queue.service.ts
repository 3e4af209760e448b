import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import PgBoss from 'pg-boss';
import type { EntityManager } from 'typeorm';
import { RUNTIME_ROLE, type RuntimeRole } from '../runtime-role';
import { DatabaseConnection } from '../database/database-connection';
import { queryRows } from '../database/query-rows';

export type JobHandler<T> = (data: T, job: { id: string; retryCount: number }) => Promise<void>;

interface Registration {
  queue: string;
  options: PgBoss.Queue;
  handler?: JobHandler<unknown>;
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
  private stopping?: Promise<void>;

  constructor(
    private readonly connection: DatabaseConnection,
    @Inject(RUNTIME_ROLE) private readonly role: RuntimeRole,
  ) {}

  /** Declares a queue (and its handler, run only by worker processes). Call from onModuleInit. */
  register<T>(
    queue: string,
    options: Omit<PgBoss.Queue, 'name'>,
    handler?: JobHandler<T>,
    workOptions?: Registration['workOptions'],
  ): void {
    this.registrations.set(queue, {
      queue,
      options: { name: queue, ...options },
      handler: handler as JobHandler<unknown> | undefined,
      workOptions,
    });
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
      boss.on('error', (error) => this.logger.error(`queue error: ${error.message}`));
      await boss.start();
      for (const registration of this.registrations.values()) await this.createQueue(boss, registration);
      this.boss = boss;
      return boss;
    })();
    return this.starting;
  }

  /**
   * Creates a queue unless it exists. Processes starting together on a new database race here:
   * pg-boss's create_queue inserts the queue's row, then attaches its partition and adds a
   * foreign key to the queue table, so two creators can deadlock (PostgreSQL cancels one) or one
   * can wait on the other's uncommitted row. The loser retries after a short, jittered pause:
   * by then the winner has committed and the queue exists, or the retry creates it.
   */
  private async createQueue(boss: PgBoss, registration: Registration, attempts = 6): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      if (await boss.getQueue(registration.queue)) return;
      try {
        await boss.createQueue(registration.queue, registration.options);
        return;
      } catch (error) {
        if (await boss.getQueue(registration.queue)) return;
        if (attempt >= attempts) throw error;
        this.logger.warn(
          `queue ${registration.queue}: creation raced with another process (${(error as Error).message}); retrying`,
        );
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt + Math.floor(Math.random() * 100)));
      }
    }
  }

  /**
   * Enqueues a job; with `manager`, inside the caller's transaction (it is only visible, and
   * only runs, if the transaction commits).
   */
  async send<T extends object>(
    queue: string,
    data: T,
    options: PgBoss.SendOptions = {},
    manager?: EntityManager,
  ): Promise<string | null> {
    const boss = await this.ready();
    const db = manager
      ? {
          executeSql: async (text: string, values: unknown[]) => ({
            rows: await queryRows<unknown>(manager, text, values),
          }),
        }
      : undefined;
    return boss.send(queue, data, { ...options, ...(db ? { db } : {}) });
  }

  /**
   * Waits for the running jobs (a dispatch gives back what it has not handed over). Shutdown can
   * run twice at once (Nest's signal hook and the command's own `close`): the second waits for
   * the same stop, else it would go on and close the database under the jobs still running.
   */
  async beforeApplicationShutdown(): Promise<void> {
    if (!this.boss) return;
    this.stopping ??= this.boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    await this.stopping;
  }
}
