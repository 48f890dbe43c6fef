import { carries, phaseOf, zygosity, type Call, type TrioCall } from '../genotype.js';
import type { Family } from './ped.js';

export type InheritanceMode = 'de_novo' | 'autosomal_dominant' | 'autosomal_recessive_hom' | 'autosomal_recessive_comphet' | 'x_linked';

/** One variant of a gene with the calls of the family's samples (by sample name). */
export interface FamilyVariant {
  key: string;
  chrom: string;
  pos1: number;
  calls: Record<string, Call>;
}

export interface ModeMatch {
  mode: InheritanceMode;
  /** Keys of the variants that make the genotype (one, or two for compound heterozygotes). */
  variants: string[];
  why: string;
}

export interface ModeOptions {
  /** Minimum depth in a parent for "parent is homozygous reference" to support de novo. Default 10. */
  minParentDepth?: number;
  /**
   * A parent call without a depth is a site where the parent has no variant call in a genome that
   * passed QC (the platform's variant store keeps variant calls only): taken as covered
   * homozygous reference for de novo, and said so in the reason.
   */
  noCallMeansHomRef?: boolean;
}

/** GRCh38 pseudoautosomal regions of X (diploid in males; treated as autosomal). */
const PAR_GRCH38: [number, number][] = [[10_001, 2_781_479], [155_701_383, 156_030_895]];

export function isXNonPar(chrom: string, pos1: number): boolean {
  if (chrom !== 'X' && chrom !== 'chrX') return false;
  return !PAR_GRCH38.some(([a, b]) => pos1 >= a && pos1 <= b);
}

function trioOf(v: FamilyVariant, family: Family): TrioCall {
  const get = (id: string | undefined) => (id ? v.calls[id] : undefined);
  const mother = get(family.mother?.id);
  const father = get(family.father?.id);
  return { proband: v.calls[family.proband] ?? { gt: '.' }, ...(mother ? { mother } : {}), ...(father ? { father } : {}) };
}

/**
 * The inheritance modes a gene's variants are compatible with in this family, as Exomiser checks
 * them (full penetrance): an affected parent must carry the genotype, an unaffected one must not.
 * A parent without a sample constrains nothing. Compound heterozygotes need two variants in trans
 * (one from each parent); two from the same parent (in cis) do not count; with a parent missing
 * the phase is unknown and the pair is kept with that said.
 */
export function inheritanceModes(variants: FamilyVariant[], family: Family, options: ModeOptions = {}): ModeMatch[] {
  const out: ModeMatch[] = [];
  const hets: { v: FamilyVariant; trio: TrioCall }[] = [];
  for (const v of variants) {
    const trio = trioOf(v, family);
    const z = zygosity(trio.proband.gt);
    if (z === 'missing' || z === 'hom_ref') continue;
    if (isXNonPar(v.chrom, v.pos1) && family.sex === 'male') {
      const m = xLinkedMale(v, trio, family);
      if (m) out.push(m);
      continue;
    }
    const dn = deNovo(v, trio, options.minParentDepth ?? 10, options.noCallMeansHomRef ?? family.noCallMeansHomRef ?? false);
    if (dn) out.push(dn);
    else if (z === 'het') {
      const ad = dominant(v, trio, family);
      if (ad) out.push(ad);
    }
    if (z === 'hom_alt') {
      const hom = recessiveHom(v, trio, family);
      if (hom) out.push(hom);
    } else if (z === 'het') hets.push({ v, trio });
  }
  out.push(...compoundHets(hets, family));
  return out;
}

function deNovo(v: FamilyVariant, trio: TrioCall, minDepth: number, noCallMeansHomRef: boolean): ModeMatch | undefined {
  if (!trio.mother || !trio.father) return undefined;
  for (const c of [trio.mother, trio.father]) {
    if (zygosity(c.gt) !== 'hom_ref') return undefined;
    if (c.depth === undefined ? !noCallMeansHomRef : c.depth < minDepth) return undefined;
  }
  const dp = (c: Call) => (c.depth === undefined ? 'no call in a QC-passed genome' : `DP ${c.depth}`);
  return { mode: 'de_novo', variants: [v.key], why: `absent in both parents (mother ${dp(trio.mother)}, father ${dp(trio.father)})` };
}

/** Affected parents must carry, unaffected ones must not; returns the reason or undefined if violated. */
function parentsConsistent(trio: TrioCall, family: Family, carriesExpected: (c: Call) => boolean, words: [yes: string, no: string]): string | undefined {
  const notes: string[] = [];
  for (const [who, call, info] of [['mother', trio.mother, family.mother], ['father', trio.father, family.father]] as const) {
    if (!call || !info) continue;
    const has = carriesExpected(call);
    if (info.affected === true && !has) return undefined;
    if (info.affected === false && has) return undefined;
    if (info.affected !== null) notes.push(`${who} ${info.affected ? `affected, ${words[0]}` : `unaffected, ${words[1]}`}`);
  }
  return notes.join('; ');
}

function dominant(v: FamilyVariant, trio: TrioCall, family: Family): ModeMatch | undefined {
  const why = parentsConsistent(trio, family, (c) => carries(c) === true, ['carries it', 'does not carry it']);
  if (why === undefined) return undefined;
  return { mode: 'autosomal_dominant', variants: [v.key], why: `heterozygous${why ? `; ${why}` : ''}` };
}

function recessiveHom(v: FamilyVariant, trio: TrioCall, family: Family): ModeMatch | undefined {
  const why = parentsConsistent(trio, family, (c) => zygosity(c.gt) === 'hom_alt', ['homozygous', 'not homozygous']);
  if (why === undefined) return undefined;
  return { mode: 'autosomal_recessive_hom', variants: [v.key], why: `homozygous${why ? `; ${why}` : ''}` };
}

/** A male proband on X outside the PARs: hemizygous; an unaffected father cannot carry it (he passes Y). */
function xLinkedMale(v: FamilyVariant, trio: TrioCall, family: Family): ModeMatch | undefined {
  if (trio.father && family.father?.affected === false && carries(trio.father)) return undefined;
  if (trio.mother && family.mother?.affected === false && zygosity(trio.mother.gt) === 'hom_alt') return undefined;
  const from = trio.mother === undefined ? 'mother not sequenced' : carries(trio.mother) ? 'from the mother' : 'not in the mother (de novo or mosaic)';
  return { mode: 'x_linked', variants: [v.key], why: `hemizygous in a male; ${from}` };
}

function compoundHets(hets: { v: FamilyVariant; trio: TrioCall }[], family: Family): ModeMatch[] {
  const out: ModeMatch[] = [];
  for (let i = 0; i < hets.length; i++) {
    for (let j = i + 1; j < hets.length; j++) {
      const a = hets[i]!;
      const b = hets[j]!;
      const { phase, why } = phaseOf(a.trio, b.trio);
      if (phase === 'cis') continue;
      // An unaffected parent carrying both would share the genotype.
      const parentHasBoth = (['mother', 'father'] as const).some((who) => family[who]?.affected === false && carries(a.trio[who]) === true && carries(b.trio[who]) === true);
      if (parentHasBoth) continue;
      out.push({ mode: 'autosomal_recessive_comphet', variants: [a.v.key, b.v.key], why: phase === 'trans' ? `in trans (${why})` : `phase unknown (${why})` });
    }
  }
  return out;
}
