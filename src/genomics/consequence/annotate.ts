/**
 * Consequences of one allele on each nearby transcript, following Ensembl VEP's definitions
 * (VariationEffect.pm, BaseTranscriptVariation::_intron_effects) at the allele's position after
 * trimming shared bases: `kiban annotate` passes it where the VCF writes it (as VEP does),
 * ingest the left-aligned allele (the store's key); only HGVS is 3'-shifted (VEP's shift_hgvs).
 */
import { reverseComplement, translate, translateCodon } from '../sequence.js';
import type { Allele, Interval, SequenceReader, Transcript } from '../types.js';
import { codingEffect, type CodingEffect } from './coding.js';
import { hgvsc, intronPosition } from './hgvs.js';
import { hgvsp } from './hgvsp.js';
import { cdna, cdnaOffset, firstExonEndingAtOrAfter, firstExonStartingAtOrAfter, type PreparedTranscript } from './prepare.js';
import { impactOf, sortTerms, type Impact, type SoTerm } from './terms.js';
import { hits, intronEffects, numberRange } from './splice.js';
import { overlaps, toMinimal, type MinimalVariant } from './variant.js';

/** VEP's default --distance for upstream/downstream_gene_variant. */
export const UP_DOWN_DISTANCE_BP = 5000;

export interface TranscriptConsequence {
  transcript: Transcript;
  /** Most severe first. */
  terms: SoTerm[];
  impact: Impact;
  /** `n/total` or `a-b/total` in transcript order. */
  exon?: string;
  intron?: string;
  hgvsc?: string;
  hgvsp?: string;
  cdnaPosition?: string;
  cdsPosition?: string;
  proteinPosition?: string;
  aminoAcids?: string;
  codons?: string;
  /** Distance to the transcript for upstream/downstream variants (VEP DISTANCE). */
  distanceBp?: number;
}

/**
 * One entry per transcript within UP_DOWN_DISTANCE_BP; an empty array means intergenic_variant.
 * `transcripts` may include far ones (they are skipped); pass the ±5 kb overlap set for speed.
 */
export function annotateAllele(allele: Allele, transcripts: readonly PreparedTranscript[], reader: SequenceReader): TranscriptConsequence[] {
  const v = toMinimal(allele);
  const out: TranscriptConsequence[] = [];
  for (let i = 0; i < transcripts.length; i++) {
    const c = annotateTranscript(v, transcripts[i] as PreparedTranscript, reader);
    if (c) out.push(c);
  }
  return out;
}

/**
 * Every consequence object is created here with all fields present, so they share one hidden
 * class: objects with varying optional keys, built by spreading, made the property reads in
 * csqEntry megamorphic (measured in docs/adr/0002-annotation-engine-performance.md).
 */
function newConsequence(t: Transcript): TranscriptConsequence {
  return {
    transcript: t,
    terms: [],
    impact: 'MODIFIER',
    exon: undefined,
    intron: undefined,
    hgvsc: undefined,
    hgvsp: undefined,
    cdnaPosition: undefined,
    cdsPosition: undefined,
    proteinPosition: undefined,
    aminoAcids: undefined,
    codons: undefined,
    distanceBp: undefined,
  };
}

type Fields = TranscriptConsequence;

export function annotateTranscript(v: MinimalVariant, p: PreparedTranscript, reader: SequenceReader): TranscriptConsequence | undefined {
  const t = p.transcript;
  if (!overlaps(v, t, false)) return flanking(v, t);
  const fields = newConsequence(t);
  const k = deepIntronSnv(v, p);
  if (k >= 0) {
    // Most WGS variants: no exon, splice or coding work to do.
    const n = p.exons.length;
    fields.terms = deepIntronTerms(p).split('&') as SoTerm[];
    fields.intron = `${t.strand === 1 ? k + 1 : n - 1 - k}/${n - 1}`;
    fields.hgvsc = deepIntronHgvsc(p, k, v);
    return fields;
  }
  if (v.start0 <= t.start0 && v.end0 >= t.end0 && v.end0 > v.start0) {
    fields.exon = `1-${t.exons.length}/${t.exons.length}`;
    return finish(fields, ['transcript_ablation']);
  }
  const terms: SoTerm[] = [];
  const intronic = intronEffects(v, p, terms, fields);
  const exonic = exonEffects(v, p, reader, terms, fields);
  if (!p.coding && exonic) terms.push('non_coding_transcript_exon_variant');
  if (!p.coding && !exonic && intronic) terms.push('non_coding_transcript_variant');
  if (t.biotype === 'nonsense_mediated_decay') terms.push('NMD_transcript_variant');
  fields.hgvsc = hgvsc(p, v, reader);
  return finish(fields, terms);
}

function finish(fields: Fields, terms: SoTerm[]): TranscriptConsequence {
  if (terms.length === 0) terms.push('coding_sequence_variant');
  const sorted = sortTerms(terms);
  fields.terms = sorted;
  fields.impact = impactOf(sorted[0] as SoTerm);
  return fields;
}

function flanking(v: MinimalVariant, t: Transcript): TranscriptConsequence | undefined {
  const before = v.end0 <= t.start0;
  const distanceBp = before ? t.start0 - v.end0 + 1 : v.start0 - t.end0 + 1;
  if (distanceBp > UP_DOWN_DISTANCE_BP) return undefined;
  const upstream = before === (t.strand === 1);
  const c = newConsequence(t);
  c.terms.push(upstream ? 'upstream_gene_variant' : 'downstream_gene_variant');
  c.distanceBp = distanceBp;
  return c;
}

/**
 * For an SNV at least 17 bp inside an intron of `p` (beyond the splice region and the
 * polypyrimidine tract, so only intron terms apply), the ascending index of the exon before that
 * intron; otherwise -1.
 */
export function deepIntronSnv(v: MinimalVariant, p: PreparedTranscript): number {
  if (v.end0 !== v.start0 + 1 || v.ref.length !== 1 || v.alt.length !== 1) return -1;
  const k = firstExonStartingAtOrAfter(p, v.start0 + 1) - 1;
  if (k < 0 || k + 1 >= p.exons.length) return -1;
  if (v.start0 < (p.exons[k] as Interval).end0 + 17 || v.start0 >= (p.exons[k + 1] as Interval).start0 - 17) return -1;
  return k;
}

/** The Consequence field of a deep-intron SNV (intronEffects + annotateTranscript's rules, sorted). */
export function deepIntronTerms(p: PreparedTranscript): string {
  if (p.deepIntronTerms === undefined) {
    let terms = 'intron_variant';
    if (p.transcript.biotype === 'nonsense_mediated_decay') terms += '&NMD_transcript_variant';
    if (!p.coding) terms += '&non_coding_transcript_variant';
    p.deepIntronTerms = terms;
  }
  return p.deepIntronTerms;
}

/** HGVSc of a deep-intron SNV in the intron after ascending exon k (hgvsc() for this case). */
export function deepIntronHgvsc(p: PreparedTranscript, k: number, v: MinimalVariant): string {
  const t = p.transcript;
  const fwd = t.strand === 1;
  const ref = fwd ? v.ref : reverseComplement(v.ref);
  const alt = fwd ? v.alt : reverseComplement(v.alt);
  return `${t.id}:${p.coding ? 'c.' : 'n.'}${intronPosition(p, k, v.start0)}${ref}>${alt}`;
}

/** Exon, UTR and coding terms with cDNA/CDS/protein positions; returns whether any exon is hit. */
function exonEffects(
  v: MinimalVariant,
  p: PreparedTranscript,
  reader: SequenceReader,
  terms: SoTerm[],
  fields: Fields,
): boolean {
  let exLo = Infinity;
  let exHi = -Infinity;
  const t = p.transcript;
  const ins = v.start0 === v.end0;
  // Exons ending before the variant cannot be hit, and none after one starting past its end.
  for (let k = firstExonEndingAtOrAfter(p, v.start0); k < p.exons.length; k++) {
    const e = p.exons[k] as Interval;
    if (e.start0 > v.end0) break;
    const edge = ins && (v.start0 === e.start0 || v.start0 === e.end0) && v.start0 !== t.start0 && v.start0 !== t.end0;
    if (edge || hits(v, e.start0, e.end0)) {
      const number = p.exonNumber[k] as number;
      if (number < exLo) exLo = number;
      if (number > exHi) exHi = number;
    }
  }
  if (exLo > exHi) return false;
  fields.exon = `${numberRange(exLo, exHi)}/${p.exons.length}`;
  const fwd = p.transcript.strand === 1;
  const altTx = fwd ? v.alt : reverseComplement(v.alt);
  if (v.start0 === v.end0) {
    // q: cDNA offset of the base 3' of the insertion (one past the exon's last base at its 3' edge).
    const q3 = cdnaOffset(p, fwd ? v.start0 : v.start0 - 1);
    const q = q3 ?? (cdnaOffset(p, fwd ? v.start0 - 1 : v.start0) as number) + 1;
    fields.cdnaPosition = `${q}-${q + 1}`;
    if (!p.coding) return true;
    if (q <= p.cdsStartCdna0) terms.push('5_prime_UTR_variant');
    else if (q >= p.cdsEndCdna0) terms.push('3_prime_UTR_variant');
    else applyCoding(p, reader, q, q, altTx, terms, fields);
    return true;
  }
  const a = cdnaOffset(p, fwd ? v.start0 : v.end0 - 1);
  const b = cdnaOffset(p, fwd ? v.end0 - 1 : v.start0);
  fields.cdnaPosition = positionRange(a, b, 0);
  if (!p.coding) return true;
  const lo = a ?? firstExonicCdna(p, v, fwd);
  const hi = b ?? lastExonicCdna(p, v, fwd);
  if (lo < p.cdsStartCdna0) terms.push('5_prime_UTR_variant');
  if (hi >= p.cdsEndCdna0) terms.push('3_prime_UTR_variant');
  if (hi < p.cdsStartCdna0 || lo >= p.cdsEndCdna0) return true;
  if (a !== undefined && b !== undefined && inCds(p, a) && inCds(p, b) && b - a + 1 === v.end0 - v.start0) {
    applyCoding(p, reader, a, b + 1, altTx, terms, fields);
    return true;
  }
  // VEP judges start loss only when both ends of the variant map to the cDNA
  // (VariationEffect.pm _overlaps_start_codon needs cdna_start and cdna_end;
  // TranscriptVariation::cdna_start is undef when an end lies in an intron or outside), and
  // only on a real start codon.
  const judged = a !== undefined && b !== undefined;
  if (judged && p.completeStart && lo < p.cdsStartCdna0 + 3 && hi >= p.cdsStartCdna0) {
    if (cdna(p, reader).startsWith('ATG', p.cdsStartCdna0)) {
      terms.push('start_lost');
      pushFrame(v, terms);
      // HGVS: any loss of the start codon is p.Met1? (consequence unknown), as VEP writes it.
      if (p.transcript.proteinId) fields.hgvsp = `${p.transcript.proteinId}:p.Met1?`;
    }
  }
  // A change from inside the CDS over the stop codon into the 3' UTR, or past the transcript's
  // end: VEP 115 and bcftools call it by what happens to the stop, with the indel's frame
  // (stop_lost&inframe_deletion, frameshift_variant&stop_lost), HIGH; only on a real stop
  // codon: IG/TR gene segments end without one (bcftools agrees).
  if (a !== undefined && hi >= p.cdsEndCdna0 - 3 && lo < p.cdsEndCdna0 && endsWithStop(p, reader)) {
    terms.push(stopAfter(p, reader, lo, hi + 1, altTx));
    pushFrame(v, terms);
  }
  // Otherwise it crosses an exon edge or the CDS edge: codons are undefined (VEP's coding_unknown).
  if (!terms.some(codingKnown)) terms.push('coding_sequence_variant');
  const cdsA = inCds(p, a) ? a : undefined;
  const cdsB = inCds(p, b) ? b : undefined;
  fields.cdsPosition = positionRange(cdsA, cdsB, p.cdsStartCdna0 - p.startPad);
  return true;
}

/** An indel's frame term from its length, when its codons cannot be read (it leaves the CDS). */
function pushFrame(v: MinimalVariant, terms: SoTerm[]): void {
  const indel = v.ref.length - v.alt.length;
  if (indel === 0 || terms.includes('frameshift_variant') || terms.includes('inframe_deletion') || terms.includes('inframe_insertion')) return;
  terms.push(indel % 3 !== 0 ? 'frameshift_variant' : indel > 0 ? 'inframe_deletion' : 'inframe_insertion');
}

/** Terms after which VEP's coding_unknown (coding_sequence_variant) does not apply. */
function codingKnown(term: SoTerm): boolean {
  return term === 'stop_lost' || term === 'stop_retained_variant' || term === 'start_lost' || term === 'frameshift_variant' || term === 'inframe_deletion' || term === 'inframe_insertion';
}

function inCds(p: PreparedTranscript, q: number | undefined): q is number {
  return q !== undefined && q >= p.cdsStartCdna0 && q < p.cdsEndCdna0;
}

function firstExonicCdna(p: PreparedTranscript, v: MinimalVariant, fwd: boolean): number {
  let best = Infinity;
  for (const e of p.exons) {
    const s = Math.max(e.start0, v.start0);
    const t = Math.min(e.end0, v.end0);
    if (s < t) best = Math.min(best, cdnaOffset(p, fwd ? s : t - 1) as number);
  }
  return best;
}

function lastExonicCdna(p: PreparedTranscript, v: MinimalVariant, fwd: boolean): number {
  let best = -Infinity;
  for (const e of p.exons) {
    const s = Math.max(e.start0, v.start0);
    const t = Math.min(e.end0, v.end0);
    if (s < t) best = Math.max(best, cdnaOffset(p, fwd ? t - 1 : s) as number);
  }
  return best;
}

function endsWithStop(p: PreparedTranscript, reader: SequenceReader): boolean {
  return translateCodon(cdna(p, reader), p.cdsEndCdna0 - 3) === '*';
}

/** Whether a change across the stop codon's edge leaves a stop codon in place (VEP: stop_retained). */
function stopAfter(p: PreparedTranscript, reader: SequenceReader, q0: number, q1: number, altTx: string): SoTerm {
  const seq = cdna(p, reader);
  const stop0 = p.cdsEndCdna0 - 3;
  if (q0 < stop0) return 'stop_lost';
  const codon = (seq.slice(stop0, q0) + altTx + seq.slice(q1, q1 + 3)).slice(0, 3);
  return translate(codon) === '*' ? 'stop_retained_variant' : 'stop_lost';
}

/** VEP position ranges: `5`, `5-7`, `?-7`, `5-?` (1-based, relative to `origin0`). */
function positionRange(a: number | undefined, b: number | undefined, origin0: number): string {
  if (a !== undefined && a === b) return `${a - origin0 + 1}`;
  return `${a === undefined ? '?' : a - origin0 + 1}-${b === undefined ? '?' : b - origin0 + 1}`;
}

function applyCoding(
  p: PreparedTranscript,
  reader: SequenceReader,
  q0: number,
  q1: number,
  altTx: string,
  terms: SoTerm[],
  fields: Fields,
): void {
  const e: CodingEffect = codingEffect(p, reader, q0, q1, altTx);
  for (let i = 0; i < e.terms.length; i++) terms.push(e.terms[i] as SoTerm);
  const c0 = q0 - p.cdsStartCdna0 + 1 + p.startPad;
  fields.cdsPosition = q0 === q1 ? `${c0 - 1}-${c0}` : q1 - q0 === 1 ? `${c0}` : `${c0}-${q1 - p.cdsStartCdna0 + p.startPad}`;
  fields.proteinPosition = e.proteinPosition;
  fields.aminoAcids = e.aminoAcids;
  fields.codons = e.codons;
  const protein = hgvsp(p, reader, e);
  if (protein && p.transcript.proteinId) fields.hgvsp = `${p.transcript.proteinId}:${protein}`;
}
