import type { Db, Queryable } from '../db/index.js';
import type { JobQueue } from '../jobs/queue.js';
import { enqueueIngest } from '../variant-store/index.js';
import { basename, join } from 'node:path';
import { ObjectStore } from './object-store.js';
import type { SampleMapping } from './vcf-samples.js';

/**
 * The seam between intake and the variant store. A QC-passed file is marked `queued` in
 * result_files in the same transaction that moves the case to qc_passed: that row is the outbox.
 * After the commit, `dispatch` hands every queued file that has no ingest job yet to the job queue
 * (the queue cannot be written inside the transaction: on PGlite the transaction holds the only
 * connection). A crash between the two is repaired by the next dispatch, which `kiban start`
 * also runs at start-up; a file handed over twice is harmless (ingest is idempotent).
 */
export type IngestStatus = 'queued' | 'running' | 'interrupted' | 'loaded' | 'failed' | 'replaced';

export interface IngestProgress {
  status: IngestStatus;
  error: string | null;
  updatedAt: Date;
}

export interface IngestPort {
  /** Hands queued files without a job to the ingest queue; returns how many samples were sent. */
  dispatch(): Promise<number>;
  progress(q: Queryable, fileIds: string[]): Promise<Map<string, IngestProgress>>;
}

interface PendingSample {
  file_id: string;
  sha256: string;
  kind: 'germline_vcf' | 'somatic_vcf';
  caller: 'mutect2' | 'strelka2' | null;
  samples: SampleMapping[];
}

/** The loaded sample of a file is its tumour (somatic) or germline column; normals are context. */
function loadedSamples(samples: SampleMapping[]): SampleMapping[] {
  return samples.filter((s) => s.role !== 'normal');
}

export function ingestPort(db: Db, queue: JobQueue | null, pathOf: (sha256: string) => string): IngestPort {
  return {
    async dispatch() {
      if (!queue) return 0;
      const files = await db.query<PendingSample>(
        `SELECT f.id AS file_id, f.sha256, f.kind, f.caller, f.samples
           FROM result_files f
          WHERE f.status = 'queued'
            AND EXISTS (SELECT 1 FROM jsonb_array_elements(f.samples) s
                         WHERE s->>'role' <> 'normal'
                           AND NOT EXISTS (SELECT 1 FROM variant_ingests v
                                            WHERE v.sample_id = s->>'runId' AND v.file_sha256 = f.sha256
                                              AND v.job_id IS NOT NULL))
          ORDER BY f.uploaded_at`,
      );
      let sent = 0;
      for (const f of files) {
        const normal = f.samples.find((s) => s.role === 'normal');
        for (const s of loadedSamples(f.samples)) {
          await enqueueIngest({ db, queue }, {
            sampleId: s.runId,
            path: pathOf(f.sha256),
            sha256: f.sha256,
            kind: f.kind === 'somatic_vcf' ? 'somatic' : 'germline',
            ...(f.caller ? { caller: f.caller } : {}),
            vcfSample: s.vcfSample,
            ...(normal ? { normalSample: normal.vcfSample } : {}),
          });
          sent++;
        }
      }
      return sent;
    },

    async progress(q, fileIds) {
      if (fileIds.length === 0) return new Map();
      const rows = await q.query<{ file_id: string; status: IngestStatus; error: { message?: string } | null; updated_at: Date; file_name: string; file_path: string }>(
        `SELECT f.id AS file_id, v.status, v.error, f.file_name, v.file_path,
                coalesce(v.finished_at, v.started_at, v.created_at) AS updated_at
           FROM result_files f
           CROSS JOIN LATERAL jsonb_array_elements(f.samples) s
           JOIN variant_ingests v ON v.sample_id = s->>'runId' AND v.file_sha256 = f.sha256
          WHERE f.id = ANY($1::text[]) AND s->>'role' <> 'normal'`,
        [fileIds],
      );
      // A file with several loaded samples reports its least advanced one.
      const rank: Record<IngestStatus, number> = { failed: 0, interrupted: 1, queued: 2, running: 3, replaced: 4, loaded: 5 };
      const out = new Map<string, IngestProgress>();
      for (const r of rows) {
        const seen = out.get(r.file_id);
        if (seen && rank[seen.status] <= rank[r.status]) continue;
        const error = r.error?.message === undefined ? null : withoutServerPath(r.error.message, r.file_path, r.file_name);
        out.set(r.file_id, { status: r.status, error, updatedAt: r.updated_at });
      }
      return out;
    },
  };
}

/**
 * Errors are recorded as the worker saw them, with the object store's path of the file
 * (`/srv/kiban/objects/sha256/a2/…:6979: gzip: truncated input`). Callers are shown the name
 * they uploaded the file under instead: server paths are not theirs to know.
 */
export function withoutServerPath(message: string, serverPath: string, fileName: string): string {
  const stored = basename(serverPath); // the object's own name: its SHA-256
  return message.replaceAll(serverPath, fileName).replaceAll(stored, fileName).replace(/(?:\/[^\s:/]+)+\/objects\/sha256\/[0-9a-f/]+/g, fileName);
}

/** The port over the intake object store of a data directory (what the server and start-up use). */
export function ingestPortFor(db: Db, queue: JobQueue | null, dataDir: string): IngestPort {
  const objects = new ObjectStore(join(dataDir, 'objects'));
  return ingestPort(db, queue, (sha256) => objects.pathOf(objects.keyFor(sha256)));
}
