/**
 * The variant store (DESIGN §5): a columnar engine behind one interface, DuckDB embedded by
 * default (duckdb.ts), ClickHouse when one machine is not enough (docs/variant-store.md gives the
 * DDL). Two tables: unique `variants` with their annotation, and per-sample `calls` joined to
 * them by `variantKey` (variant-key.ts). PostgreSQL keeps the ingest bookkeeping (store.ts); the
 * two are joined by sample id only, never by copying clinical data here.
 */

/** VEP's IMPACT classes, most severe first. */
export const IMPACTS = ['HIGH', 'MODERATE', 'LOW', 'MODIFIER'] as const;
export type Impact = (typeof IMPACTS)[number];

/** One normalised ALT allele with its annotation (one row of `variants`). */
export interface VariantRow {
  variantKey: bigint;
  chrom: string;
  pos1: number;
  ref: string;
  alt: string;
  /** snv, mnp, insertion, deletion, delins, symbolic (normalize/AlleleKind). */
  kind: string;
  gene: string | null;
  geneId: string | null;
  /** The canonical transcript whose HGVS is given. */
  transcriptId: string | null;
  /** Most severe SO term over all transcripts (VEP's rank). */
  consequence: string | null;
  impact: Impact | null;
  hgvsc: string | null;
  hgvsp: string | null;
  clinvarSignificance: string | null;
  clinvarReviewStatus: string | null;
  /** Allele frequency per population source (e.g. gnomad: 0.0012); absent when not seen. */
  populationAf: Record<string, number>;
  /** Largest of populationAf, null when none (the usual rare-variant filter). */
  maxPopulationAf: number | null;
  /** The full VEP-style CSQ value ('|' fields, ',' between transcripts). */
  csq: string | null;
  /** Annotation source version, so a re-annotation can find stale rows. */
  annotationVersion: string;
}

/** What a sample's call says of one variant: genotype, depths and allele fraction. */
export interface CallDepths {
  /** GT recoded for this ALT after splitting ('0/1', '1|1', '1'); null when the VCF has none (Strelka2). */
  gt: string | null;
  adRef: number | null;
  adAlt: number | null;
  dp: number | null;
  gq: number | null;
  /** Variant allele fraction, see vaf.ts for the caller conventions. */
  vaf: number | null;
}

/** One sample's call of one variant (one row of `calls`). */
export interface CallRow extends CallDepths {
  variantKey: bigint;
  /** The record's FILTER column ('PASS', or ';'-joined filter names, or '.'). */
  filter: string;
  /** Somatic calls: the matched normal's depths. */
  normalAdRef: number | null;
  normalAdAlt: number | null;
  normalDp: number | null;
}

export type SampleKind = 'germline' | 'somatic';

/** What the store knows of one loaded sample. */
export interface StoredSample {
  sampleId: string;
  fileSha256: string;
  kind: SampleKind;
  /** The VCF column the calls came from (the tumour column for somatic files). */
  vcfSample: string;
  records: number;
  calls: number;
  newVariants: number;
  loadedAt: Date;
}

export interface SampleMeta {
  sampleId: string;
  fileSha256: string;
  kind: SampleKind;
  vcfSample: string;
  /** Data lines read from the VCF. */
  records: number;
}

/** Rows written outside the store, moved in by `commitSample` in one transaction. */
export interface VariantStaging {
  addVariant(row: VariantRow): void;
  addCall(row: CallRow): void;
  /** Rows already encoded as stage-tsv.ts lines (what staging workers produce), when the staging takes them. */
  addTsv(variantLines: string, callLines: string, variants: number, calls: number): void;
  /** Flushes and closes; the returned handle is passed to commitSample. */
  finish(): Promise<StagedSample>;
  /** Drops everything staged (used on error). */
  abort(): Promise<void>;
}

export interface StagedSample {
  /** Where the staged rows are (engine-specific: a DuckDB file for duckdb.ts). */
  location: string;
  variants: number;
  calls: number;
}

export interface CommitResult {
  sample: StoredSample;
  /** false when the same sample and file hash was already loaded (nothing changed). */
  committed: boolean;
}

export type SortKey = 'position' | 'gene' | 'impact' | 'maxPopulationAf' | 'vaf' | 'clinvar';

export interface SampleVariantQuery {
  sampleId: string;
  genes?: string[];
  consequences?: string[];
  /** Keep these impacts (e.g. ['HIGH', 'MODERATE']). */
  impacts?: Impact[];
  /** Keep variants with max population AF ≤ this, or never seen in a population. */
  maxPopulationAf?: number;
  /** Keep variants whose ClinVar significance contains one of these (case-insensitive). */
  clinvar?: string[];
  /** Only FILTER=PASS (or '.') calls. */
  passOnly?: boolean;
  /** A region, 1-based inclusive: chrom alone or chrom:start1-end1. */
  region?: { chrom: string; start1?: number; end1?: number };
  minVaf?: number;
  sort?: SortKey;
  descending?: boolean;
  limit?: number;
  offset?: number;
}

/** One line of a sample's variant table. */
export interface SampleVariant extends CallDepths {
  variantKey: bigint;
  chrom: string;
  pos1: number;
  ref: string;
  alt: string;
  gene: string | null;
  consequence: string | null;
  impact: Impact | null;
  hgvsc: string | null;
  hgvsp: string | null;
  maxPopulationAf: number | null;
  clinvarSignificance: string | null;
  filter: string;
}

export interface Page<T> {
  total: number;
  rows: T[];
}

export interface VariantLocator {
  chrom: string;
  pos1: number;
  ref: string;
  alt: string;
}

export interface Carrier {
  sampleId: string;
  kind: SampleKind;
  gt: string | null;
  adRef: number | null;
  adAlt: number | null;
  dp: number | null;
  vaf: number | null;
  filter: string;
}

export interface StoreCounts {
  samples: number;
  variants: number;
  calls: number;
  /** Size of the store on disk (bytes), when the engine knows it. */
  storageBytes: number | null;
}

/** Which variants to count carriers of, among samples of one kind (germline or somatic). */
export interface CarrierCountQuery {
  keys: readonly bigint[];
  kind: SampleKind;
  /** Leave this sample out (the one whose table is shown). */
  excludeSampleId?: string;
  /**
   * Leave these out too: samples of participants who withdrew consent. The store cannot join
   * PostgreSQL, so the caller reads them there (intake withdrawnSampleIds) and passes them in.
   */
  excludeSampleIds?: readonly string[];
}

export interface CarriersOptions {
  /** Samples never to return (withdrawn participants'), as in CarrierCountQuery. */
  excludeSampleIds?: readonly string[];
}

export interface CarrierCounts {
  /** Samples of the kind, less the excluded one: the denominator. */
  samples: number;
  /** Samples carrying each key; keys no sample carries are absent. */
  counts: Map<bigint, number>;
}

/** What `compact` did to the variant-ordered copy of the calls. */
export interface CompactResult {
  /** Samples added to the copy (0: too few were waiting, or the store was closed meanwhile). */
  samples: number;
  /** The copy was rewritten as one sorted run (rather than a run appended). */
  rewritten: boolean;
  elapsedMs: number;
}

export interface VariantStore {
  readonly engine: 'duckdb' | 'clickhouse';
  /** Stages one sample's rows outside the store (no lock on the store is held meanwhile). */
  stage(meta: SampleMeta): Promise<VariantStaging>;
  /**
   * Moves staged rows into the store and records the sample, in one transaction: a crash leaves
   * either all of the sample or none. The same sample with the same file hash is a no-op; the same
   * sample with another hash is a conflict unless `replace`.
   */
  commitSample(meta: SampleMeta, staged: StagedSample, options?: { replace?: boolean }): Promise<CommitResult>;
  getSample(sampleId: string): Promise<StoredSample | undefined>;
  listSamples(): Promise<StoredSample[]>;
  sampleVariants(query: SampleVariantQuery): Promise<Page<SampleVariant>>;
  carriers(variant: VariantLocator, options?: CarriersOptions): Promise<Carrier[]>;
  /** How many other samples carry each variant of a table page: the in-cohort frequency (at most 500 keys). */
  carrierCounts(query: CarrierCountQuery): Promise<CarrierCounts>;
  /**
   * Brings the variant-ordered copy of the calls (what `carriers` reads) up to date once enough
   * samples wait outside it, or at once with `force`. Queries stay correct either way; this only
   * keeps `carriers` from growing with the number of samples. Workers start it after each load
   * without waiting for it; samples can be committed while it runs.
   */
  compact(options?: { force?: boolean }): Promise<CompactResult>;
  counts(): Promise<StoreCounts>;
  close(): Promise<void>;
}
