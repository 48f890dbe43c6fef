/** API shapes of the intake module (src/intake/schemas.ts). */
export type GateMetric = 'meanCoverage' | 'pctBases20x' | 'pctBases30x' | 'q30Pct' | 'duplicationPct' | 'contaminationPct' | 'insertSizeMedianBp';

export interface GateResult {
  metric: GateMetric;
  value: number;
  op: 'min' | 'max';
  threshold: number;
  passed: boolean;
}

export interface FileRef {
  id: string;
  type: string;
  uri: string;
  sha256: string;
  sizeBytes: number | null;
}

export interface SequencingRun {
  id: string;
  specimenId: string;
  specimenType: string;
  barcode: string;
  seqOrgId: string;
  sampleName: string;
  platform: string;
  libraryPrep: string;
  readLengthBp: number;
  pairedEnd: boolean;
  pipeline: { name: string; version: string };
  sequencedAt: string;
  qc: Record<GateMetric, number>;
  qcStatus: 'pending' | 'passed' | 'failed';
  gates: GateResult[];
  references: FileRef[];
}

export interface ResultFile {
  id: string;
  kind: 'germline_vcf' | 'germline_gvcf' | 'somatic_vcf';
  caller: 'mutect2' | 'strelka2' | null;
  fileName: string;
  sha256: string;
  sizeBytes: number;
  runIds: string[];
  pipeline: { name: string; version: string };
  uploadedAt: string;
  pipelineStatus: string;
  pipelineError: string | null;
  pipelineUpdatedAt: string | null;
}

export interface ResequencingRequest {
  id: string;
  status: 'open' | 'fulfilled';
  createdAt: string;
  fulfilledAt: string | null;
  items: Array<{ runId: string; specimenType: string; reasons: string[] }>;
}

export interface CaseSequencing {
  caseId: string;
  state: string;
  runs: SequencingRun[];
  files: ResultFile[];
  resequencingRequests: ResequencingRequest[];
}

export interface VariantRow {
  variantKey: string;
  chrom: string;
  pos1: number;
  ref: string;
  alt: string;
  gene: string | null;
  consequence: string | null;
  impact: string | null;
  hgvsc: string | null;
  hgvsp: string | null;
  maxPopulationAf: number | null;
  clinvarSignificance: string | null;
  gt: string | null;
  vaf: number | null;
  dp: number | null;
  filter: string;
  /** Other samples carrying it; null: fewer than cohort.minCellSize (suppressed). */
  otherCarriers: number | null;
}

/** `GET /api/variant-carriers`: carriers in the cases the caller may see, and the platform count. */
export interface VariantCarriers {
  variant: { chrom: string; pos1: number; ref: string; alt: string };
  platformCarriers: number | null;
  minCellSize: number;
  items: Array<{
    caseId: string; participantId: string; role: 'tumour' | 'germline'; sampleId: string; kind: string;
    gt: string | null; vaf: number | null; dp: number | null; filter: string;
  }>;
}

export interface VariantTable {
  samples: Array<{ sampleId: string; role: 'tumour' | 'germline'; kind: string; participantId: string }>;
  sampleId: string | null;
  total: number;
  cohort?: { kind: 'germline' | 'somatic'; samples: number; minCellSize: number };
  items: VariantRow[];
}
