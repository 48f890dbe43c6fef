/** API shapes of the intake module (src/intake/schemas.ts). */
import type { Static } from 'typebox';
import type { CarriersResponse, VariantTable as VariantTableSchema } from '../../../src/intake/schemas.js';

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

// The variant table's shapes come from the server's TypeBox schemas, as types only (as in
// specimens/types.ts), so that the page cannot drift from what the API sends.
export type VariantTable = Static<typeof VariantTableSchema>;
export type VariantRow = VariantTable['items'][number];
/** `GET /api/variant-carriers`: carriers in the cases the caller may see, and the platform count. */
export type VariantCarriers = Static<typeof CarriersResponse>;
