/**
 * The minimal form of an allele used inside the engine: the replaced reference bases as a
 * 0-based half-open range (empty for an insertion, which lies between start0 − 1 and start0)
 * and the inserted bases, forward strand. VCF anchor bases are gone, as in VEP's own model.
 */
import type { Allele, Interval } from '../types.js';

export interface MinimalVariant {
  chrom: string;
  start0: number;
  end0: number;
  /** Forward-strand replacement bases ('' for a deletion). */
  alt: string;
  /** Forward-strand reference bases ('' for an insertion). */
  ref: string;
}

export function toMinimal(allele: Allele): MinimalVariant {
  const { ref, alt } = allele;
  let p = 0;
  while (p < ref.length && p < alt.length && ref[p] === alt[p]) p++;
  let s = 0;
  while (s < ref.length - p && s < alt.length - p && ref[ref.length - 1 - s] === alt[alt.length - 1 - s]) s++;
  const start0 = allele.pos1 - 1 + p;
  return {
    chrom: allele.chrom,
    start0,
    end0: allele.pos1 - 1 + ref.length - s,
    ref: ref.slice(p, ref.length - s),
    alt: alt.slice(p, alt.length - s),
  };
}

export function isInsertion(v: MinimalVariant): boolean {
  return v.start0 === v.end0;
}

/**
 * Whether the variant falls in [start0, end0). Following VEP's BaseTranscriptVariation, an
 * insertion counts when the insertion point lies within the region or on its edge when
 * `touching` (used for splice sites: an insertion right before a donor GT disrupts it).
 */
export function overlaps(v: MinimalVariant, region: Interval, touching: boolean): boolean {
  if (v.start0 !== v.end0) return v.start0 < region.end0 && v.end0 > region.start0;
  return touching
    ? v.start0 >= region.start0 && v.start0 <= region.end0
    : v.start0 > region.start0 && v.start0 < region.end0;
}
