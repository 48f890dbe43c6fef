import type { Queryable } from '../db/index.js';
import { participantInUseSql } from '../registry/index.js';
import type { GateRow } from './qc-round.js';
import type { QcMetrics } from './qc-gates.js';
import type { SampleMapping } from './vcf-samples.js';

/**
 * SQL of the intake module (tables from migration 003_intake.sql). Specimens and shipments are
 * read here, never written: the specimens module owns them.
 */

export interface SpecimenForRun {
  id: string;
  case_id: string;
  participant_id: string;
  type: 'tumour_ffpe' | 'tumour_fresh_frozen' | 'blood_normal' | 'family_blood';
  barcode: string;
  status: string;
  /** The specimen was checked in ok by this organisation on a shipment. */
  received_here: boolean;
}

export async function specimenForRun(q: Queryable, specimenId: string, orgId: string): Promise<SpecimenForRun | undefined> {
  const [row] = await q.query<SpecimenForRun>(
    `SELECT s.id, s.case_id, s.participant_id, s.type, s.barcode, s.status,
            EXISTS (SELECT 1 FROM shipment_items si JOIN shipments sh ON sh.id = si.shipment_id
                     WHERE si.specimen_id = s.id AND sh.to_org_id = $2 AND sh.status = 'received' AND si.check_result = 'ok') AS received_here
       FROM specimens s WHERE s.id = $1`,
    [specimenId, orgId],
  );
  return row;
}

export interface RunRow {
  id: string;
  case_id: string;
  specimen_id: string;
  specimen_type: SpecimenForRun['type'];
  barcode: string;
  participant_id: string;
  seq_org_id: string;
  sample_name: string;
  platform: string;
  instrument_run_id: string | null;
  library_prep: string;
  read_length_bp: number;
  paired_end: boolean;
  pipeline_name: string;
  pipeline_version: string;
  reference_genome: string;
  sequenced_at: Date;
  created_at: Date;
  mean_coverage: number;
  pct_bases_20x: number;
  pct_bases_30x: number;
  q30_pct: number;
  duplication_pct: number;
  contamination_pct: number;
  insert_size_median_bp: number;
}

export function metricsOf(r: RunRow): QcMetrics {
  return {
    meanCoverage: r.mean_coverage, pctBases20x: r.pct_bases_20x, pctBases30x: r.pct_bases_30x, q30Pct: r.q30_pct,
    duplicationPct: r.duplication_pct, contaminationPct: r.contamination_pct, insertSizeMedianBp: r.insert_size_median_bp,
  };
}

export type NewRun = Omit<RunRow, 'specimen_type' | 'barcode' | 'participant_id'> & { created_by: string };

export async function insertRun(q: Queryable, r: NewRun): Promise<void> {
  await q.query(
    `INSERT INTO sequencing_runs (id, case_id, specimen_id, seq_org_id, sample_name, platform, instrument_run_id, library_prep,
       read_length_bp, paired_end, pipeline_name, pipeline_version, reference_genome, sequenced_at, mean_coverage, pct_bases_20x,
       pct_bases_30x, q30_pct, duplication_pct, contamination_pct, insert_size_median_bp, created_at, created_by)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23)`,
    [r.id, r.case_id, r.specimen_id, r.seq_org_id, r.sample_name, r.platform, r.instrument_run_id, r.library_prep,
      r.read_length_bp, r.paired_end, r.pipeline_name, r.pipeline_version, r.reference_genome, r.sequenced_at, r.mean_coverage,
      r.pct_bases_20x, r.pct_bases_30x, r.q30_pct, r.duplication_pct, r.contamination_pct, r.insert_size_median_bp,
      r.created_at, r.created_by],
  );
}

/** A run lists only while its participant and its case's proband are in use (docs/consent-withdrawal.md). */
const RUN_IN_USE = `${participantInUseSql('s.participant_id')} AND EXISTS (SELECT 1 FROM cases c WHERE c.id = r.case_id AND ${participantInUseSql('c.proband_id')})`;

const RUN_COLS = `r.id, r.case_id, r.specimen_id, s.type AS specimen_type, s.barcode, s.participant_id, r.seq_org_id, r.sample_name,
  r.platform, r.instrument_run_id, r.library_prep, r.read_length_bp, r.paired_end, r.pipeline_name, r.pipeline_version,
  r.reference_genome, r.sequenced_at, r.created_at, r.mean_coverage, r.pct_bases_20x, r.pct_bases_30x, r.q30_pct,
  r.duplication_pct, r.contamination_pct, r.insert_size_median_bp`;

/** `inUseOnly`: leave out runs of participants who withdrew (reads; docs/consent-withdrawal.md). */
export async function runsOfCase(q: Queryable, caseId: string, seqOrgId?: string, inUseOnly = false): Promise<RunRow[]> {
  return q.query<RunRow>(
    `SELECT ${RUN_COLS} FROM sequencing_runs r JOIN specimens s ON s.id = r.specimen_id
      WHERE r.case_id = $1 AND ($2::text IS NULL OR r.seq_org_id = $2)${inUseOnly ? ` AND ${participantInUseSql('s.participant_id')}` : ''}
      ORDER BY r.created_at, r.id`,
    [caseId, seqOrgId ?? null],
  );
}

export async function runsByIds(q: Queryable, ids: string[]): Promise<RunRow[]> {
  return q.query<RunRow>(`SELECT ${RUN_COLS} FROM sequencing_runs r JOIN specimens s ON s.id = r.specimen_id WHERE r.id = ANY($1::text[])`, [ids]);
}

export async function getRun(q: Queryable, id: string): Promise<RunRow | undefined> {
  const [row] = await runsByIds(q, [id]);
  return row;
}

export async function listRuns(q: Queryable, seqOrgId: string | null, limit: number, offset: number): Promise<{ rows: RunRow[]; total: number }> {
  const rows = await q.query<RunRow>(
    `SELECT ${RUN_COLS} FROM sequencing_runs r JOIN specimens s ON s.id = r.specimen_id
      WHERE ($1::text IS NULL OR r.seq_org_id = $1) AND ${RUN_IN_USE} ORDER BY r.created_at DESC, r.id LIMIT $2 OFFSET $3`,
    [seqOrgId, limit, offset],
  );
  const [count] = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM sequencing_runs r JOIN specimens s ON s.id = r.specimen_id WHERE ($1::text IS NULL OR r.seq_org_id = $1) AND ${RUN_IN_USE}`,
    [seqOrgId]);
  return { rows, total: count?.n ?? 0 };
}

/** The files of these cases that passed QC and went to the variant store (result_files' outbox state). */
export async function ingestedFilesOfCases(q: Queryable, caseIds: string[]): Promise<Array<{ case_id: string; id: string }>> {
  return q.query("SELECT case_id, id FROM result_files WHERE case_id = ANY($1::text[]) AND status = 'queued' ORDER BY case_id, id", [caseIds]);
}

export interface RefRow {
  id: string;
  run_id: string;
  type: 'CRAM' | 'CRAI' | 'FASTQ' | 'BAM' | 'BAI';
  uri: string;
  sha256: string;
  size_bytes: number | null;
  created_at: Date;
}

export async function insertRef(q: Queryable, r: RefRow): Promise<void> {
  await q.query(
    'INSERT INTO sequencing_file_refs (id, run_id, type, uri, sha256, size_bytes, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7)',
    [r.id, r.run_id, r.type, r.uri, r.sha256, r.size_bytes, r.created_at],
  );
}

export async function refsOfRuns(q: Queryable, runIds: string[]): Promise<RefRow[]> {
  return q.query<RefRow>('SELECT * FROM sequencing_file_refs WHERE run_id = ANY($1::text[]) ORDER BY created_at, uri', [runIds]);
}

export interface FileRow {
  id: string;
  case_id: string;
  seq_org_id: string;
  kind: 'germline_vcf' | 'germline_gvcf' | 'somatic_vcf';
  caller: 'mutect2' | 'strelka2' | null;
  file_name: string;
  sha256: string;
  size_bytes: number;
  compression: 'none' | 'gzip';
  run_ids: string[];
  samples: SampleMapping[];
  pipeline_name: string;
  pipeline_version: string;
  status: 'uploaded' | 'queued' | 'stored' | 'qc_failed' | 'replaced';
  qc_evaluation_id: string | null;
  uploaded_at: Date;
  uploaded_by: string;
  replaces_file_id?: string | null;
}

export async function insertFile(q: Queryable, f: FileRow): Promise<void> {
  await q.query(
    `INSERT INTO result_files (id, case_id, seq_org_id, kind, caller, file_name, sha256, size_bytes, compression, run_ids, samples,
       pipeline_name, pipeline_version, status, qc_evaluation_id, uploaded_at, uploaded_by, replaces_file_id)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18)`,
    [f.id, f.case_id, f.seq_org_id, f.kind, f.caller, f.file_name, f.sha256, f.size_bytes, f.compression, f.run_ids,
      JSON.stringify(f.samples), f.pipeline_name, f.pipeline_version, f.status, f.qc_evaluation_id, f.uploaded_at, f.uploaded_by,
      f.replaces_file_id ?? null],
  );
}

export interface SampleOfCase {
  sample_id: string;
  case_id: string;
  participant_id: string;
  role: 'tumour' | 'germline';
}

/** The case, participant and role of each loaded sample id (= run id; a normal's calls are never loaded). */
/**
 * Samples (run ids) no longer in use: those of participants who withdrew consent, and every sample
 * of a case whose proband withdrew (the case is stopped as a whole). Every variant-store read
 * leaves them out (docs/consent-withdrawal.md). Read per request, in the reading transaction, so a
 * withdrawal committed before the read is always honoured.
 */
export async function withdrawnSampleIds(q: Queryable): Promise<string[]> {
  const rows = await q.query<{ id: string }>(
    `SELECT r.id FROM participants p JOIN specimens s ON s.participant_id = p.id JOIN sequencing_runs r ON r.specimen_id = s.id
      WHERE p.withdrawn_at IS NOT NULL
     UNION
     SELECT r.id FROM participants p JOIN cases c ON c.proband_id = p.id JOIN sequencing_runs r ON r.case_id = c.id
      WHERE p.withdrawn_at IS NOT NULL
     ORDER BY 1`,
  );
  return rows.map((r) => r.id);
}

export async function casesOfSamples(q: Queryable, sampleIds: readonly string[]): Promise<SampleOfCase[]> {
  if (sampleIds.length === 0) return [];
  return q.query<SampleOfCase>(
    `SELECT s->>'runId' AS sample_id, f.case_id, s->>'participantId' AS participant_id, s->>'role' AS role
       FROM result_files f CROSS JOIN jsonb_array_elements(f.samples) s
      WHERE f.status = 'queued' AND s->>'role' <> 'normal' AND s->>'runId' = ANY($1::text[])
      ORDER BY f.case_id, s->>'runId'`,
    [[...sampleIds]],
  );
}

export async function filesOfCase(q: Queryable, caseId: string, seqOrgId?: string): Promise<FileRow[]> {
  return q.query<FileRow>(
    'SELECT * FROM result_files WHERE case_id = $1 AND ($2::text IS NULL OR seq_org_id = $2) ORDER BY uploaded_at, id',
    [caseId, seqOrgId ?? null],
  );
}

/** Files of the open round: uploaded and not yet judged by the gates. */
export async function pendingFiles(q: Queryable, caseId: string): Promise<FileRow[]> {
  return q.query<FileRow>("SELECT * FROM result_files WHERE case_id = $1 AND status = 'uploaded' ORDER BY uploaded_at, id", [caseId]);
}

export async function settleFiles(q: Queryable, ids: string[], status: 'queued' | 'stored' | 'qc_failed', evaluationId: string): Promise<void> {
  await q.query('UPDATE result_files SET status = $2, qc_evaluation_id = $3 WHERE id = ANY($1::text[])', [ids, status, evaluationId]);
}

export async function objectReferenced(q: Queryable, sha256: string): Promise<boolean> {
  const rows = await q.query('SELECT 1 FROM result_files WHERE sha256 = $1 LIMIT 1', [sha256]);
  return rows.length > 0;
}

export interface EvaluationRow {
  id: string;
  case_id: string;
  passed: boolean;
  gates: GateRow[];
  at: Date;
}

export async function insertEvaluation(q: Queryable, e: EvaluationRow): Promise<void> {
  await q.query('INSERT INTO qc_evaluations (id, case_id, passed, gates, at) VALUES ($1,$2,$3,$4,$5)',
    [e.id, e.case_id, e.passed, JSON.stringify(e.gates), e.at]);
}

export async function evaluationsOfCase(q: Queryable, caseId: string): Promise<EvaluationRow[]> {
  return q.query<EvaluationRow>('SELECT * FROM qc_evaluations WHERE case_id = $1 ORDER BY at, id', [caseId]);
}

export interface ResequencingRow {
  id: string;
  case_id: string;
  seq_org_id: string;
  qc_evaluation_id: string;
  items: Array<{ runId: string; specimenId: string; specimenType: string; reasons: string[] }>;
  status: 'open' | 'fulfilled';
  created_at: Date;
  fulfilled_at: Date | null;
  fulfilled_by_run: string | null;
}

export async function insertResequencing(q: Queryable, r: ResequencingRow): Promise<void> {
  await q.query(
    `INSERT INTO resequencing_requests (id, case_id, seq_org_id, qc_evaluation_id, items, status, created_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7)`,
    [r.id, r.case_id, r.seq_org_id, r.qc_evaluation_id, JSON.stringify(r.items), r.status, r.created_at],
  );
}

export async function fulfilOpenRequests(q: Queryable, caseId: string, seqOrgId: string, runId: string, at: Date): Promise<number> {
  const rows = await q.query(
    `UPDATE resequencing_requests SET status = 'fulfilled', fulfilled_at = $4, fulfilled_by_run = $3
      WHERE case_id = $1 AND seq_org_id = $2 AND status = 'open' RETURNING id`,
    [caseId, seqOrgId, runId, at],
  );
  return rows.length;
}

export async function resequencingOfCase(q: Queryable, caseId: string, seqOrgId?: string): Promise<ResequencingRow[]> {
  return q.query<ResequencingRow>(
    'SELECT * FROM resequencing_requests WHERE case_id = $1 AND ($2::text IS NULL OR seq_org_id = $2) ORDER BY created_at, id',
    [caseId, seqOrgId ?? null],
  );
}

export async function listResequencing(
  q: Queryable,
  filter: { seqOrgId: string | null; status: 'open' | 'fulfilled' | null },
  limit: number,
  offset: number,
): Promise<{ rows: ResequencingRow[]; total: number }> {
  const where = `WHERE ($1::text IS NULL OR seq_org_id = $1) AND ($2::text IS NULL OR status = $2)
    AND EXISTS (SELECT 1 FROM cases c WHERE c.id = resequencing_requests.case_id AND ${participantInUseSql('c.proband_id')})`;
  const rows = await q.query<ResequencingRow>(
    `SELECT * FROM resequencing_requests ${where} ORDER BY created_at DESC, id LIMIT $3 OFFSET $4`,
    [filter.seqOrgId, filter.status, limit, offset],
  );
  const [count] = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM resequencing_requests ${where}`, [filter.seqOrgId, filter.status]);
  return { rows, total: count?.n ?? 0 };
}

export async function markReplaced(q: Queryable, fileId: string): Promise<void> {
  await q.query("UPDATE result_files SET status = 'replaced' WHERE id = $1", [fileId]);
}

/** Ingest status of each loaded sample of a file (normals are never loaded). */
export async function ingestsOfFile(q: Queryable, fileId: string): Promise<Array<{ sample_id: string; status: string | null }>> {
  return q.query(
    `SELECT s->>'runId' AS sample_id, v.status
       FROM result_files f CROSS JOIN LATERAL jsonb_array_elements(f.samples) s
       LEFT JOIN variant_ingests v ON v.sample_id = s->>'runId' AND v.file_sha256 = f.sha256
      WHERE f.id = $1 AND s->>'role' <> 'normal' ORDER BY 1`,
    [fileId],
  );
}

/** Samples of a case's QC-passed files that are not loaded yet, with their file and ingest status. */
export async function unloadedSamples(q: Queryable, caseId: string): Promise<Array<{ file_name: string; sample_id: string; status: string | null }>> {
  return q.query(
    `SELECT f.file_name, s->>'runId' AS sample_id, v.status
       FROM result_files f CROSS JOIN LATERAL jsonb_array_elements(f.samples) s
       LEFT JOIN variant_ingests v ON v.sample_id = s->>'runId' AND v.file_sha256 = f.sha256
      WHERE f.case_id = $1 AND f.status = 'queued' AND s->>'role' <> 'normal' AND v.status IS DISTINCT FROM 'loaded'
      ORDER BY f.uploaded_at, 2`,
    [caseId],
  );
}
