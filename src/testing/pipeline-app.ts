import { join } from 'node:path';
import type { Config } from '../config.js';
import { assertSampleInUse } from '../intake/index.js';
import { JobQueue } from '../jobs/queue.js';
import { DuckDbVariantStore, startIngestWorkers } from '../variant-store/index.js';
import { toyReference } from '../variant-store/testing/index.js';
import { openTestApp, type TestApp } from './test-app.js';

export interface PipelineTestApp extends TestApp {
  store: DuckDbVariantStore;
  queue: JobQueue;
}

/**
 * A test app with the variant pipeline `kiban start` runs: a job queue polled twice a second, a
 * DuckDB store in `dataDir`, ingest workers on the toy reference that ask the registry whether a
 * sample is still in use. `close()` stops them all.
 */
export async function openPipelineApp(kind: 'pglite' | 'pg', dataDir: string, overrides: Partial<Config> = {}): Promise<PipelineTestApp> {
  let queue: JobQueue | undefined;
  let store: DuckDbVariantStore | undefined;
  const t = await openTestApp(kind, { dataDir, ...overrides }, {
    variants: async (db) => {
      queue = await JobQueue.start(db, { maintenanceIntervalSeconds: 1, pollingIntervalSeconds: 0.5 });
      store = await DuckDbVariantStore.open({ path: join(dataDir, 'variants.duckdb') });
      await startIngestWorkers({ db, store, reference: toyReference(), queue, sampleInUse: (id) => assertSampleInUse(db, id) });
      return { store, queue };
    },
  });
  return {
    ...t,
    store: store!,
    queue: queue!,
    async close() {
      await t.close().catch(() => undefined);
      await queue?.stop(false);
      await store?.close();
    },
  };
}
