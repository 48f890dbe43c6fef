import { annotateAllele, TranscriptCache } from '../genomics/consequence/index.js';
import { CSQ_FIELDS, csqEntry, csqHeaderLine as engineCsqHeaderLine } from '../genomics/csq/index.js';
import type { CsqEngine } from './annotator.js';

/**
 * Binds the consequence engine (src/genomics/consequence, csq) to the annotator. Unlike the
 * engine's own `createCsqEngine`, the prepared-transcript cache here can be dropped (`reset`):
 * a worker calls it between batches once it has prepared many transcripts, which bounds memory
 * on a whole genome (the cache keeps each transcript's cDNA and protein).
 */
export function createCsqEngine(): CsqEngine & { reset(): void } {
  let cache = new TranscriptCache();
  return {
    fields: [...CSQ_FIELDS],
    entries(allele, transcripts, reader) {
      const prepared = transcripts.map((t) => cache.prepare(t));
      const results = annotateAllele(allele, prepared, reader);
      return results.length === 0 ? [csqEntry(allele, undefined)] : results.map((c) => csqEntry(allele, c));
    },
    reset() {
      cache = new TranscriptCache();
    },
  };
}

/** The `##INFO=<ID=CSQ…>` header line for these fields (the engine's wording). */
export function csqHeaderLine(fields: string[]): string {
  return engineCsqHeaderLine(fields);
}
