import { basename } from 'node:path';
import type { Db } from '../db/index.js';
import { KibanError } from '../errors.js';
import { warningText } from '../genomics/vcf/index.js';
import type { JobQueue, QueuePolicy } from '../jobs/queue.js';
import type { VariantStore } from './interface.js';
import type { IngestReference } from './stage-vcf.js';
import { checkRequest, ingestSampleVcf, reconcileIngests, type IngestRequest } from './service.js';
import { upsertQueued } from './store.js';

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
}

/** Reconciles PostgreSQL with the store, then works the ingest queue. */
export async function startIngestWorkers(deps: IngestWorkerDeps): Promise<void> {
  const { repaired } = await reconcileIngests(deps.db, deps.store);
  if (repaired.length > 0) deps.log?.(`variant-store: marked ${repaired.length} ingest(s) loaded after a restart`);
  void compactQuietly(deps);
  await deps.queue.define(INGEST_QUEUE, INGEST_POLICY);
  await deps.queue.work<IngestRequest>(
    INGEST_QUEUE,
    async (req, job) => {
      try {
        const out = await ingestSampleVcf(deps, req);
        deps.log?.(`variant-store: job ${job.id}: sample ${req.sampleId} ${out.status}`);
        if (out.status === 'loaded') {
          const file = basename(req.path);
          for (const w of out.warnings) deps.log?.(`variant-store: job ${job.id}: ${warningText(file, w)} ×${w.count}`);
        }
        // Not awaited: a rewrite can take minutes, and the next ingest need not wait for it.
        if (out.status === 'loaded') void compactQuietly(deps);
      } catch (err) {
        // Bad input and conflicts are final: recorded in variant_ingests, not retried.
        if (err instanceof KibanError && (err.kind === 'invalid_input' || err.kind === 'conflict')) {
          deps.log?.(`variant-store: job ${job.id}: sample ${req.sampleId} refused: ${err.message}`);
          return;
        }
        throw err;
      }
    },
    deps.concurrency ?? 1,
  );
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
