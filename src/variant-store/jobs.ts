import { basename } from 'node:path';
import type { Db } from '../db/index.js';
import { KibanError } from '../errors.js';
import { warningText } from '../genomics/vcf/index.js';
import type { JobQueue, QueuePolicy } from '../jobs/queue.js';
import type { VariantStore } from './interface.js';
import type { IngestReference } from './stage-vcf.js';
import { checkRequest, ingestSampleVcf, reconcileIngests, type IngestRequest } from './service.js';
import { interruptStale, touchHeartbeat, upsertQueued } from './store.js';

export const INGEST_QUEUE = 'variant-store-ingest';

/**
 * A 5M-record genome ingests in about two minutes on two cores; an attempt still active after
 * an hour is taken for dead (its worker was killed) and retried. Three retries with backoff cover
 * a restart; bad input is never retried (recorded as failed instead).
 */
export const INGEST_POLICY: QueuePolicy = { retryLimit: 3, retryDelaySeconds: 30, retryBackoff: true, expireInSeconds: 3600 };

export type EnqueueOutcome = { status: 'queued'; jobId: string } | { status: 'already_loaded'; jobId: null };

/**
 * Queues one sample's VCF for ingest (what the sequencing intake calls after an upload passed
 * QC). The bookkeeping row is written first, so the job is visible as queued in PostgreSQL.
 */
export async function enqueueIngest(deps: { db: Db; queue: JobQueue }, req: IngestRequest): Promise<EnqueueOutcome> {
  checkRequest(req);
  const key = { ...req, kind: req.kind ?? 'germline' } as const;
  const row = await upsertQueued(deps.db, key);
  if (row.status === 'loaded' && !req.replace) return { status: 'already_loaded', jobId: null };
  const jobId = await deps.queue.send(INGEST_QUEUE, req);
  await upsertQueued(deps.db, key, jobId);
  return { status: 'queued', jobId };
}

export interface IngestWorkerDeps {
  db: Db;
  store: VariantStore;
  reference: IngestReference;
  queue: JobQueue;
  /** Refuses samples of participants who withdrew consent (intake assertSampleInUse); required so no worker forgets it. */
  sampleInUse: (sampleId: string) => Promise<void>;
  /** Ingests at once in this process (each uses one core for parsing; DuckDB adds its own threads). */
  concurrency?: number;
  log?: (message: string) => void;
  /**
   * The embedded set-up (PGlite) is one process: jobs its data directory shows active were left by
   * the previous process, which is gone. They are failed at start, so that they are retried now.
   */
  previousProcessGone?: boolean;
  /** How often a running ingest says it is alive, and after how long without it it is taken for dead. */
  heartbeatMs?: number;
  staleAfterMs?: number;
  /** Overrides of INGEST_POLICY (tests shorten the retry delay). */
  policy?: Partial<QueuePolicy>;
  /** Called after a sample is loaded (the server queues the case's interpretation); its failure is logged, the load stands. */
  onLoaded?: (sampleId: string) => Promise<void>;
}

/**
 * Heartbeat every 10 s; a minute without one means the worker is gone. The watchdog looks every
 * 20 s, so an orphaned ingest is noticed within 80 s and retried after the queue's retry delay.
 */
export const HEARTBEAT_MS = 10_000;
export const STALE_AFTER_MS = 60_000;

/**
 * Reconciles PostgreSQL with the store, retries what a dead process left, then works the ingest
 * queue, with a heartbeat per running ingest and a watchdog for other workers' stale ones.
 */
export async function startIngestWorkers(deps: IngestWorkerDeps): Promise<{ stop(): void }> {
  const { repaired } = await reconcileIngests(deps.db, deps.store);
  if (repaired.length > 0) deps.log?.(`variant-store: marked ${repaired.length} ingest(s) loaded after a restart`);
  void compactQuietly(deps);
  await deps.queue.define(INGEST_QUEUE, { ...INGEST_POLICY, ...deps.policy });
  if (deps.previousProcessGone) await retryOrphans(deps, 0);
  const heartbeatMs = deps.heartbeatMs ?? HEARTBEAT_MS;
  const watchdog = setInterval(() => void retryOrphans(deps, deps.staleAfterMs ?? STALE_AFTER_MS).catch((err: Error) => {
    deps.log?.(`variant-store: watchdog: ${err.message}`);
  }), heartbeatMs * 2);
  watchdog.unref();
  await deps.queue.work<IngestRequest>(
    INGEST_QUEUE,
    async (req, job) => {
      const beat = setInterval(() => void touchHeartbeat(deps.db, req.sampleId, req.sha256).catch(() => undefined), heartbeatMs);
      beat.unref();
      deps.log?.(`variant-store: job ${job.id}: sample ${req.sampleId} started (attempt ${job.retryCount + 1})`);
      try {
        const out = await ingestSampleVcf(deps, req);
        deps.log?.(`variant-store: job ${job.id}: sample ${req.sampleId} ${out.status}`);
        if (out.status === 'loaded') {
          const file = basename(req.path);
          for (const w of out.warnings) deps.log?.(`variant-store: job ${job.id}: ${warningText(file, w)} ×${w.count}`);
        }
        // Not awaited: a rewrite can take minutes, and the next ingest need not wait for it.
        if (out.status === 'loaded') {
          void compactQuietly(deps);
          await deps.onLoaded?.(req.sampleId).catch((err: Error) => deps.log?.(`variant-store: after-load hook failed for sample ${req.sampleId}: ${err.message}`));
        }
      } catch (err) {
        // Bad input and conflicts are final: recorded in variant_ingests, not retried.
        if (err instanceof KibanError && (err.kind === 'invalid_input' || err.kind === 'conflict')) {
          deps.log?.(`variant-store: job ${job.id}: sample ${req.sampleId} refused: ${err.message}`);
          return;
        }
        throw err;
      } finally {
        clearInterval(beat);
      }
    },
    deps.concurrency ?? 1,
  );
  return { stop: () => clearInterval(watchdog) };
}

/**
 * Running ingests without a heartbeat for `staleMs` lost their worker: marked interrupted and
 * their jobs failed, so the queue retries them instead of waiting for the job's hour-long expiry.
 * With `staleMs` 0 (start of the embedded single process), every active job is an orphan.
 */
async function retryOrphans(deps: IngestWorkerDeps, staleMs: number): Promise<void> {
  const stale = await interruptStale(deps.db, staleMs);
  const jobIds = new Set(stale.map((s) => s.jobId).filter((id): id is string => id !== null));
  if (staleMs === 0) for (const id of await deps.queue.activeJobIds(INGEST_QUEUE)) jobIds.add(id);
  for (const id of jobIds) {
    await deps.queue.fail(INGEST_QUEUE, id, 'interrupted: the worker stopped mid-ingest; retrying');
  }
  if (jobIds.size > 0) deps.log?.(`variant-store: ${jobIds.size} interrupted ingest(s) will be retried (${stale.map((s) => s.sampleId).join(', ')})`);
}

/**
 * Keeps the variant-ordered copy of the calls current. Its failure is not the ingest's (the sample
 * is loaded, and carriers stay correct without it): it is logged, and the next load tries again.
 * It never rejects, so callers may leave it running.
 */
async function compactQuietly(deps: Pick<IngestWorkerDeps, 'store' | 'log'>): Promise<void> {
  try {
    const done = await deps.store.compact();
    if (done.samples > 0) {
      deps.log?.(`variant-store: ${done.samples} sample(s) added to the variant-ordered calls${done.rewritten ? ' (rewritten as one run)' : ''} in ${done.elapsedMs} ms`);
    }
  } catch (err) {
    deps.log?.(`variant-store: compaction failed, will retry after the next load: ${(err as Error).message}`);
  }
}
