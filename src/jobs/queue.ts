import PgBoss from 'pg-boss';
import type { Db } from '../db/index.js';
import { pgBossDb } from './pg-boss-db.js';

/**
 * The one job queue (STYLE §3): pg-boss 10 in PostgreSQL (schema `pgboss`), on PGlite or a
 * server. Jobs are fetched with SELECT … FOR UPDATE SKIP LOCKED, so any number of worker
 * processes share a queue on a server. A job whose worker dies stays `active` until its
 * `expireInSeconds` passes; pg-boss's maintenance then fails it and it is retried (retryLimit).
 */
export interface QueuePolicy {
  retryLimit: number;
  retryDelaySeconds: number;
  retryBackoff: boolean;
  /** How long one attempt may run before it counts as dead and is retried. */
  expireInSeconds: number;
}

export interface QueueOptions {
  /** How often expired jobs are looked for (default 60 s; tests use 1). */
  maintenanceIntervalSeconds?: number;
  pollingIntervalSeconds?: number;
  schema?: string;
}

export interface JobInfo {
  id: string;
  retryCount: number;
}

export type JobHandler<T> = (data: T, job: JobInfo) => Promise<void>;

export class JobQueue {
  private constructor(
    private readonly boss: PgBoss,
    private readonly pollingIntervalSeconds: number,
    private readonly schema: string,
  ) {}

  static async start(db: Db, options: QueueOptions = {}): Promise<JobQueue> {
    const boss = new PgBoss({
      db: pgBossDb(db),
      schema: options.schema ?? 'pgboss',
      maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 60,
      superviseIntervalSeconds: options.maintenanceIntervalSeconds ?? 60,
      monitorStateIntervalSeconds: options.maintenanceIntervalSeconds ?? 60,
    } as PgBoss.ConstructorOptions);
    boss.on('error', () => undefined); // surfaced by the failing call itself
    await boss.start();
    return new JobQueue(boss, options.pollingIntervalSeconds ?? 2, options.schema ?? 'pgboss');
  }

  /** Creates the queue, or updates its policy (idempotent: every process calls it at start). */
  async define(name: string, policy: QueuePolicy): Promise<void> {
    const options = {
      name,
      retryLimit: policy.retryLimit,
      retryDelay: policy.retryDelaySeconds,
      retryBackoff: policy.retryBackoff,
      expireInSeconds: policy.expireInSeconds,
    };
    if (await this.boss.getQueue(name)) await this.boss.updateQueue(name, options);
    else await this.boss.createQueue(name, options);
  }

  async send<T extends object>(name: string, data: T): Promise<string> {
    const id = await this.boss.send(name, data);
    if (!id) throw new Error(`pg-boss did not accept a job for ${name}`);
    return id;
  }

  /** Runs `handler` for each job; `concurrency` workers poll in this process. */
  async work<T>(name: string, handler: JobHandler<T>, concurrency = 1): Promise<void> {
    for (let i = 0; i < concurrency; i++) {
      await this.boss.work<T>(name, { pollingIntervalSeconds: this.pollingIntervalSeconds, batchSize: 1, includeMetadata: true }, async (jobs) => {
        for (const job of jobs) await handler(job.data, { id: job.id, retryCount: job.retryCount });
      });
    }
  }

  async job(name: string, id: string): Promise<{ state: string; retryCount: number } | undefined> {
    const job = await this.boss.getJobById(name, id);
    return job ? { state: job.state, retryCount: job.retryCount } : undefined;
  }

  /** Fails an active job now (its worker is gone): it is retried per the queue's policy. */
  async fail(name: string, id: string, message: string): Promise<void> {
    await this.boss.fail(name, id, { message });
  }

  /** Ids of the queue's jobs in the active state (being worked, or orphaned by a dead worker). */
  async activeJobIds(name: string): Promise<string[]> {
    const result = await this.boss.getDb().executeSql(
      `SELECT id FROM ${this.schema}.job WHERE name = $1 AND state = 'active' ORDER BY started_on`, [name]);
    return (result.rows as Array<{ id: string }>).map((r) => r.id);
  }

  /** Stops polling; with `graceful`, waits for running handlers first. */
  async stop(graceful = true): Promise<void> {
    await this.boss.stop({ graceful, wait: true, close: false });
  }
}
