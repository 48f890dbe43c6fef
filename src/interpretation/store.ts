import type { Queryable } from '../db/index.js';

/** SQL of the interpretation module (migration 030): case HPO sets, runs and their candidates. */

export interface PhenotypeSetRow {
  id: string;
  case_id: string;
  terms: string[];
  set_by: string;
  set_at: Date;
}

export async function currentPhenotypeSet(q: Queryable, caseId: string): Promise<PhenotypeSetRow | undefined> {
  const [row] = await q.query<PhenotypeSetRow>('SELECT * FROM case_phenotype_sets WHERE case_id = $1 ORDER BY set_at DESC, id DESC LIMIT 1', [caseId]);
  return row;
}

export async function insertPhenotypeSet(q: Queryable, row: Omit<PhenotypeSetRow, 'set_at'>): Promise<PhenotypeSetRow> {
  const [out] = await q.query<PhenotypeSetRow>(
    'INSERT INTO case_phenotype_sets (id, case_id, terms, set_by) VALUES ($1, $2, $3::jsonb, $4) RETURNING *',
    [row.id, row.case_id, JSON.stringify(row.terms), row.set_by],
  );
  return out!;
}

export type RunStatus = 'running' | 'completed' | 'failed';

export interface RunRow {
  id: string;
  case_id: string;
  status: RunStatus;
  knowledge_id: string;
  curated_version: number;
  knowledge_sources: Record<string, string>;
  knowledge_demo: boolean;
  pipeline_version: string;
  hpo_terms: string[];
  family: unknown;
  error: { code: string; message: string } | null;
  requested_by: string;
  created_at: Date;
  finished_at: Date | null;
}

export async function insertRun(q: Queryable, r: Omit<RunRow, 'status' | 'error' | 'created_at' | 'finished_at'>): Promise<void> {
  await q.query(
    `INSERT INTO interpretation_runs (id, case_id, status, knowledge_id, curated_version, knowledge_sources, knowledge_demo, pipeline_version, hpo_terms, family, requested_by)
     VALUES ($1, $2, 'running', $3, $4, $5::jsonb, $6, $7, $8::jsonb, $9::jsonb, $10)`,
    [r.id, r.case_id, r.knowledge_id, r.curated_version, JSON.stringify(r.knowledge_sources), r.knowledge_demo, r.pipeline_version, JSON.stringify(r.hpo_terms), JSON.stringify(r.family), r.requested_by],
  );
}

export async function finishRun(q: Queryable, id: string, status: 'completed' | 'failed', error: RunRow['error'] = null): Promise<void> {
  await q.query('UPDATE interpretation_runs SET status = $2, error = $3::jsonb, finished_at = now() WHERE id = $1', [id, status, error ? JSON.stringify(error) : null]);
}

export interface CandidateRow {
  run_id: string;
  rank: number;
  gene: string;
  mode: string;
  score: number;
  variant_score: number;
  phenotype_score: number | null;
  acmg_class: string;
  variants: unknown[];
  phenotype: unknown;
  explanation: string[];
}

/** All candidates of a run in one statement (a ranked list is hundreds of rows, not millions). */
export async function insertCandidates(q: Queryable, rows: CandidateRow[]): Promise<void> {
  if (rows.length === 0) return;
  const col = <K extends keyof CandidateRow>(k: K, json = false) => rows.map((r) => (json ? JSON.stringify(r[k]) : r[k]));
  await q.query(
    `INSERT INTO interpretation_candidates (run_id, rank, gene, mode, score, variant_score, phenotype_score, acmg_class, variants, phenotype, explanation)
     SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::float8[], $6::float8[], $7::float8[], $8::text[], $9::jsonb[], $10::jsonb[], $11::jsonb[])`,
    [col('run_id'), col('rank'), col('gene'), col('mode'), col('score'), col('variant_score'), col('phenotype_score'), col('acmg_class'), col('variants', true), col('phenotype', true), col('explanation', true)],
  );
}

export async function runsOfCase(q: Queryable, caseId: string): Promise<Array<RunRow & { candidates: number }>> {
  return q.query<RunRow & { candidates: number }>(
    `SELECT r.*, (SELECT count(*)::int FROM interpretation_candidates c WHERE c.run_id = r.id) AS candidates
       FROM interpretation_runs r WHERE r.case_id = $1 ORDER BY r.created_at DESC, r.id DESC`,
    [caseId],
  );
}

export async function getRun(q: Queryable, id: string): Promise<RunRow | undefined> {
  const [row] = await q.query<RunRow>('SELECT * FROM interpretation_runs WHERE id = $1', [id]);
  return row;
}

export async function candidatesOf(q: Queryable, runId: string, limit: number): Promise<CandidateRow[]> {
  return q.query<CandidateRow>('SELECT * FROM interpretation_candidates WHERE run_id = $1 ORDER BY rank LIMIT $2', [runId, limit]);
}

/** Whether a run of the case is already running (a second request waits for it, not duplicates it). */
export async function runningRun(q: Queryable, caseId: string): Promise<string | undefined> {
  const [row] = await q.query<{ id: string }>("SELECT id FROM interpretation_runs WHERE case_id = $1 AND status = 'running' LIMIT 1", [caseId]);
  return row?.id;
}
