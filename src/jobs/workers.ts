import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { assertSampleInUse } from '../intake/index.js';
import { DuckDbVariantStore, duckDbPath, openIngestReference, startIngestWorkers, type ReferenceSource } from '../variant-store/index.js';
import { JobQueue, type QueueOptions } from './queue.js';

export interface WorkerOptions {
  /** A reference bundle (`kiban reference build`), or a FASTA (+ gene models) for normalisation. */
  reference: ReferenceSource;
  concurrency?: number;
  queue?: QueueOptions;
  log?: (message: string) => void;
}

export interface RunningWorkers {
  queue: JobQueue;
  stop(): Promise<void>;
}

/**
 * Every background worker of this process: `kiban worker` runs it alone, `kiban start` beside
 * the HTTP server. With the embedded DuckDB store only one process can hold the store file
 * (DuckDB locks it), so ingest workers run in that one process; with a PostgreSQL server any
 * number of processes share the queue (docs/adr/0001-job-queue.md).
 */
export async function startWorkers(config: Pick<Config, 'dataDir'>, db: Db, options: WorkerOptions): Promise<RunningWorkers> {
  const reference = await openIngestReference(options.reference);
  const store = await DuckDbVariantStore.open({ path: duckDbPath(config.dataDir) });
  const queue = await JobQueue.start(db, options.queue);
  let ingest: { stop(): void };
  try {
    ingest = await startIngestWorkers({ db, store, reference, queue, sampleInUse: (id) => assertSampleInUse(db, id), concurrency: options.concurrency ?? 1, ...(options.log ? { log: options.log } : {}) });
  } catch (err) {
    await queue.stop(false);
    await store.close();
    reference.close();
    throw err;
  }
  return {
    queue,
    async stop() {
      ingest.stop();
      await queue.stop(true);
      await store.close();
      reference.close();
    },
  };
}
