/**
 * The variant store module: a columnar store of variants and per-sample calls (interface.ts),
 * DuckDB embedded by default, and the ingest that fills it. The sequencing intake calls
 * `enqueueIngest` after an upload (or `ingestSampleVcf` to load in-process); workers run
 * `startIngestWorkers`. See docs/variant-store.md.
 */
export type * from './interface.js';
export { IMPACTS } from './interface.js';
export { DuckDbVariantStore, duckDbPath, type DuckDbStoreOptions } from './duckdb.js';
export { ingestSampleVcf, reconcileIngests, getIngest, listIngests, type IngestRequest, type IngestDeps, type IngestOutcome } from './service.js';
export { enqueueIngest, startIngestWorkers, INGEST_QUEUE, INGEST_POLICY, type EnqueueOutcome, type IngestWorkerDeps } from './jobs.js';
export type { IngestRow, IngestStatus } from './store.js';
export type { IngestReference } from './stage-vcf.js';
export { openIngestReference, type ReferenceSource } from './reference.js';
export {
  consequenceEngine,
  noAnnotator,
  referenceAnnotator,
  transcriptOverlap,
  memorySites,
  type AlleleAnnotator,
  type Annotation,
  type CsqEngineLike,
  type SiteLookupLike,
  type TranscriptsLike,
} from './annotate.js';
export { variantKey } from './variant-key.js';
