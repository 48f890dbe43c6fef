/**
 * Per-transcript data computed once and reused for every variant: exons in transcript order
 * with cumulative cDNA offsets, the CDS as cDNA offsets, and (lazily) the spliced sequence.
 * Callers cache PreparedTranscripts (e.g. with TranscriptCache) for the life of a worker: on a
 * 1M-variant run each transcript is hit hundreds of times.
 */
import { reverseComplement, translate } from '../sequence.js';
import type { Interval, SequenceReader, Transcript } from '../types.js';

export interface PreparedTranscript {
  transcript: Transcript;
  /** Exons ascending (as in Transcript) with the 0-based cDNA offset of each exon's 5'-most base. */
  exons: readonly Interval[];
  exonCdna0: readonly number[];
  /** Exon number (1-based, transcript order) of each ascending exon. */
  exonNumber: readonly number[];
  cdnaLength: number;
  coding: boolean;
  /** cDNA offsets of the CDS, half-open, in transcript orientation. */
  cdsStartCdna0: number;
  cdsEndCdna0: number;
  /** Bases of a partial first codon missing (cds_start_NF with phase ≠ 0): (3 − phase) % 3. */
  startPad: number;
  /** The start codon is a real ATG (not cds_start_NF), so start_lost can be judged. */
  completeStart: boolean;
  /** Filled on first use by cdna(): the spliced transcript sequence, 5'→3'. */
  cdnaSeq?: string;
  /** Filled on first use by protein(): translation of the CDS (with startPad N's), up to and including the first stop. */
  proteinSeq?: string;
  /** Filled on first use by codingTail(). */
  codingTailSeq?: string;
  /**
   * The transcript's constant CSQ fields, filled on first use by csq/: `SYMBOL|Gene|Transcript|
   * Feature|BIOTYPE` and `STRAND|CANONICAL`, escaped once instead of on every entry.
   */
  csqIdentity?: string;
  csqStrandCanonical?: string;
  /** Filled on first use by deepIntronTerms(). */
  deepIntronTerms?: string;
}

export function prepareTranscript(t: Transcript): PreparedTranscript {
  const n = t.exons.length;
  const exonCdna0 = new Array<number>(n).fill(0);
  const exonNumber = new Array<number>(n).fill(0);
  let offset = 0;
  for (let k = 0; k < n; k++) {
    const idx = t.strand === 1 ? k : n - 1 - k;
    const e = t.exons[idx] as Interval;
    exonCdna0[idx] = offset;
    exonNumber[idx] = k + 1;
    offset += e.end0 - e.start0;
  }
  const prepared: PreparedTranscript = {
    transcript: t,
    exons: t.exons,
    exonCdna0,
    exonNumber,
    cdnaLength: offset,
    coding: t.cds.length > 0,
    cdsStartCdna0: 0,
    cdsEndCdna0: 0,
    cdnaSeq: undefined,
    proteinSeq: undefined,
    codingTailSeq: undefined,
    csqIdentity: undefined,
    csqStrandCanonical: undefined,
    deepIntronTerms: undefined,
    startPad: (3 - (t.cdsStartPhase % 3)) % 3,
    completeStart: t.cdsStartPhase === 0 && !t.tags.includes('cds_start_NF'),
  };
  if (prepared.coding) {
    const first = t.cds[0] as Interval;
    const last = t.cds[t.cds.length - 1] as Interval;
    const a = cdnaOffset(prepared, first.start0);
    const b = cdnaOffset(prepared, last.end0 - 1);
    if (a === undefined || b === undefined) {
      prepared.coding = false; // CDS outside the exons: a broken model, annotate as non-coding
    } else {
      prepared.cdsStartCdna0 = Math.min(a, b);
      prepared.cdsEndCdna0 = Math.max(a, b) + 1;
    }
  }
  return prepared;
}

/** Index of the ascending exon containing pos0, or -1. Binary search: real transcripts reach 360 exons. */
export function exonIndexAt(p: PreparedTranscript, pos0: number): number {
  let lo = 0;
  let hi = p.exons.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const e = p.exons[mid] as Interval;
    if (pos0 < e.start0) hi = mid - 1;
    else if (pos0 >= e.end0) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/** Lowest ascending exon index whose end0 ≥ pos0 (exons.length if none). */
export function firstExonEndingAtOrAfter(p: PreparedTranscript, pos0: number): number {
  let lo = 0;
  let hi = p.exons.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((p.exons[mid] as Interval).end0 >= pos0) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Lowest ascending exon index whose start0 ≥ pos0 (exons.length if none). */
export function firstExonStartingAtOrAfter(p: PreparedTranscript, pos0: number): number {
  let lo = 0;
  let hi = p.exons.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((p.exons[mid] as Interval).start0 >= pos0) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** 0-based cDNA offset of a genomic base, or undefined when it is not exonic. */
export function cdnaOffset(p: PreparedTranscript, pos0: number): number | undefined {
  const k = exonIndexAt(p, pos0);
  if (k < 0) return undefined;
  const e = p.exons[k] as Interval;
  const base = p.exonCdna0[k] as number;
  return p.transcript.strand === 1 ? base + pos0 - e.start0 : base + e.end0 - 1 - pos0;
}

/** Genomic position of a cDNA offset (inverse of cdnaOffset). */
export function genomicOfCdna(p: PreparedTranscript, cdna0: number): number | undefined {
  for (let k = 0; k < p.exons.length; k++) {
    const e = p.exons[k] as Interval;
    const rel = cdna0 - (p.exonCdna0[k] as number);
    if (rel >= 0 && rel < e.end0 - e.start0) return p.transcript.strand === 1 ? e.start0 + rel : e.end0 - 1 - rel;
  }
  return undefined;
}

export function cdna(p: PreparedTranscript, reader: SequenceReader): string {
  if (p.cdnaSeq === undefined) {
    const t = p.transcript;
    const fwd = t.exons.map((e) => reader.fetch(t.chrom, e.start0, e.end0)).join('');
    p.cdnaSeq = t.strand === 1 ? fwd : reverseComplement(fwd);
  }
  return p.cdnaSeq;
}

/** The CDS from its first base to the end of the cDNA (3' UTR included, for frameshifts and stop loss), padded for a partial first codon. */
export function codingTail(p: PreparedTranscript, reader: SequenceReader): string {
  // Cached: rebuilt (and flattened on first index) for every coding variant it cost ~2% of a profile.
  if (p.codingTailSeq === undefined) p.codingTailSeq = 'N'.repeat(p.startPad) + cdna(p, reader).slice(p.cdsStartCdna0);
  return p.codingTailSeq;
}

export function protein(p: PreparedTranscript, reader: SequenceReader): string {
  if (p.proteinSeq === undefined) {
    const cds = 'N'.repeat(p.startPad) + cdna(p, reader).slice(p.cdsStartCdna0, p.cdsEndCdna0);
    p.proteinSeq = translate(cds, 0, true);
  }
  return p.proteinSeq;
}

/**
 * Caches PreparedTranscripts by id; one per worker, so the lazy sequences are fetched once.
 * Bounded by count, oldest first out: input is position-sorted, so transcripts behind the
 * cursor are not needed again. 20,000 × ~3 kb cDNA ≈ 60 MB at most (Ensembl has ~250k transcripts).
 */
export class TranscriptCache {
  private readonly byId = new Map<string, PreparedTranscript>();

  constructor(private readonly maxTranscripts = 20_000) {}

  prepare(t: Transcript): PreparedTranscript {
    let p = this.byId.get(t.id);
    if (p === undefined || p.transcript !== t) {
      p = prepareTranscript(t);
      this.byId.set(t.id, p);
      if (this.byId.size > this.maxTranscripts) {
        const oldest = this.byId.keys().next().value;
        if (oldest !== undefined) this.byId.delete(oldest);
      }
    }
    return p;
  }

  /** Drops cached sequences, e.g. when a worker moves to the next contig. */
  clear(): void {
    this.byId.clear();
  }
}
