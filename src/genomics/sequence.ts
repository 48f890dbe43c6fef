/**
 * Nucleotide helpers shared by the synthetic generator, normalisation and consequence code.
 * Sequences are upper-case ACGTN strings, forward strand unless a name says otherwise.
 */

/** Complement by char code (anything else → N). A table and one String.fromCharCode per chunk
 * instead of a Record lookup and a `+=` per base: reverseComplement was 3–4% of annotation time. */
const COMPLEMENT_CODE = new Uint8Array(65536).fill(78);
for (const [a, b] of ['AT', 'CG', 'GC', 'TA', 'NN', 'at', 'cg', 'gc', 'ta', 'nn']) COMPLEMENT_CODE[a!.charCodeAt(0)] = b!.charCodeAt(0);
const RC_CHUNK = 8192;
const rcBuffer = new Uint16Array(RC_CHUNK);

export function reverseComplement(seq: string): string {
  const n = seq.length;
  if (n === 1) return String.fromCharCode(COMPLEMENT_CODE[seq.charCodeAt(0)] as number);
  let out = '';
  for (let from = n; from > 0; from -= RC_CHUNK) {
    const len = Math.min(RC_CHUNK, from);
    for (let k = 0; k < len; k++) rcBuffer[k] = COMPLEMENT_CODE[seq.charCodeAt(from - 1 - k)] as number;
    out += String.fromCharCode.apply(null, rcBuffer.subarray(0, len) as unknown as number[]);
  }
  return out;
}

/** The standard genetic code (NCBI table 1), indexed by the codon's base-4 number (TCAG order). */
const AMINO_ACIDS_TCAG = 'FFLLSSSSYY**CC*WLLLLPPPPHHQQRRRRIIIMTTTTNNKKSSRRVVVVAAAADDEEGGGG';
/** Base → TCAG index by char code; 64 marks a non-base, so any sum with it is ≥ 64 (→ X). */
const BASE_INDEX = new Uint8Array(65536).fill(64);
BASE_INDEX[84] = 0; // T
BASE_INDEX[67] = 1; // C
BASE_INDEX[65] = 2; // A
BASE_INDEX[71] = 3; // G
const CODON_AA: string[] = [...AMINO_ACIDS_TCAG];

/** One-letter amino acid of a codon; `*` for stop, `X` for a codon with N or fewer than 3 bases. */
export function translateCodon(seq: string, offset = 0): string {
  if (offset < 0 || offset + 3 > seq.length) return 'X';
  const a = BASE_INDEX[seq.charCodeAt(offset)] as number;
  const b = BASE_INDEX[seq.charCodeAt(offset + 1)] as number;
  const c = BASE_INDEX[seq.charCodeAt(offset + 2)] as number;
  if ((a | b | c) >= 64) return 'X';
  return CODON_AA[a * 16 + b * 4 + c] as string;
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
