/**
 * Codon-level effects of a variant wholly inside one CDS stretch of the cDNA: VEP's coding
 * predicates (VariationEffect.pm) applied to the affected codons, plus Amino_acids, Codons and
 * Protein_position in VEP's formats. Coordinates here are "padded CDS" offsets: 0 is the first
 * base of codon 1, counting the bases missing from a partial first codon (cds_start_NF).
 */
import { translate, translateCodon } from '../sequence.js';
import type { SequenceReader } from '../types.js';
import { codingTail, type PreparedTranscript } from './prepare.js';
import type { SoTerm } from './terms.js';

export interface CodingEffect {
  terms: SoTerm[];
  aminoAcids: string;
  codons: string;
  proteinPosition: string;
  /** Padded-CDS range of the change and the inserted bases, for HGVSp. */
  p0: number;
  p1: number;
  altTx: string;
  frameshift: boolean;
}

/** q0/q1: cDNA offsets (half-open, transcript orientation) inside the CDS; altTx: inserted bases, transcript orientation. */
export function codingEffect(p: PreparedTranscript, reader: SequenceReader, q0: number, q1: number, altTx: string): CodingEffect {
  const tail = codingTail(p, reader);
  const shift = p.startPad - p.cdsStartCdna0;
  const p0 = q0 + shift;
  const p1 = q1 + shift;
  const cdsLen = p.cdsEndCdna0 + shift;
  const frameshift = (altTx.length - (p1 - p0)) % 3 !== 0;
  const insertion = p0 === p1;
  const cs = insertion && p0 % 3 === 0 ? p0 : p0 - (p0 % 3);
  const whole = insertion && p0 % 3 === 0 ? p0 : Math.min(Math.ceil(Math.max(p1, p0 + 1) / 3) * 3, tail.length);
  // A partial last codon (cds_end_NF) ends where the CDS does, as VEP's codon does (tA/tG, X).
  const partialEnd = cdsLen % 3 !== 0 && whole > cdsLen - (cdsLen % 3);
  const ce = partialEnd ? Math.max(cdsLen, p1) : whole;
  const refCodons = tail.slice(cs, ce);
  const altCodons = tail.slice(cs, p0) + altTx + tail.slice(p1, ce);
  const refPep = partialEnd ? `${translate(refCodons)}X` : translate(refCodons);
  // VEP translates the whole codons of a frameshifted allele and writes X for the partial one
  // (K/KX for one base inserted inside a Lys codon, K/X for one deleted, -/X between codons).
  const altPep = frameshift || partialEnd ? `${translate(altCodons)}X` : translate(altCodons);
  const terms: SoTerm[] = [];
  // Judge start loss only where codon 1 really is ATG: Ensembl GFF3 often omits cds_start_NF.
  const realStart = p.completeStart && tail.startsWith('ATG');
  if (partialEnd) terms.push('incomplete_terminal_codon_variant', 'coding_sequence_variant');
  else if (frameshift) frameshiftTerms(realStart, tail, cdsLen, p0, p1, altTx, terms);
  else inframeTerms(realStart, tail, { p0, p1, altTx, refPep, altPep }, terms);
  return {
    terms,
    aminoAcids: refPep === altPep ? refPep : `${refPep || '-'}/${altPep || '-'}`,
    codons: codonsField(refCodons, altCodons, p0 - cs, p1 - cs, altTx.length),
    proteinPosition: proteinPosition(cs, ce, insertion && p0 % 3 === 0),
    p0,
    p1,
    altTx,
    frameshift,
  };
}

function frameshiftTerms(
  realStart: boolean,
  tail: string,
  cdsLen: number,
  p0: number,
  p1: number,
  altTx: string,
  terms: SoTerm[],
): void {
  terms.push('frameshift_variant');
  if (realStart && p0 < 3 && !(p0 === p1 && p0 === 0)) terms.push('start_lost');
  const stop0 = cdsLen - 3;
  if (translateCodon(tail, stop0) === '*' && p1 > stop0 && p0 < cdsLen) {
    const alt = tail.slice(0, p0) + altTx + tail.slice(p1, p1 + 3);
    if (translateCodon(alt, stop0) !== '*') terms.push('stop_lost');
  }
}

interface Inframe {
  p0: number;
  p1: number;
  altTx: string;
  refPep: string;
  altPep: string;
}

function inframeTerms(realStart: boolean, tail: string, x: Inframe, terms: SoTerm[]): void {
  const refLen = x.p1 - x.p0;
  const altLen = x.altTx.length;
  let start: SoTerm | undefined;
  if (realStart && x.p0 < 3) {
    const altStart = (tail.slice(0, x.p0) + x.altTx + tail.slice(x.p1, x.p1 + 3)).slice(0, 3);
    start = altStart === 'ATG' ? 'start_retained_variant' : 'start_lost';
    if (start === 'start_lost' || refLen === altLen) {
      terms.push(start);
      if (start === 'start_lost') return;
    }
  }
  const refStop = x.refPep.indexOf('*');
  const altStop = x.altPep.indexOf('*');
  if (altStop >= 0 && refStop < 0) terms.push('stop_gained');
  if (refStop >= 0 && altStop < 0) terms.push('stop_lost');
  if (refStop >= 0 && altStop === refStop && x.refPep.slice(0, refStop) === x.altPep.slice(0, altStop)) {
    terms.push('stop_retained_variant');
  }
  if (refLen === altLen) {
    if (x.refPep === x.altPep) {
      if (refStop < 0 && start === undefined) terms.push('synonymous_variant');
    } else if (terms.length === 0) {
      terms.push('missense_variant');
    }
    return;
  }
  if (terms.includes('stop_retained_variant')) return;
  if (refLen > 0 && altLen > 0 && isComplexPeptideChange(x.refPep, x.altPep)) terms.push('protein_altering_variant');
  else terms.push(altLen > refLen ? 'inframe_insertion' : 'inframe_deletion');
}

/** Both a removed and an added amino acid remain after trimming the shared ends. */
function isComplexPeptideChange(refPep: string, altPep: string): boolean {
  let a = 0;
  while (a < refPep.length && a < altPep.length && refPep[a] === altPep[a]) a++;
  let b = 0;
  while (b < refPep.length - a && b < altPep.length - a && refPep[refPep.length - 1 - b] === altPep[altPep.length - 1 - b]) b++;
  return refPep.length - a - b > 0 && altPep.length - a - b > 0;
}

/** VEP's Codons: flanking bases lower-case, changed bases upper-case, `-` for none. */
function codonsField(refCodons: string, altCodons: string, from: number, to: number, altLen: number): string {
  const ref = refCodons.slice(0, from).toLowerCase() + refCodons.slice(from, to) + refCodons.slice(to).toLowerCase();
  const alt = altCodons.slice(0, from).toLowerCase() + altCodons.slice(from, from + altLen) + altCodons.slice(from + altLen).toLowerCase();
  return `${ref || '-'}/${alt || '-'}`;
}

function proteinPosition(cs: number, ce: number, betweenCodons: boolean): string {
  if (betweenCodons) return `${cs / 3}-${cs / 3 + 1}`;
  const a = cs / 3 + 1;
  const b = Math.ceil(ce / 3);
  return a === b ? `${a}` : `${a}-${b}`;
}
