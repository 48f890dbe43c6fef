import { met, notMet, type Criterion } from './types.js';

export interface ProteinChange {
  refAa: string;
  pos: number;
  /** Three-letter alternative residue, `Ter`, or `=` for synonymous. */
  altAa: string;
}

/**
 * A substitution in HGVS protein notation, with or without the prediction parentheses and the
 * protein accession: `ENSP…:p.Arg97Trp`, `p.(Arg97Trp)`, `p.Arg97Ter`, `p.Ser455=`. Other
 * changes (frameshifts, indels) return undefined: PS1/PM5 are about single residues.
 */
export function parseProteinChange(hgvsp: string | undefined): ProteinChange | undefined {
  if (!hgvsp) return undefined;
  const text = hgvsp.slice(hgvsp.lastIndexOf(':') + 1);
  const m = /^p\.\(?([A-Z][a-z]{2})([0-9]+)([A-Z][a-z]{2}|=)\)?$/.exec(text);
  return m ? { refAa: m[1]!, pos: Number(m[2]), altAa: m[3]! } : undefined;
}

/** A ClinVar pathogenic / likely pathogenic variant of the same gene with its protein change. */
export interface KnownPathogenic {
  id: string;
  /** Genomic allele key `chrom:pos1:ref:alt` (normalised), to tell a different nucleotide change apart. */
  allele: string;
  hgvsp: string;
  clnsig: string;
}

export interface ResidueInput {
  consequences: string[];
  allele: string;
  hgvsp?: string;
  known: KnownPathogenic[];
  source?: string;
}

const PATHOGENIC_ONLY = (sig: string) => sig === 'Pathogenic' || sig === 'Pathogenic/Likely_pathogenic';

/**
 * PS1: the same amino-acid change as an established pathogenic variant, by a different nucleotide
 * change (Strong; Moderate when the known variant is only likely pathogenic, as ClinGen VCEPs
 * specify). PM5: a different missense change at a residue where a pathogenic missense is known.
 * Splicing effects are not assessed here: a curator checks that neither variant acts by splicing.
 */
export function evaluateResidue(input: ResidueInput): [Criterion, Criterion] {
  const change = parseProteinChange(input.hgvsp);
  if (!input.consequences.includes('missense_variant') || !change || change.altAa === '=' || change.altAa === 'Ter') {
    const why = `not a missense substitution (${input.hgvsp ?? input.consequences.join(', ')})`;
    return [notMet('PS1', why), notMet('PM5', why)];
  }
  const atResidue = input.known
    .filter((k) => k.allele !== input.allele)
    .map((k) => ({ k, c: parseProteinChange(k.hgvsp) }))
    .filter((x) => x.c && x.c.pos === change.pos && x.c.refAa === change.refAa && x.c.altAa !== '=' && x.c.altAa !== 'Ter');
  const same = atResidue.filter((x) => x.c!.altAa === change.altAa);
  const other = atResidue.filter((x) => x.c!.altAa !== change.altAa);
  const list = (xs: typeof atResidue) => xs.map((x) => `${x.k.hgvsp} (ClinVar ${x.k.id}, ${x.k.clnsig})`).join(', ');
  let ps1: Criterion;
  if (same.length === 0) ps1 = notMet('PS1', `no other pathogenic nucleotide change gives ${input.hgvsp}`, input.source);
  else if (same.some((x) => PATHOGENIC_ONLY(x.k.clnsig))) ps1 = met('PS1', 'strong', `same amino-acid change as ${list(same)}`, input.source);
  else ps1 = met('PS1', 'moderate', `same amino-acid change as ${list(same)}; likely pathogenic only`, input.source);
  const pm5 = other.length > 0
    ? met('PM5', 'moderate', `other pathogenic missense at ${change.refAa}${change.pos}: ${list(other)}`, input.source)
    : notMet('PM5', `no other pathogenic missense at ${change.refAa}${change.pos}`, input.source);
  return [ps1, pm5];
}

/**
 * PM4: protein length changed by an in-frame indel outside a repeat, or by stop loss. BP3: an
 * in-frame indel inside a repetitive region. `inRepeat` comes from the caller (sequence context);
 * when it is not known PM4 is applied and the evidence says so, BP3 is not.
 */
export function evaluateLengthChange(consequences: string[], inRepeat: boolean | undefined): [Criterion, Criterion] {
  const inframe = consequences.find((c) => c === 'inframe_insertion' || c === 'inframe_deletion');
  const stopLost = consequences.includes('stop_lost');
  if (!inframe && !stopLost) {
    const why = `protein length unchanged (${consequences.join(', ')})`;
    return [notMet('PM4', why), notMet('BP3', why)];
  }
  if (stopLost) return [met('PM4', 'moderate', 'stop lost: protein extended'), notMet('BP3', 'stop loss, not an in-frame indel')];
  if (inRepeat === true) return [notMet('PM4', `${inframe} in a repetitive region`), met('BP3', 'supporting', `${inframe} in a repetitive region`)];
  const where = inRepeat === false ? 'outside repeats' : 'repeat context not known';
  return [met('PM4', 'moderate', `${inframe} (${where})`), notMet('BP3', `${inframe} ${where}`)];
}

const SPLICE_IMPACT = ['splice_region_variant', 'splice_donor_variant', 'splice_acceptor_variant', 'splice_donor_5th_base_variant', 'splice_donor_region_variant', 'splice_polypyrimidine_tract_variant'];

/**
 * BP7: a synonymous variant with no predicted splice impact: outside the splice region and, when
 * a splice score is given (e.g. SpliceAI Δ max), at or below its threshold (default 0.1, ClinGen
 * SVI 2023 with SpliceAI). Conservation, the original's second condition, is not in the input.
 */
export function evaluateBp7(consequences: string[], splice?: { name: string; value: number; max?: number }): Criterion {
  if (!consequences.includes('synonymous_variant')) return notMet('BP7', `not synonymous (${consequences.join(', ')})`);
  const region = consequences.find((c) => SPLICE_IMPACT.includes(c));
  if (region) return notMet('BP7', `synonymous but ${region}`);
  const max = splice?.max ?? 0.1;
  if (splice && splice.value > max) return notMet('BP7', `synonymous but ${splice.name} ${splice.value} > ${max}`);
  return met('BP7', 'supporting', splice ? `synonymous, outside the splice region, ${splice.name} ${splice.value} ≤ ${max}` : 'synonymous, outside the splice region (no splice score in the input)');
}
