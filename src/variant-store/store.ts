import type { Db, Queryable } from '../db/index.js';
import { KibanError } from '../errors.js';
import type { SampleKind, StoredSample } from './interface.js';

/** PostgreSQL side of ingest: the variant_ingests table (migration 010). */
export type IngestStatus = 'queued' | 'running' | 'interrupted' | 'loaded' | 'failed' | 'replaced';

export interface IngestRow {
  sampleId: string;
  fileSha256: string;
  filePath: string;
  kind: SampleKind;
  caller: 'mutect2' | 'strelka2' | null;
  vcfSample: string | null;
  normalSample: string | null;
  status: IngestStatus;
  attempts: number;
  jobId: string | null;
  records: number | null;
  calls: number | null;
  newVariants: number | null;
  error: { code: string; kind: string; message: string; details: Record<string, unknown> } | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface IngestKey {
  sampleId: string;
  sha256: string;
  path: string;
  kind: SampleKind;
  caller?: 'mutect2' | 'strelka2' | undefined;
  vcfSample?: string | undefined;
  normalSample?: string | undefined;
}

const COLUMNS = `sample_id AS "sampleId", file_sha256 AS "fileSha256", file_path AS "filePath", kind, caller,
  vcf_sample AS "vcfSample", normal_sample AS "normalSample", status, attempts, job_id AS "jobId", records, calls,
  new_variants AS "newVariants", error, created_at AS "createdAt", started_at AS "startedAt", finished_at AS "finishedAt"`;

/** Creates the row as queued, or returns the existing one unchanged. */
export async function upsertQueued(q: Queryable, k: IngestKey, jobId: string | null = null): Promise<IngestRow> {
  const rows = await q.query<IngestRow>(
    `INSERT INTO variant_ingests (sample_id, file_sha256, file_path, kind, caller, vcf_sample, normal_sample, status, job_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'queued', $8)
     ON CONFLICT (sample_id, file_sha256) DO UPDATE SET
       status = CASE WHEN variant_ingests.status IN ('failed', 'replaced') THEN 'queued' ELSE variant_ingests.status END,
       job_id = coalesce($8, variant_ingests.job_id), file_path = EXCLUDED.file_path
     RETURNING ${COLUMNS}`,
    [k.sampleId, k.sha256, k.path, k.kind, k.caller ?? null, k.vcfSample ?? null, k.normalSample ?? null, jobId],
  );
  return rows[0]!;
}

/** Marks the row running (one more attempt) unless it is already loaded; returns its status before. */
export async function markRunning(db: Db, k: IngestKey): Promise<IngestStatus> {
  return db.transaction(async (tx) => {
    const row = await upsertQueued(tx, k);
    if (row.status === 'loaded') return 'loaded';
    await tx.query(
      `UPDATE variant_ingests SET status = 'running', attempts = attempts + 1, started_at = now(), heartbeat_at = now(), error = NULL
       WHERE sample_id = $1 AND file_sha256 = $2`,
      [k.sampleId, k.sha256],
    );
    return row.status;
  });
}

/** After the variant store committed: this row loaded, any other loaded file of the sample replaced. */
export async function markLoaded(db: Db, s: StoredSample): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(
      `UPDATE variant_ingests SET status = 'replaced' WHERE sample_id = $1 AND file_sha256 <> $2 AND status = 'loaded'`,
      [s.sampleId, s.fileSha256],
    );
    await tx.query(
      `UPDATE variant_ingests SET status = 'loaded', records = $3, calls = $4, new_variants = $5, error = NULL, finished_at = now()
       WHERE sample_id = $1 AND file_sha256 = $2`,
      [s.sampleId, s.fileSha256, s.records, s.calls, s.newVariants],
    );
  });
}

/** The worker of a running ingest is alive. */
export async function touchHeartbeat(q: Queryable, sampleId: string, sha256: string): Promise<void> {
  await q.query(
    "UPDATE variant_ingests SET heartbeat_at = now() WHERE sample_id = $1 AND file_sha256 = $2 AND status = 'running'",
    [sampleId, sha256],
  );
}

/**
 * Running ingests whose worker has not been heard from for `staleMs` (it was killed) become
 * `interrupted`, with the reason in `error`; returns them with their jobs, for the queue to retry.
 */
export async function interruptStale(q: Queryable, staleMs: number): Promise<Array<{ sampleId: string; jobId: string | null }>> {
  const error = { code: 'INGEST_INTERRUPTED', kind: 'internal', message: 'the worker stopped mid-ingest (server restarted or killed); retrying', details: {} };
  return q.query(
    `UPDATE variant_ingests SET status = 'interrupted', error = $2
      WHERE status = 'running' AND coalesce(heartbeat_at, started_at, created_at) < now() - make_interval(secs => $1)
      RETURNING sample_id AS "sampleId", job_id AS "jobId"`,
    [staleMs / 1000, JSON.stringify(error)],
  );
}

export async function markReloading(db: Db, sampleId: string, sha256: string): Promise<void> {
  await db.query(
    `UPDATE variant_ingests SET status = 'running', attempts = attempts + 1, started_at = now() WHERE sample_id = $1 AND file_sha256 = $2`,
    [sampleId, sha256],
  );
}

export async function markFailed(db: Db, sampleId: string, sha256: string, err: unknown): Promise<void> {
  const e =
    err instanceof KibanError
      ? { code: err.code, kind: err.kind, message: err.message, details: err.details }
      : { code: 'INTERNAL', kind: 'internal', message: err instanceof Error ? err.message : String(err), details: {} };
  await db.query(
    `UPDATE variant_ingests SET status = 'failed', error = $3, finished_at = now() WHERE sample_id = $1 AND file_sha256 = $2 AND status <> 'loaded'`,
    [sampleId, sha256, JSON.stringify(e)],
  );
}

export async function getIngest(q: Queryable, sampleId: string, sha256: string): Promise<IngestRow | undefined> {
  const rows = await q.query<IngestRow>(`SELECT ${COLUMNS} FROM variant_ingests WHERE sample_id = $1 AND file_sha256 = $2`, [sampleId, sha256]);
  return rows[0];
}

export async function listIngests(q: Queryable, status?: IngestStatus[]): Promise<IngestRow[]> {
  return status
    ? q.query<IngestRow>(`SELECT ${COLUMNS} FROM variant_ingests WHERE status = ANY($1) ORDER BY created_at, sample_id`, [status])
    : q.query<IngestRow>(`SELECT ${COLUMNS} FROM variant_ingests ORDER BY created_at, sample_id`);
}
