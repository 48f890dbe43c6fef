/**
 * A worker process for the orphaned-ingest test: queues one VCF and works the ingest queue,
 * logging on stdout (the parent SIGKILLs it mid-ingest).
 *   node --import tsx worker-child.ts <pglite-dir | postgres-url> <store-path> <vcf> <sha256>
 */
import { openPg } from '../../db/pg.js';
import { openPglite } from '../../db/pglite.js';
import { JobQueue } from '../../jobs/queue.js';
import { DuckDbVariantStore } from '../duckdb.js';
import { enqueueIngest, startIngestWorkers } from '../jobs.js';
import { KILL_GENOME } from './kill-genome.js';
import { syntheticReference } from './synthetic.js';

const [dbArg, storePath, vcf, sha256] = process.argv.slice(2) as [string, string, string, string];
const db = dbArg.startsWith('postgres') ? openPg(dbArg, 4) : await openPglite(dbArg);
const store = await DuckDbVariantStore.open({ path: storePath });
const queue = await JobQueue.start(db, { maintenanceIntervalSeconds: 1, pollingIntervalSeconds: 0.5 });
const { reference } = syntheticReference(KILL_GENOME);
// K-9 is loaded directly, not a run of the intake: no participant to ask about consent.
await startIngestWorkers({ db, store, reference, queue, sampleInUse: async () => {}, heartbeatMs: 500, log: (m) => process.stdout.write(`${m}\n`) });
await enqueueIngest({ db, queue }, { sampleId: 'K-9', path: vcf, sha256 });
