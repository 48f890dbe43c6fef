import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { basename } from 'node:path';
import type { Db } from '../db/index.js';
import { conflict, invalidInput } from '../errors.js';
import type { VcfWarning } from '../genomics/vcf/index.js';
import type { SampleKind, StoredSample, VariantStore } from './interface.js';
import { stageVcf, type IngestReference, type StageVcfOptions } from './stage-vcf.js';
import { getIngest, listIngests, markFailed, markLoaded, markReloading, markRunning, type IngestKey } from './store.js';

export interface IngestRequest {
  sampleId: string;
  /** The VCF (plain, gzip or bgzip) as received, e.g. the intake object store's file. */
  path: string;
  /** SHA-256 of the file's bytes (hex), as the intake recorded it; checked before loading. */
  sha256: string;
  kind?: SampleKind;
  caller?: 'mutect2' | 'strelka2';
  vcfSample?: string;
  normalSample?: string;
  /** Load even though another file of this sample is loaded (its calls are replaced). */
  replace?: boolean;
}

export interface IngestDeps {
  db: Db;
  store: VariantStore;
  reference: IngestReference;
  /**
   * Throws (409 PARTICIPANT_WITHDRAWN) when the sample's participant withdrew consent: nothing is
   * ingested after a withdrawal. The store knows sample ids only; the intake module maps them to
   * participants (intake assertSampleInUse). Required for workers, absent for direct loads (bench).
   */
  sampleInUse?: (sampleId: string) => Promise<void>;
}

export type IngestOutcome =
  /** warnings: non-fatal input findings (as `kiban annotate` reports them), once per field. */
  | { status: 'loaded'; sample: StoredSample; elapsedMs: number; warnings: VcfWarning[] }
  | { status: 'already_loaded'; sample: StoredSample };

const SHA256 = /^[0-9a-f]{64}$/;
const SAMPLE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/**
 * Loads one sample's VCF into the variant store, atomically and idempotently:
 * 1. PostgreSQL: the (sample, sha256) row goes to running (a loaded row ends it here: no-op).
 * 2. The variant store already holding this sample and hash (a process died after step 4) only
 *    needs step 5.
 * 3. Check the file's SHA-256, then stage: stream, normalise, annotate, append (outside the store).
 * 4. One variant-store transaction moves the rows and records the sample.
 * 5. PostgreSQL: loaded, with counts. A failure anywhere records the error and leaves the store
 *    as it was.
 */
export async function ingestSampleVcf(deps: IngestDeps, req: IngestRequest, opts: Pick<StageVcfOptions, 'onProgress' | 'progressEvery' | 'threads'> = {}): Promise<IngestOutcome> {
  const started = Date.now();
  checkRequest(req);
  const key = ingestKey(req);
  if ((await markRunning(deps.db, key)) === 'loaded') {
    const sample = await deps.store.getSample(req.sampleId);
    if (sample && sample.fileSha256 === req.sha256) return { status: 'already_loaded', sample };
    // PostgreSQL says loaded but the store does not have it (restored from an older backup): load again.
    await markReloading(deps.db, req.sampleId, req.sha256);
  }
  try {
    await deps.sampleInUse?.(req.sampleId);
    const existing = await deps.store.getSample(req.sampleId);
    if (existing && existing.fileSha256 === req.sha256) {
      await markLoaded(deps.db, existing);
      return { status: 'already_loaded', sample: existing };
    }
    if (existing && !req.replace) {
      throw conflict('SAMPLE_ALREADY_LOADED', `sample ${req.sampleId} is already loaded from another file (sha256 ${existing.fileSha256.slice(0, 12)}…); re-submit with replace`, {
        sampleId: req.sampleId,
      });
    }
    await checkSha256(req.path, req.sha256);
    const { meta, staged, warnings } = await stageVcf(deps.store, deps.reference, { ...req, kind: key.kind, ...opts });
    const { sample, committed } = await deps.store.commitSample(meta, staged, { replace: req.replace ?? false });
    await markLoaded(deps.db, sample);
    return committed ? { status: 'loaded', sample, elapsedMs: Date.now() - started, warnings } : { status: 'already_loaded', sample };
  } catch (err) {
    await markFailed(deps.db, req.sampleId, req.sha256, err).catch(() => undefined);
    throw err;
  }
}

/**
 * Repairs PostgreSQL after a crash between the two commits: rows still queued/running whose
 * sample and hash the variant store holds become loaded. Run when workers start.
 */
export async function reconcileIngests(db: Db, store: VariantStore): Promise<{ repaired: string[] }> {
  const repaired: string[] = [];
  for (const row of await listIngests(db, ['queued', 'running', 'failed'])) {
    const sample = await store.getSample(row.sampleId);
    if (sample && sample.fileSha256 === row.fileSha256) {
      await markLoaded(db, sample);
      repaired.push(row.sampleId);
    }
  }
  return { repaired };
}

export { getIngest, listIngests };

function ingestKey(req: IngestRequest): IngestKey {
  return {
    sampleId: req.sampleId,
    sha256: req.sha256,
    path: req.path,
    kind: req.kind ?? 'germline',
    caller: req.caller,
    vcfSample: req.vcfSample,
    normalSample: req.normalSample,
  };
}

export function checkRequest(req: IngestRequest): void {
  if (!SAMPLE_ID.test(req.sampleId)) throw invalidInput('BAD_SAMPLE_ID', `sampleId: expected 1–128 of A–Z a–z 0–9 . _ : -, got "${req.sampleId}"`, { field: 'sampleId' });
  if (!SHA256.test(req.sha256)) throw invalidInput('BAD_SHA256', 'sha256: expected 64 lower-case hex digits', { field: 'sha256' });
  if (req.kind !== undefined && req.kind !== 'germline' && req.kind !== 'somatic') throw invalidInput('BAD_KIND', `kind: expected germline or somatic`, { field: 'kind' });
}

async function checkSha256(path: string, expected: string): Promise<void> {
  if (!existsSync(path)) throw invalidInput('FILE_NOT_FOUND', `${path}: no such file`, { file: path, field: 'path' });
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  const actual = hash.digest('hex');
  if (actual !== expected) {
    throw invalidInput('SHA256_MISMATCH', `${basename(path)}: SHA-256 is ${actual}, the submission said ${expected}`, { file: basename(path), field: 'sha256' });
  }
}
