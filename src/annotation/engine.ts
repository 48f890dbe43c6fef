import type { CsqEngine } from './annotator.js';

/**
 * Binds the consequence engine (src/genomics/consequence, csq) to the annotator.
 * TEMPORARY until the engine lands: lists overlapping transcripts without consequences.
 */
export function createCsqEngine(): CsqEngine {
  return {
    fields: ['Allele', 'Feature_type', 'Feature'],
    entries: (allele, transcripts) =>
      transcripts.length === 0 ? [`${allele.alt}||`] : transcripts.map((t) => `${allele.alt}|Transcript|${t.id}`),
  };
}

/** The `##INFO=<ID=CSQ…>` header line for these fields. */
export function csqHeaderLine(fields: string[]): string {
  return `##INFO=<ID=CSQ,Number=.,Type=String,Description="Consequence annotations from Kiban. Format: ${fields.join('|')}">`;
}
