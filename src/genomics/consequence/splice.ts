/**
 * Splice-site and intron terms (VEP's BaseTranscriptVariation::_intron_effects): donor and
 * acceptor sites, splice region, VEP's donor region (+3..+6) and 5th base, the polypyrimidine
 * tract (-3..-17), and the INTRON field.
 */
import type { Interval } from '../types.js';
import type { TranscriptConsequence } from './annotate.js';
import { firstExonStartingAtOrAfter, type PreparedTranscript } from './prepare.js';
import type { SoTerm } from './terms.js';
import type { MinimalVariant } from './variant.js';

/** overlaps(v, [start0, end0), false) without an Interval object (hot loops below). */
export function hits(v: MinimalVariant, start0: number, end0: number): boolean {
  if (v.start0 !== v.end0) return v.start0 < end0 && v.end0 > start0;
  return v.start0 > start0 && v.start0 < end0;
}

/** Splice and intron terms; returns whether the variant is intronic beyond the splice sites. */
export function intronEffects(v: MinimalVariant, p: PreparedTranscript, terms: SoTerm[], fields: TranscriptConsequence): boolean {
  const exons = p.exons;
  const n = exons.length;
  const fwd = p.transcript.strand === 1;
  let intronic = false;
  let splice = false;
  let region = false;
  let donorRegion = 0;
  let pyrimidine = false;
  let lo = Infinity;
  let hi = -Infinity;
  // Introns ending more than 3 bp before the variant cannot be hit: start at the first that can.
  for (let k = Math.max(0, firstExonStartingAtOrAfter(p, v.start0 - 3) - 1); k + 1 < n; k++) {
    const is0 = (exons[k] as Interval).end0;
    const ie0 = (exons[k + 1] as Interval).start0;
    if (v.end0 < is0 - 3 && v.start0 < is0 - 3) break;
    if (v.start0 > ie0 + 3) continue;
    const number = fwd ? k + 1 : n - 1 - k;
    if (hits(v, is0, ie0)) {
      if (number < lo) lo = number;
      if (number > hi) hi = number;
    }
    const fivePrimeHit = hits(v, is0, is0 + 2);
    const threePrimeHit = hits(v, ie0 - 2, ie0);
    if (fwd ? fivePrimeHit : threePrimeHit) {
      terms.push('splice_donor_variant');
      splice = true;
    }
    if (fwd ? threePrimeHit : fivePrimeHit) {
      terms.push('splice_acceptor_variant');
      splice = true;
    }
    if (hits(v, is0 - 3, is0 + 8) || hits(v, ie0 - 8, ie0 + 3)) region = true;
    if (ie0 - is0 > 6) donorRegion |= donorRegionBits(v, fwd ? is0 : ie0 - 1, fwd);
    // Both within the intron: a short intron's tract does not reach into the exon before it.
    if (fwd ? hits(v, Math.max(is0, ie0 - 17), ie0 - 2) : hits(v, is0 + 2, Math.min(ie0, is0 + 17))) pyrimidine = true;
    // An insertion right at an exon/intron edge changes the exon's sequence and sits in the splice
    // region (bcftools csq agrees); it is annotated as exonic (see exonEffects) plus splice_region.
    if (v.start0 === v.end0 && (v.start0 === is0 || v.start0 === ie0)) region = true;
    if (ie0 - is0 > 4 && hits(v, is0 + 2, ie0 - 2)) intronic = true;
  }
  // VariationEffect.pm: splice_region yields to the donor/acceptor sites and to the donor
  // region terms (+3..+6, +5 on its own); the polypyrimidine tract (-3..-17) sits beside it.
  if (donorRegion & 1 && !splice) terms.push('splice_donor_5th_base_variant');
  else if (donorRegion & 2 && !splice) terms.push('splice_donor_region_variant');
  else if (region && !splice) terms.push('splice_region_variant');
  if (pyrimidine && !splice) terms.push('splice_polypyrimidine_tract_variant');
  if (intronic) terms.push('intron_variant');
  if (lo <= hi) fields.intron = `${numberRange(lo, hi)}/${n - 1}`;
  return intronic;
}

/**
 * VEP's donor region terms for the intron whose first base (+1) is at genomic `donor0`: bit 1
 * when the variant touches +5 (splice_donor_5th_base_variant), bit 2 when it touches +3..+6
 * (splice_donor_region_variant). Sequence Ontology SO:0001787 and SO:0002170.
 */
function donorRegionBits(v: MinimalVariant, donor0: number, fwd: boolean): number {
  const fifth = fwd ? donor0 + 4 : donor0 - 4;
  const from = fwd ? donor0 + 2 : donor0 - 5;
  return (hits(v, fifth, fifth + 1) ? 1 : 0) | (hits(v, from, from + 4) ? 2 : 0);
}

export function numberRange(lo: number, hi: number): string {
  return lo === hi ? `${lo}` : `${lo}-${hi}`;
}
