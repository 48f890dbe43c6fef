import Type, { type Static, type TSchema } from 'typebox';
import { SO_TERMS } from '../genomics/consequence/index.js';
import { MAX_INT4, Paging } from '../http/schemas.js';
import { GATE_SPECIMEN_TYPES, QC_METRICS } from './qc-gates.js';
import { CALLERS, FILE_KINDS } from './vcf-samples.js';

const Id = Type.String({ minLength: 1, maxLength: 100 });
const Timestamp = Type.String({ format: 'date-time' });
const Sha256 = Type.String({ pattern: '^[0-9a-f]{64}$', description: 'lower-case hex SHA-256' });
const Text = (maxLength = 200) => Type.String({ minLength: 1, maxLength });
const Pct = Type.Number({ minimum: 0, maximum: 100 });
const NullableString = Type.Union([Type.String(), Type.Null()]);

export const IdParam = Type.Object({ id: Id });

export const REF_TYPES = ['CRAM', 'CRAI', 'FASTQ', 'BAM', 'BAI'] as const;

export const FileRefBody = Type.Object({
  type: Type.Enum(REF_TYPES),
  uri: Type.String({ minLength: 1, maxLength: 2000, pattern: '^(s3|gs|https|drs|file|sftp)://' }),
  sha256: Sha256,
  sizeBytes: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
}, { additionalProperties: false });
export type FileRefBody = Static<typeof FileRefBody>;

export const QcMetricsBody = Type.Object({
  meanCoverage: Type.Number({ minimum: 0, maximum: 100_000 }),
  pctBases20x: Pct,
  pctBases30x: Pct,
  q30Pct: Pct,
  duplicationPct: Pct,
  contaminationPct: Pct,
  insertSizeMedianBp: Type.Number({ minimum: 0, maximum: 100_000 }),
}, { additionalProperties: false });

export const RunBody = Type.Object({
  specimenId: Id,
  /** The sample name the result VCF uses for this library. */
  sampleName: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9._-]+$' }),
  platform: Text(), // e.g. "Illumina NovaSeq X Plus"
  instrumentRunId: Type.Optional(Text()),
  libraryPrep: Text(), // e.g. "Illumina DNA PCR-Free"
  readLengthBp: Type.Integer({ minimum: 25, maximum: 100_000 }),
  pairedEnd: Type.Boolean(),
  pipeline: Type.Object({ name: Text(100), version: Text(100) }, { additionalProperties: false }),
  referenceGenome: Type.Optional(Type.Enum(['GRCh38'])),
  sequencedAt: Timestamp,
  qc: QcMetricsBody,
  references: Type.Optional(Type.Array(FileRefBody, { maxItems: 200 })),
}, { additionalProperties: false });
export type RunBody = Static<typeof RunBody>;

export const RefsBody = Type.Object({ items: Type.Array(FileRefBody, { minItems: 1, maxItems: 200 }) }, { additionalProperties: false });
export type RefsBody = Static<typeof RefsBody>;

export const UploadQuery = Type.Object({
  kind: Type.Enum(FILE_KINDS),
  caller: Type.Optional(Type.Enum(CALLERS)),
  /** Comma-separated run ids the file was produced from. */
  runIds: Type.String({ minLength: 1, maxLength: 2000, pattern: '^[A-Za-z0-9-]+(,[A-Za-z0-9-]+)*$' }),
  fileName: Type.String({ minLength: 1, maxLength: 255, pattern: '^[A-Za-z0-9._-]+$' }),
  pipelineName: Type.Optional(Text(100)),
  pipelineVersion: Type.Optional(Text(100)),
  /**
   * A file of this case whose ingest failed (pipelineStatus `failed`, `replaceable` true): this
   * upload replaces it, for the same runs and kind, while the case stays at qc_passed.
   */
  replacesFileId: Type.Optional(Type.String({ pattern: '^RF-[A-Z0-9]{12}$' })),
}, { additionalProperties: false });
export type UploadQuery = Static<typeof UploadQuery>;

export const UploadHeaders = Type.Object({
  'x-content-sha256': Sha256,
});

export const GateResult = Type.Object({
  metric: Type.Enum(QC_METRICS),
  value: Type.Number(),
  op: Type.Enum(['min', 'max']),
  threshold: Type.Number(),
  passed: Type.Boolean(),
});

export const FileRef = Type.Object({
  id: Type.String(), runId: Type.String(), type: Type.Enum(REF_TYPES), uri: Type.String(), sha256: Type.String(),
  sizeBytes: Type.Union([Type.Integer(), Type.Null()]), createdAt: Timestamp,
});

export const Run = Type.Object({
  id: Type.String(),
  caseId: Type.String(),
  specimenId: Type.String(),
  specimenType: Type.Enum(GATE_SPECIMEN_TYPES),
  barcode: Type.String(),
  seqOrgId: Type.String(),
  sampleName: Type.String(),
  platform: Type.String(),
  instrumentRunId: NullableString,
  libraryPrep: Type.String(),
  readLengthBp: Type.Integer(),
  pairedEnd: Type.Boolean(),
  pipeline: Type.Object({ name: Type.String(), version: Type.String() }),
  referenceGenome: Type.String(),
  sequencedAt: Timestamp,
  createdAt: Timestamp,
  qc: QcMetricsBody,
  /** pending until the gates run on data from this run; then passed/failed with every gate. */
  qcStatus: Type.Enum(['pending', 'passed', 'failed']),
  gates: Type.Array(GateResult),
  references: Type.Array(FileRef),
});
export type Run = Static<typeof Run>;

export const SampleMapping = Type.Object({
  vcfSample: Type.String(), runId: Type.String(), specimenId: Type.String(), participantId: Type.String(),
  role: Type.Enum(['tumour', 'normal', 'germline']),
});

/**
 * A file's way through the platform: uploaded → queued → running → loaded | failed (the variant
 * store's bookkeeping; normalising/annotating/loading when it reports phases); qc_failed: never
 * ingested; stored: kept but not loaded (gVCF); replaced: a later file of the sample superseded it.
 */
export const PIPELINE_STATUSES = [
  'uploaded', 'queued', 'running', 'interrupted', 'normalising', 'annotating', 'loading', 'loaded', 'failed', 'replaced', 'qc_failed', 'stored',
] as const;

export const ResultFile = Type.Object({
  id: Type.String(),
  caseId: Type.String(),
  kind: Type.Enum(FILE_KINDS),
  caller: Type.Union([Type.Enum(CALLERS), Type.Null()]),
  fileName: Type.String(),
  sha256: Type.String(),
  sizeBytes: Type.Integer(),
  compression: Type.Enum(['none', 'gzip']),
  runIds: Type.Array(Type.String()),
  samples: Type.Array(SampleMapping),
  pipeline: Type.Object({ name: Type.String(), version: Type.String() }),
  uploadedAt: Timestamp,
  pipelineStatus: Type.Enum(PIPELINE_STATUSES),
  pipelineError: NullableString,
  /** The ingest failed for good: the sequencing company may upload a corrected file (replacesFileId). */
  replaceable: Type.Boolean(),
  /** The file this one replaced, and the file that replaced this one. */
  replacesFileId: NullableString,
  replacedByFileId: NullableString,
  pipelineUpdatedAt: Type.Union([Timestamp, Type.Null()]),
});
export type ResultFile = Static<typeof ResultFile>;

export const GateRow = Type.Object({
  runId: Type.String(), specimenId: Type.String(), specimenType: Type.String(),
  metric: Type.Enum(QC_METRICS), value: Type.Number(), op: Type.Enum(['min', 'max']), threshold: Type.Number(), passed: Type.Boolean(),
});
export const Evaluation = Type.Object({ id: Type.String(), at: Timestamp, passed: Type.Boolean(), gates: Type.Array(GateRow) });
export type Evaluation = Static<typeof Evaluation>;

export const ResequencingRequest = Type.Object({
  id: Type.String(),
  caseId: Type.String(),
  seqOrgId: Type.String(),
  evaluationId: Type.String(),
  status: Type.Enum(['open', 'fulfilled']),
  createdAt: Timestamp,
  fulfilledAt: Type.Union([Timestamp, Type.Null()]),
  fulfilledByRun: NullableString,
  items: Type.Array(Type.Object({
    runId: Type.String(), specimenId: Type.String(), specimenType: Type.String(), reasons: Type.Array(Type.String()),
  })),
});
export type ResequencingRequest = Static<typeof ResequencingRequest>;

export const UploadResult = Type.Object({
  file: ResultFile,
  caseState: Type.String(),
  /** Present when this upload completed the round and the gates ran. */
  evaluation: Type.Union([Evaluation, Type.Null()]),
  resequencingRequest: Type.Union([ResequencingRequest, Type.Null()]),
});

export const CaseSequencing = Type.Object({
  caseId: Type.String(),
  domain: Type.String(),
  state: Type.String(),
  runs: Type.Array(Run),
  files: Type.Array(ResultFile),
  evaluations: Type.Array(Evaluation),
  resequencingRequests: Type.Array(ResequencingRequest),
});
export type CaseSequencing = Static<typeof CaseSequencing>;

export const RunList = Type.Object({ items: Type.Array(Run), total: Type.Integer() });
export const RunListQuery = Type.Object({ ...Paging }, { additionalProperties: false });
export const RefList = Type.Object({ items: Type.Array(FileRef) });

export const ResequencingQuery = Type.Object({
  status: Type.Optional(Type.Enum(['open', 'fulfilled'])),
  ...Paging,
}, { additionalProperties: false });
export const ResequencingList = Type.Object({ items: Type.Array(ResequencingRequest), total: Type.Integer() });

const Threshold = Type.Object({ op: Type.Enum(['min', 'max']), value: Type.Number() });
export const GateConfigResponse = Type.Object({
  cancer: Type.Record(Type.String(), Type.Record(Type.String(), Threshold)),
  rare_disease: Type.Record(Type.String(), Type.Record(Type.String(), Threshold)),
});

export const VariantStatusQuery = Type.Object({
  /** Comma-separated case ids, at most 100 (a page of a case list). */
  caseIds: Type.String({ minLength: 1, maxLength: 2000, pattern: '^[A-Za-z0-9-]+(,[A-Za-z0-9-]+){0,99}$' }),
}, { additionalProperties: false });

/** Per case, how its QC-passed files stand in the variant store: loaded ones can be analysed. */
export const VariantStatusList = Type.Object({
  items: Type.Array(Type.Object({
    caseId: Type.String(), loaded: Type.Integer(), inProgress: Type.Integer(), failed: Type.Integer(),
  })),
});

export const CarriersQuery = Type.Object({
  chrom: Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$' }),
  pos: Type.Integer({ minimum: 1, maximum: MAX_INT4 }),
  ref: Type.String({ pattern: '^[ACGTN]{1,1000}$' }),
  alt: Type.String({ pattern: '^[ACGTN]{1,1000}$' }),
}, { additionalProperties: false });
export type CarriersQuery = Static<typeof CarriersQuery>;

export const CarriersResponse = Type.Object({
  variant: Type.Object({ chrom: Type.String(), pos1: Type.Integer(), ref: Type.String(), alt: Type.String() }),
  /**
   * Samples carrying it on the whole platform, rounded down to a multiple of roundingBase; null
   * when 1 to minCellSize − 1, or when the carriers not in `items` number 1 to minCellSize − 1
   * (intake/small-counts.ts).
   */
  platformCarriers: Type.Union([Type.Integer(), Type.Null()]),
  minCellSize: Type.Integer(),
  roundingBase: Type.Integer(),
  /** The carriers in cases the caller may see. */
  items: Type.Array(Type.Object({
    caseId: Type.String(), participantId: Type.String(), role: Type.Enum(['tumour', 'germline']), sampleId: Type.String(),
    kind: Type.Enum(['germline', 'somatic']), gt: Type.Union([Type.String(), Type.Null()]), vaf: Type.Union([Type.Number(), Type.Null()]),
    dp: Type.Union([Type.Integer(), Type.Null()]), filter: Type.String(),
  })),
});

const SO_TERM_ALTERNATIVES = SO_TERMS.map(([term]) => term).join('|');

export const VariantsQuery = Type.Object({
  sampleId: Type.Optional(Id),
  /** Comma-separated lists. */
  gene: Type.Optional(Type.String({ maxLength: 2000 })),
  /** Comma-separated SO terms, each one Kiban's annotation emits: an unknown term is a 400, not an empty table. */
  consequence: Type.Optional(Type.String({ maxLength: 2000, pattern: `^(${SO_TERM_ALTERNATIVES})(,(${SO_TERM_ALTERNATIVES}))*$` })),
  impact: Type.Optional(Type.String({ pattern: '^(HIGH|MODERATE|LOW|MODIFIER)(,(HIGH|MODERATE|LOW|MODIFIER))*$' })),
  maxAf: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  clinvar: Type.Optional(Type.String({ maxLength: 500 })),
  passOnly: Type.Optional(Type.Boolean()),
  sort: Type.Optional(Type.Enum(['position', 'gene', 'impact', 'maxPopulationAf', 'vaf', 'clinvar'])),
  order: Type.Optional(Type.Enum(['asc', 'desc'])),
  ...Paging,
}, { additionalProperties: false });
export type VariantsQuery = Static<typeof VariantsQuery>;

const N = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
export const VariantTable = Type.Object({
  samples: Type.Array(Type.Object({
    sampleId: Type.String(), fileId: Type.String(), kind: Type.Enum(['germline', 'somatic']), role: Type.Enum(['tumour', 'germline']),
    participantId: Type.String(), specimenId: Type.String(),
  })),
  sampleId: N(Type.String()),
  total: Type.Integer(),
  /** The in-cohort frequency's denominator: other loaded samples of the shown sample's kind. */
  cohort: Type.Optional(Type.Object({
    kind: Type.Enum(['germline', 'somatic']), samples: Type.Integer(), minCellSize: Type.Integer(), roundingBase: Type.Integer(),
  })),
  items: Type.Array(Type.Object({
    variantKey: Type.String(), chrom: Type.String(), pos1: Type.Integer(), ref: Type.String(), alt: Type.String(),
    gene: N(Type.String()), consequence: N(Type.String()), impact: N(Type.String()), hgvsc: N(Type.String()), hgvsp: N(Type.String()),
    maxPopulationAf: N(Type.Number()), clinvarSignificance: N(Type.String()), gt: N(Type.String()), adRef: N(Type.Integer()),
    adAlt: N(Type.Integer()), dp: N(Type.Integer()), gq: N(Type.Number()), vaf: N(Type.Number()), filter: Type.String(),
    /** Other samples carrying the variant, rounded down to a multiple of cohort.roundingBase; null: 1 to cohort.minCellSize − 1 (suppressed). */
    otherCarriers: N(Type.Integer()),
  })),
});
