import type { Transcript } from '../types.js';

/**
 * Ensembl marks one transcript per gene with the `Ensembl_canonical` tag (GFF3 `tag=...`, GTF
 * `tag "Ensembl_canonical"`, releases ≥ 104). Older releases (such as the release-84 chr21 test
 * file) and other sources have no such tag. For a gene where no transcript carries it, Kiban
 * marks one itself, by this fallback, in order:
 *   1. the longest CDS (coding transcripts first),
 *   2. then the longest spliced (exonic) length,
 *   3. then the smallest transcript id (so the choice never depends on file order).
 * This approximates Ensembl's own rule (MANE Select, then longest CDS) without MANE data.
 */
export function chooseCanonical(transcripts: Transcript[]): void {
  const byGene = new Map<string, Transcript[]>();
  for (const t of transcripts) {
    const key = `${t.chrom}\t${t.geneId}`;
    const list = byGene.get(key);
    if (list) list.push(t);
    else byGene.set(key, [t]);
  }
  for (const list of byGene.values()) {
    if (list.some((t) => t.canonical)) continue;
    let best = list[0]!;
    for (const t of list.slice(1)) if (isBetter(t, best)) best = t;
    best.canonical = true;
  }
}

function isBetter(a: Transcript, b: Transcript): boolean {
  const cdsA = totalLength(a.cds);
  const cdsB = totalLength(b.cds);
  if (cdsA !== cdsB) return cdsA > cdsB;
  const exA = totalLength(a.exons);
  const exB = totalLength(b.exons);
  if (exA !== exB) return exA > exB;
  return a.id < b.id;
}

function totalLength(intervals: { start0: number; end0: number }[]): number {
  let sum = 0;
  for (const iv of intervals) sum += iv.end0 - iv.start0;
  return sum;
}
