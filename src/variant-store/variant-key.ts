import { invalidInput } from '../errors.js';

/**
 * A 63-bit key per normalised allele that sorts like (chrom, pos1): chrom code (7 bits) · pos1
 * (28 bits) · allele code (28 bits). Both stores order rows by it, so region queries and per-sample
 * scans read contiguous blocks (ClickHouse ORDER BY, DuckDB zone maps).
 *
 * The allele code is an exact packing of REF and ALT when both are ACGT and together at most 11
 * bases (SNVs, MNPs and short indels: ~99% of a genome), so those keys cannot collide. Longer or
 * symbolic alleles get bit 27 set and a 27-bit FNV-1a hash; contigs other than 1–22, X, Y, M share
 * hashed codes. Those two cases can collide in theory, so the store compares (chrom, pos1, ref,
 * alt) for hashed keys at commit and refuses a clash instead of merging two variants. A key needs
 * no central counter, so any number of workers can stage in parallel (as seqr's keys do not).
 */
export const MAX_POS1 = 2 ** 28 - 1;
const EXACT_MAX_BASES = 11;
export const HASHED_ALLELE_BIT = 1 << 27;
/** Codes ≥ this are hashed contig names. */
export const FIRST_HASHED_CHROM = 26;

const PRIMARY = new Map<string, number>();
for (let i = 1; i <= 22; i++) PRIMARY.set(String(i), i);
PRIMARY.set('X', 23).set('Y', 24).set('M', 25).set('MT', 25);

const chromCache = new Map<string, number>();

export function chromCode(chrom: string): number {
  let code = chromCache.get(chrom);
  if (code === undefined) {
    const bare = chrom.startsWith('chr') ? chrom.slice(3) : chrom;
    code = PRIMARY.get(bare) ?? FIRST_HASHED_CHROM + (fnv1a(chrom) % (128 - FIRST_HASHED_CHROM));
    chromCache.set(chrom, code);
  }
  return code;
}

const BASE_CODE: Record<string, number> = { A: 0, C: 1, G: 2, T: 3 };

export function alleleCode(ref: string, alt: string): number {
  const total = ref.length + alt.length;
  if (total <= EXACT_MAX_BASES && ref.length < 16) {
    let code = 1; // sentinel: the total length is where the leading 1 sits
    let exact = true;
    for (const s of [ref, alt]) {
      for (let i = 0; i < s.length; i++) {
        const b = BASE_CODE[s[i]!];
        if (b === undefined) {
          exact = false;
          break;
        }
        code = code * 4 + b;
      }
    }
    if (exact) return ref.length * 2 ** 23 + code;
  }
  return HASHED_ALLELE_BIT | (fnv1a(`${ref}>${alt}`) & (HASHED_ALLELE_BIT - 1));
}

export function variantKey(chrom: string, pos1: number, ref: string, alt: string): bigint {
  if (pos1 > MAX_POS1) {
    throw invalidInput('VCF_POS_TOO_LARGE', `POS: ${pos1} is beyond the largest supported position ${MAX_POS1}`, { field: 'POS' });
  }
  const hi = chromCode(chrom) * 2 ** 24 + Math.floor(pos1 / 16);
  const lo = (pos1 % 16) * 2 ** 28 + alleleCode(ref, alt);
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** The (chrom code, pos1) prefix range of keys, for region filters: [lo, hi). */
export function keyRange(chrom: string, start1: number, end1: number): [bigint, bigint] {
  const code = BigInt(chromCode(chrom));
  return [(code << 56n) | (BigInt(start1) << 28n), (code << 56n) | (BigInt(end1 + 1) << 28n)];
}

export function isHashedKey(key: bigint): boolean {
  return (key & BigInt(HASHED_ALLELE_BIT)) !== 0n || Number(key >> 56n) >= FIRST_HASHED_CHROM;
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
