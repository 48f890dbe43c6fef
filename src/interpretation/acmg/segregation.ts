import { carries, originOf, phaseOf, type TrioCall } from '../genotype.js';
import { met, notMet, type AcmgClass, type Criterion } from './types.js';

export interface DeNovoInput {
  trio: TrioCall;
  /** Maternity and paternity confirmed (e.g. by the lab's sample-identity check). PS2 needs it; else PM6. */
  parentageConfirmed: boolean;
  /** Minimum read depth at the site in each parent for "absent in the parent" to count. Default 10. */
  minParentDepth?: number;
  /** A parent call without a depth is a no-call in a QC-passed genome (see Family.noCallMeansHomRef). */
  noCallMeansHomRef?: boolean;
}

/**
 * PS2 / PM6: the proband carries the allele and both parents are homozygous reference with enough
 * coverage to have seen it. Confirmed parentage gives PS2 (Strong), assumed parentage PM6
 * (Moderate), as Richards 2015 distinguishes them.
 */
export function evaluateDeNovo(input: DeNovoInput): [Criterion, Criterion] {
  const { trio } = input;
  const minDepth = input.minParentDepth ?? 10;
  const no = (why: string): [Criterion, Criterion] => [notMet('PS2', why), notMet('PM6', why)];
  if (!carries(trio.proband)) return no('proband does not carry the allele');
  if (!trio.mother || !trio.father) return no(`not a trio (${!trio.mother ? 'mother' : 'father'} not sequenced)`);
  const origin = originOf(trio);
  if (origin !== 'neither') return no(`inherited or undetermined: allele from ${origin}`);
  for (const [who, call] of [['mother', trio.mother], ['father', trio.father]] as const) {
    if (call.depth === undefined && input.noCallMeansHomRef) continue;
    if (call.depth === undefined || call.depth < minDepth) return no(`${who}'s depth ${call.depth ?? 'unknown'} < ${minDepth}: absence not established`);
  }
  const dp = (depth: number | undefined) => (depth === undefined ? 'no call in a QC-passed genome' : `DP ${depth}`);
  const cover = `absent in mother (${dp(trio.mother.depth)}) and father (${dp(trio.father.depth)})`;
  if (input.parentageConfirmed) return [met('PS2', 'strong', `de novo, parentage confirmed; ${cover}`), notMet('PM6', 'PS2 applies (parentage confirmed)')];
  return [notMet('PS2', 'parentage not confirmed'), met('PM6', 'moderate', `assumed de novo (parentage not confirmed); ${cover}`)];
}

export interface OtherVariant {
  /** How the curator sees it: `chr1:1000 C>T p.Arg97Ter`. */
  label: string;
  acmgClass: AcmgClass;
  trio: TrioCall;
}

export interface PhaseInput {
  trio: TrioCall;
  /** The gene's inheritance: `AR`, `AD`, `XL`… (from PanelApp or ClinGen validity). */
  inheritance: string | undefined;
  others: OtherVariant[];
}

const PLP = (c: AcmgClass) => c === 'Pathogenic' || c === 'Likely pathogenic';

/**
 * PM3: in trans with a pathogenic or likely pathogenic variant, for a recessive disorder. BP2: in
 * cis with a P/LP variant (any inheritance), or in trans with one in a dominant gene. The phase
 * comes from the parents' genotypes (`phaseOf`); an unknown phase triggers neither.
 */
export function evaluatePhase(input: PhaseInput): [Criterion, Criterion] {
  const partners = input.others.filter((o) => PLP(o.acmgClass));
  if (partners.length === 0) return [notMet('PM3', 'no other P/LP variant in the gene'), notMet('BP2', 'no other P/LP variant in the gene')];
  const phased = partners.map((o) => ({ o, ...phaseOf(input.trio, o.trio) }));
  const trans = phased.find((p) => p.phase === 'trans');
  const cis = phased.find((p) => p.phase === 'cis');
  const recessive = input.inheritance !== undefined && /AR|recessive|BIALLELIC/i.test(input.inheritance);
  const dominant = input.inheritance !== undefined && /^AD$|dominant|MONOALLELIC/i.test(input.inheritance);
  const pm3 = trans && recessive
    ? met('PM3', 'moderate', `in trans with ${trans.o.label} (${trans.o.acmgClass}; ${trans.why}); ${input.inheritance} gene`)
    : notMet('PM3', trans ? `in trans with ${trans.o.label}, but the gene is not recessive (${input.inheritance ?? 'inheritance unknown'})` : `phase with ${phased.map((p) => `${p.o.label}: ${p.phase}`).join(', ')}`);
  let bp2: Criterion;
  if (cis) bp2 = met('BP2', 'supporting', `in cis with ${cis.o.label} (${cis.o.acmgClass}; ${cis.why})`);
  else if (trans && dominant) bp2 = met('BP2', 'supporting', `in trans with ${trans.o.label} (${trans.o.acmgClass}) in a dominant gene (${input.inheritance})`);
  else bp2 = notMet('BP2', cis === undefined && trans === undefined ? 'phase unknown' : 'not in cis, and not in trans in a dominant gene');
  return [pm3, bp2];
}
