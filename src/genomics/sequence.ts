/**
 * Nucleotide helpers shared by the synthetic generator, normalisation and consequence code.
 * Sequences are upper-case ACGTN strings, forward strand unless a name says otherwise.
 */

const COMPLEMENT: Record<string, string> = { A: 'T', C: 'G', G: 'C', T: 'A', N: 'N', a: 't', c: 'g', g: 'c', t: 'a', n: 'n' };

export function reverseComplement(seq: string): string {
  let out = '';
  for (let i = seq.length - 1; i >= 0; i--) out += COMPLEMENT[seq[i] as string] ?? 'N';
  return out;
}

/** The standard genetic code (NCBI table 1), indexed by the codon's base-4 number (TCAG order). */
const AMINO_ACIDS_TCAG = 'FFLLSSSSYY**CC*WLLLLPPPPHHQQRRRRIIIMTTTTNNKKSSRRVVVVAAAADDEEGGGG';
const BASE_INDEX: Record<string, number> = { T: 0, C: 1, A: 2, G: 3 };

/** One-letter amino acid of a codon; `*` for stop, `X` for a codon with N or fewer than 3 bases. */
export function translateCodon(seq: string, offset = 0): string {
  const a = BASE_INDEX[seq[offset] ?? ''];
  const b = BASE_INDEX[seq[offset + 1] ?? ''];
  const c = BASE_INDEX[seq[offset + 2] ?? ''];
  if (a === undefined || b === undefined || c === undefined) return 'X';
  return AMINO_ACIDS_TCAG[a * 16 + b * 4 + c] as string;
}

/** Translates whole codons from `offset`; stops after the first stop codon when `untilStop`. */
export function translate(seq: string, offset = 0, untilStop = false): string {
  let out = '';
  for (let i = offset; i + 3 <= seq.length; i += 3) {
    const aa = translateCodon(seq, i);
    out += aa;
    if (untilStop && aa === '*') break;
  }
  return out;
}

export const STOP_CODONS: readonly string[] = ['TAA', 'TAG', 'TGA'];

/** Three-letter codes as HGVS writes them (`Ter` for stop, `Xaa` for unknown). */
const THREE_LETTER: Record<string, string> = {
  A: 'Ala', R: 'Arg', N: 'Asn', D: 'Asp', C: 'Cys', Q: 'Gln', E: 'Glu', G: 'Gly', H: 'His', I: 'Ile',
  L: 'Leu', K: 'Lys', M: 'Met', F: 'Phe', P: 'Pro', S: 'Ser', T: 'Thr', W: 'Trp', Y: 'Tyr', V: 'Val',
  '*': 'Ter', X: 'Xaa', U: 'Sec',
};

export function threeLetter(peptide: string): string {
  let out = '';
  for (const aa of peptide) out += THREE_LETTER[aa] ?? 'Xaa';
  return out;
}
