import { buildApp } from './app.js';
import type { CliIo } from './cli/main.js';
import { configFromEnv, type Config } from './config.js';
import { migrate, openDb, type Db } from './db/index.js';
import { startCheckpointer } from './audit/checkpoints.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, isEmpty, loadDemo } from './demo/index.js';
import { DEMO_SITES_COUNT, DEMO_SITES_SEED, demoGenome, ensureDemoReference } from './demo/reference.js';
import { assertSampleInUse, ingestPortFor, seedDemoSequencing } from './intake/index.js';
import { JobQueue } from './jobs/queue.js';
import { createLogger } from './log.js';
import { DEMO_TRIO_HPO, demoCausalVariant, ensureDemoKnowledge } from './demo/knowledge.js';
import { interpretAfterIngest, seedDemoPhenotype, startInterpretationWorkers, type ServerKnowledge } from './interpretation/index.js';
import { loadKnowledgeBundle } from './knowledge/index.js';
import { DuckDbVariantStore, duckDbPath, openIngestReference, startIngestWorkers } from './variant-store/index.js';

interface VariantPipeline {
  store: DuckDbVariantStore;
  queue: JobQueue;
  stop(): Promise<void>;
}

/**
 * The variant pipeline of a server process: the variant store (DuckDB allows one process per
 * file, so the store is shared by the HTTP routes and the ingest workers of this process), the
 * job queue, and ingest workers when a reference bundle is known (KIBAN_REFERENCE_DIR, or the
 * generated demo bundle). Files queued while no worker ran are dispatched at start.
 */
async function startVariantPipeline(config: Config, db: Db, demo: { enabled: boolean; seeded: boolean }, knowledge: ServerKnowledge | null, io: CliIo): Promise<VariantPipeline> {
  const store = await DuckDbVariantStore.open({ path: duckDbPath(config.dataDir) });
  const queue = await JobQueue.start(db);
  // Run outcomes go at the request-log level, as ingest progress does (quiet on a terminal by default).
  const interpretationLog = createLogger(config.logLevel).child({ module: 'interpretation' });
  const log = (m: string) => interpretationLog[config.requestLogLevel ?? 'info'](m);
  if (knowledge) await startInterpretationWorkers({ db, variants: store, knowledge, queue, log });
  const bundle = config.referenceDir ?? (demo.enabled ? await ensureDemoReference(config.dataDir) : undefined);
  let closeReference = () => {};
  let stopWorkers = () => {};
  if (bundle) {
    if (demo.seeded && !config.referenceDir) {
      const genome = demoGenome();
      const seq = await seedDemoSequencing(db, config.dataDir, { genome, seed: DEMO_SITES_SEED, count: DEMO_SITES_COUNT, deNovo: demoCausalVariant(genome) });
      if (seq.trioCaseId) await seedDemoPhenotype(db, seq.trioCaseId, DEMO_TRIO_HPO);
      io.stderr(`Demo sequencing data: ${seq.files} germline VCFs queued for ingest${seq.trioCaseId ? ` (case ${seq.trioCaseId} as a trio)` : ''} (loaded in the background)\n`);
    }
    const reference = await openIngestReference({ bundle });
    closeReference = () => reference.close();
    // Embedded PGlite is this process's alone: an ingest its data directory shows active was the
    // previous process's, which is gone. Per-file progress goes at the request-log level: on a
    // terminal it would push the URL and the demo accounts out of view (KIBAN_REQUEST_LOG_LEVEL=info shows it).
    const progress = createLogger(config.logLevel).child({ module: 'variant-store' });
    const level = config.requestLogLevel ?? 'info';
    const workers = await startIngestWorkers({
      db, store, reference, queue, sampleInUse: (id) => assertSampleInUse(db, id), previousProcessGone: !config.databaseUrl,
      log: (m) => progress[level](m), ...(knowledge ? { onLoaded: interpretAfterIngest({ db, queue }) } : {}),
    });
    stopWorkers = workers.stop;
    await ingestPortFor(db, queue, config.dataDir).dispatch();
  } else {
    io.stderr('No reference bundle (set KIBAN_REFERENCE_DIR): uploaded VCFs stay queued until a server starts with one\n');
  }
  return {
    store,
    queue,
    async stop() {
      stopWorkers();
      await queue.stop(true);
      await store.close();
      closeReference();
    },
  };
}

/** KIBAN_KNOWLEDGE_DIR's bundle; without one the demo's (built on first start, labelled demo content). */
async function loadServerKnowledge(config: Config, demo: boolean, io: CliIo): Promise<ServerKnowledge | null> {
  const dir = config.knowledgeDir ?? (demo ? await ensureDemoKnowledge(config.dataDir) : undefined);
  if (!dir) {
    io.stderr('No knowledge bundle (set KIBAN_KNOWLEDGE_DIR): interpretation runs are off\n');
    return null;
  }
  const bundle = loadKnowledgeBundle(dir);
  io.stderr(`Knowledge bundle ${bundle.manifest.id}${config.knowledgeDir ? '' : ' (demo content)'}: ${bundle.manifest.sources.map((s) => s.name).join(', ')}\n`);
  return { bundle, demo: !config.knowledgeDir };
}

/** `kiban start`: migrate, load the demo into an empty database, start the pipeline and serve. */
export async function runServer(opts: { demo: boolean }, io: CliIo): Promise<void> {
  const config = configFromEnv();
  const db = await openDb(config);
  await migrate(db);
  let seeded = false;
  if (opts.demo && (await isEmpty(db))) {
    io.stderr('Empty database: loading the demo dataset…\n');
    await loadDemo(db);
    seeded = true;
  }
  const knowledge = await loadServerKnowledge(config, opts.demo, io);
  const pipeline = await startVariantPipeline(config, db, { enabled: opts.demo, seeded }, knowledge, io);
  const app = await buildApp({ config, db, variants: { store: pipeline.store, queue: pipeline.queue }, ...(knowledge ? { knowledge } : {}) });
  const checkpointer = startCheckpointer(db, config.auditCheckpointFile, config.auditCheckpointMs,
    (err) => app.log.error({ err }, 'audit checkpoint not written'));
  const address = await app.listen({ port: config.port, host: config.host });
  const where = config.databaseUrl ? 'PostgreSQL server (DATABASE_URL)' : `PGlite in ${config.dataDir}/pg`;
  io.stdout(`Kiban is running at ${address.replace('127.0.0.1', 'localhost')}  (database: ${where})\n`);
  io.stdout(`API documentation: ${address}/api/docs\n`);
  if (opts.demo) {
    io.stdout(`Demo accounts (password for all: ${DEMO_PASSWORD}):\n`);
    for (const a of DEMO_ACCOUNTS) io.stdout(`  ${a.username.padEnd(16)} ${a.principal.padEnd(36)} ${a.displayName}\n`);
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await app.close();
  await checkpointer.stop();
  await pipeline.stop();
  await db.close();
}
