import type { Queryable } from '../db/index.js';
import { conflict } from '../errors.js';
import * as store from './store.js';

/**
 * A case is `analysed` only when every sample its QC-passed files carry is in the variant store:
 * an analysis over a failed or unfinished ingest would be an analysis of nothing. Cases whose
 * data did not come through Kiban's intake (no QC-passed files) are not held back.
 */
export async function requireSamplesLoaded(tx: Queryable, caseId: string): Promise<void> {
  const missing = await store.unloadedSamples(tx, caseId);
  if (missing.length === 0) return;
  const list = missing.map((m) => `${m.sample_id} of ${m.file_name} is ${m.status ?? 'queued'}`).join('; ');
  throw conflict('SAMPLES_NOT_LOADED', `case ${caseId} cannot be analysed until every sample is loaded: ${list}`, {
    caseId, samples: missing.map((m) => ({ sampleId: m.sample_id, fileName: m.file_name, status: m.status ?? 'queued' })),
  });
}
