/**
 * Predicted protein change in HGVS p. notation with three-letter codes, written as Ensembl VEP
 * writes HGVSp by default (TranscriptVariationAllele::hgvs_protein): no parentheses, `p.Lys315=`
 * for a synonymous change, `Ter` for stops, `p.Met1?` for start loss, `delext` when a deletion
 * removes the stop. ClinVar and ClinGen's allele registry name protein changes the same way.
 * `predictedForm` gives HGVS's `p.…` form (VEP's --hgvsp_use_prediction, Kiban's
 * --hgvsp-predicted). Equivalent nucleotide indels give the same alternative protein, so the
 * protein is compared, not the alleles; in-frame deletions, insertions and duplications then
 * follow the 3' rule on the protein (https://hgvs-nomenclature.org/stable/recommendations/protein/).
 */
import { threeLetter, translate } from '../sequence.js';
import type { SequenceReader } from '../types.js';
import type { CodingEffect } from './coding.js';
import { codingTail, protein, type PreparedTranscript } from './prepare.js';

export function hgvsp(p: PreparedTranscript, reader: SequenceReader, e: CodingEffect): string | undefined {
  if (e.terms.includes('start_lost')) return 'p.Met1?';
  if (e.terms.includes('incomplete_terminal_codon_variant')) return undefined;
  const prot = protein(p, reader);
  const tail = codingTail(p, reader);
  const cs = e.p0 - (e.p0 % 3);
  const altFrom = (to?: number) => tail.slice(cs, e.p0) + e.altTx + tail.slice(e.p1, to);
  if (e.frameshift) return frameshift(prot, cs / 3, translate(altFrom(), 0, true));
  const insertionAtBoundary = e.p0 === e.p1 && e.p0 % 3 === 0;
  const ce = insertionAtBoundary ? cs : Math.ceil(Math.max(e.p1, e.p0 + 1) / 3) * 3;
  const refW = translate(tail.slice(cs, ce));
  const altW = translate(altFrom(ce));
  let a = 0;
  while (a < refW.length && a < altW.length && refW[a] === altW[a]) a++;
  let b = 0;
  while (b < refW.length - a && b < altW.length - a && refW[refW.length - 1 - b] === altW[altW.length - 1 - b]) b++;
  const start = cs / 3 + a;
  const refPart = refW.slice(a, refW.length - b);
  let altPart = altW.slice(a, altW.length - b);
  if (refPart === '' && altPart === '') return `p.${aa(prot, cs / 3)}${cs / 3 + 1}=`;
  if (refPart.includes('*') && !altPart.includes('*')) return extension(prot, translate(altFrom(), 0, true), cs / 3, altPart === '');
  const stop = altPart.indexOf('*');
  if (stop >= 0) altPart = altPart.slice(0, stop + 1);
  if (altPart.startsWith('*')) return `p.${aa(prot, start)}${start + 1}Ter`;
  if (refPart === '') return insertion(prot, start, altPart);
  if (altPart === '') return deletion(prot, start, refPart.length);
  const last = start + refPart.length - 1;
  if (refPart.length === 1 && altPart.length === 1) return `p.${aa(prot, start)}${start + 1}${threeLetter(altPart)}`;
  return `p.${aa(prot, start)}${start + 1}${last > start ? `_${aa(prot, last)}${last + 1}` : ''}delins${threeLetter(altPart)}`;
}

function aa(prot: string, i: number): string {
  return threeLetter(prot[i] ?? 'X');
}

/** p.Arg12GlyfsTer5: the first changed residue, then the new stop counted from it as 1. */
function frameshift(prot: string, i0: number, altProt: string): string {
  let k = 0;
  while (k < altProt.length && altProt[k] === prot[i0 + k]) k++;
  if (k >= altProt.length) return `p.${aa(prot, i0)}${i0 + 1}=`;
  const pos = i0 + k;
  const altAa = altProt[k] as string;
  if (altAa === '*') return `p.${aa(prot, pos)}${pos + 1}Ter`;
  if (prot[pos] === '*') return extension(prot, altProt, i0, false);
  const stop = altProt.indexOf('*', k);
  return `p.${aa(prot, pos)}${pos + 1}${threeLetter(altAa)}fsTer${stop >= 0 ? stop - k + 1 : '?'}`;
}

/**
 * p.Ter123GlnextTer45: the stop codon replaced, the new stop counted from it (Mutalyzer's
 * convention, VEP's too). When the change at codon level is a pure deletion of the stop, VEP
 * names no replacing residue: p.Ter123delextTer45.
 */
function extension(prot: string, altProt: string, i0: number, deleted: boolean): string {
  const stopPos = prot.length - 1;
  const ext = altProt.slice(stopPos - i0);
  const first = deleted ? 'del' : threeLetter(ext[0] ?? 'X');
  const next = ext.indexOf('*');
  return `p.Ter${stopPos + 1}${first}extTer${next >= 0 ? next : '?'}`;
}

/** HGVS's predicted form, p.(…), as VEP's --hgvsp_use_prediction writes it; `protein` is `ID:p.…`. */
export function predictedForm(protein: string): string {
  const k = protein.indexOf(':p.');
  if (k < 0 || protein[k + 3] === '(') return protein;
  return `${protein.slice(0, k + 3)}(${protein.slice(k + 3)})`;
}

function insertion(prot: string, start: number, inserted: string): string {
  let s = start;
  let ins = inserted;
  while (s < prot.length - 1 && prot[s] === ins[0]) {
    ins = ins.slice(1) + prot[s];
    s++;
  }
  const n = ins.length;
  if (s - n >= 0 && prot.slice(s - n, s) === ins) {
    return n === 1 ? `p.${aa(prot, s - 1)}${s}dup` : `p.${aa(prot, s - n)}${s - n + 1}_${aa(prot, s - 1)}${s}dup`;
  }
  return `p.${aa(prot, s - 1)}${s}_${aa(prot, s)}${s + 1}ins${threeLetter(ins)}`;
}

function deletion(prot: string, start: number, n: number): string {
  let s = start;
  while (s + n < prot.length - 1 && prot[s] === prot[s + n]) s++;
  return n === 1 ? `p.${aa(prot, s)}${s + 1}del` : `p.${aa(prot, s)}${s + 1}_${aa(prot, s + n - 1)}${s + n}del`;
}
