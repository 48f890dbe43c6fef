/**
 * HGVS c./n. notation (https://hgvs-nomenclature.org/stable/recommendations/DNA/) for one
 * transcript. Indels are shifted to their 3'-most position in transcript orientation first (the
 * HGVS 3' rule), without crossing an exon/intron edge: VEP's shift_hgvs does the same, and
 * Mutalyzer too for intronic variants. Consequences themselves use the left-aligned allele.
 */
import { reverseComplement } from '../sequence.js';
import type { Interval, SequenceReader } from '../types.js';
import { cdnaOffset, exonIndexAt, firstExonStartingAtOrAfter, type PreparedTranscript } from './prepare.js';
import type { MinimalVariant } from './variant.js';

/** HGVSc such as `T1:c.123+5G>A`, or undefined when the variant leaves the transcript. */
export function hgvsc(p: PreparedTranscript, v: MinimalVariant, reader: SequenceReader): string | undefined {
  const t = p.transcript;
  if (v.start0 < t.start0 || v.end0 > t.end0 || (v.start0 === v.end0 && (v.start0 === t.start0 || v.start0 === t.end0))) {
    return undefined;
  }
  const prefix = `${t.id}:${p.coding ? 'c.' : 'n.'}`;
  const fwd = t.strand === 1;
  if (v.ref.length > 0 && v.alt.length > 0) {
    const a = fwd ? v.start0 : v.end0 - 1;
    const b = fwd ? v.end0 - 1 : v.start0;
    if (v.ref.length === 1 && v.alt.length === 1) return `${prefix}${hgvsPosition(p, a)}${oriented(v.ref, fwd)}>${oriented(v.alt, fwd)}`;
    return `${prefix}${range(p, a, b)}delins${oriented(v.alt, fwd)}`;
  }
  const s = shift3(p, v, reader);
  if (s.ref.length > 0) return `${prefix}${fwd ? range(p, s.start0, s.end0 - 1) : range(p, s.end0 - 1, s.start0)}del`;
  const len = s.alt.length;
  if (s.dupOf5Prime) return `${prefix}${fwd ? range(p, s.start0 - len, s.start0 - 1) : range(p, s.start0 + len - 1, s.start0)}dup`;
  const a = fwd ? s.start0 - 1 : s.start0;
  const b = fwd ? s.start0 : s.start0 - 1;
  return `${prefix}${hgvsPosition(p, a)}_${hgvsPosition(p, b)}ins${oriented(s.alt, fwd)}`;
}

function oriented(seq: string, fwd: boolean): string {
  return fwd ? seq : reverseComplement(seq);
}

/** `a` or `a_b` for the bases at a0 and b0 (5' first in transcript orientation). */
function range(p: PreparedTranscript, a0: number, b0: number): string {
  const a = hgvsPosition(p, a0);
  const b = hgvsPosition(p, b0);
  return a === b ? a : `${a}_${b}`;
}

/** c./n. position of one genomic base: `123`, `-12`, `*45`, `123+5`, `124-2`, `-12+1`. */
export function hgvsPosition(p: PreparedTranscript, pos0: number): string {
  const q = cdnaOffset(p, pos0);
  if (q !== undefined) return cdnaPosition(p, q);
  // The ascending exon before pos0 (the last starting at or before it).
  const k = Math.max(0, firstExonStartingAtOrAfter(p, pos0 + 1) - 1);
  if (k + 1 >= p.exons.length || pos0 < (p.exons[k] as Interval).end0) return '?';
  return intronPosition(p, k, pos0);
}

/** HGVS position of intronic base pos0 in the intron after ascending exon k. */
export function intronPosition(p: PreparedTranscript, k: number, pos0: number): string {
  const left = p.exons[k] as Interval;
  const right = p.exons[k + 1] as Interval;
  const dLeft = pos0 - left.end0 + 1;
  const dRight = right.start0 - pos0;
  // The 5' half of an intron (and an odd middle base) is numbered from the upstream exon with '+'.
  if (p.transcript.strand === 1) {
    return dLeft <= dRight ? `${cdnaPosition(p, cdnaOffset(p, left.end0 - 1) as number)}+${dLeft}` : `${cdnaPosition(p, cdnaOffset(p, right.start0) as number)}-${dRight}`;
  }
  return dRight <= dLeft ? `${cdnaPosition(p, cdnaOffset(p, right.start0) as number)}+${dRight}` : `${cdnaPosition(p, cdnaOffset(p, left.end0 - 1) as number)}-${dLeft}`;
}

function cdnaPosition(p: PreparedTranscript, q: number): string {
  if (!p.coding) return `${q + 1}`;
  if (q < p.cdsStartCdna0) return `-${p.cdsStartCdna0 - q}`;
  if (q >= p.cdsEndCdna0) return `*${q - p.cdsEndCdna0 + 1}`;
  // A CDS with an incomplete start (cds_start_NF) is numbered from its padded first codon, as
  // Ensembl's TranscriptMapper and VEP count it: GFF3 phase 1 puts c.1 two bases before the CDS.
  return `${q - p.cdsStartCdna0 + 1 + p.startPad}`;
}

interface Shifted extends MinimalVariant {
  /** For an insertion: the inserted bases repeat those immediately 5' of it (a duplication). */
  dupOf5Prime: boolean;
}

/** The exon or intron holding [start0, end0), for bounding the shift; the whole transcript if it spans several. */
function regionOf(p: PreparedTranscript, v: MinimalVariant): Interval {
  const t = p.transcript;
  const probe = v.start0 === v.end0 ? v.start0 - 1 : v.start0;
  const k = exonIndexAt(p, probe);
  const lastProbe = v.start0 === v.end0 ? v.start0 : v.end0 - 1;
  if (k >= 0) {
    const e = p.exons[k] as Interval;
    return lastProbe < e.end0 ? e : { start0: t.start0, end0: t.end0 };
  }
  let j = 0;
  while (j + 1 < p.exons.length && (p.exons[j + 1] as Interval).start0 <= probe) j++;
  const intron = { start0: (p.exons[j] as Interval).end0, end0: (p.exons[j + 1] as Interval | undefined)?.start0 ?? t.end0 };
  return lastProbe < intron.end0 ? intron : { start0: t.start0, end0: t.end0 };
}

/** Shifts a pure insertion or deletion 3' in transcript orientation within its exon or intron. */
function shift3(p: PreparedTranscript, v: MinimalVariant, reader: SequenceReader): Shifted {
  const region = regionOf(p, v);
  const len = Math.max(v.ref.length, v.alt.length);
  const lo = Math.max(region.start0, v.start0 - len - 200);
  const hi = Math.min(region.end0, v.end0 + len + 200);
  // A repeat longer than the window is rare; the shift then stops at the window edge.
  const seq = reader.fetch(v.chrom, lo, hi);
  let { start0, end0, ref, alt } = v;
  const at = (pos0: number) => seq[pos0 - lo];
  if (p.transcript.strand === 1) {
    if (ref.length > 0) {
      while (end0 < hi && at(start0) === at(end0)) {
        start0++;
        end0++;
      }
      ref = seq.slice(start0 - lo, end0 - lo);
    } else {
      while (start0 < hi && alt[0] === at(start0)) {
        alt = alt.slice(1) + at(start0);
        start0++;
      }
      end0 = start0;
    }
  } else if (ref.length > 0) {
    while (start0 > lo && at(start0 - 1) === at(end0 - 1)) {
      start0--;
      end0--;
    }
    ref = seq.slice(start0 - lo, end0 - lo);
  } else {
    while (start0 > lo && alt[alt.length - 1] === at(start0 - 1)) {
      alt = at(start0 - 1) + alt.slice(0, -1);
      start0--;
    }
    end0 = start0;
  }
  const n = alt.length;
  const dup =
    ref.length === 0 &&
    (p.transcript.strand === 1
      ? start0 - n >= lo && seq.slice(start0 - n - lo, start0 - lo) === alt
      : start0 + n <= hi && seq.slice(start0 - lo, start0 + n - lo) === alt);
  return { chrom: v.chrom, start0, end0, ref, alt, dupOf5Prime: dup };
}
