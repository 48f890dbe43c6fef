import { met, notMet, type Criterion } from './types.js';

/** Whether loss of function is an established disease mechanism for the gene, and from what. */
export interface LofMechanism {
  established: boolean;
  evidence: string;
  source?: string;
}

export interface LofMechanismInput {
  gene: string;
  /** ClinGen haploinsufficiency score as written (`3`, `30`, `Not yet evaluated`), if curated. */
  haploinsufficiency?: string;
  dosageSource?: string;
  /** Pathogenic / likely pathogenic LoF records in ClinVar for the gene. */
  clinvarPathogenicLof?: number;
  clinvarSource?: string;
  /** Minimum ClinVar P/LP LoF records that establish the mechanism. Default 3. */
  minClinvarLof?: number;
}

/**
 * The ClinGen SVI PVS1 tree starts with "is LoF a known mechanism of disease?". Established by a
 * ClinGen haploinsufficiency score of 3 (dominant) or 30 (recessive: biallelic LoF), else by the
 * density of pathogenic LoF variants in ClinVar (default ≥3, as AutoPVS1 uses ClinVar LoF
 * evidence when the gene has no dosage curation).
 */
export function lofMechanism(input: LofMechanismInput): LofMechanism {
  const hi = input.haploinsufficiency;
  if (hi === '3' || hi === '30') {
    const what = hi === '3' ? 'sufficient evidence for haploinsufficiency' : 'autosomal recessive phenotype';
    return { established: true, evidence: `ClinGen haploinsufficiency score ${hi} for ${input.gene} (${what})`, ...(input.dosageSource ? { source: input.dosageSource } : {}) };
  }
  const min = input.minClinvarLof ?? 3;
  const n = input.clinvarPathogenicLof ?? 0;
  if (n >= min) return { established: true, evidence: `${n} pathogenic/likely pathogenic LoF variants in ClinVar for ${input.gene} (≥${min})`, ...(input.clinvarSource ? { source: input.clinvarSource } : {}) };
  const hiText = hi === undefined ? 'no ClinGen dosage curation' : `ClinGen haploinsufficiency score ${hi}`;
  return { established: false, evidence: `LoF is not an established mechanism for ${input.gene}: ${hiText}, ${n} P/LP LoF in ClinVar (<${min})` };
}

export interface Pvs1Input {
  /** VEP/SO consequence terms of the variant on the transcript evaluated (MANE / canonical). */
  consequences: string[];
  /** 1-based exon number and the transcript's exon count (CSQ EXON `3/10`). */
  exonNumber?: number;
  exonCount?: number;
  /**
   * Coding nucleotides from the variant to the 3′ end of the penultimate exon, when the variant
   * is in the penultimate exon (NMD's 50-nt rule); undefined when not known.
   */
  bpToLastJunction?: number;
  /** Protein position of the first changed residue and the protein's length. */
  proteinPos?: number;
  proteinLength?: number;
  /** Length of the exon a canonical splice variant would skip, when known (frame of skipping). */
  skippedExonLengthBp?: number;
  mechanism: LofMechanism;
}

const NULL_TERMS = ['stop_gained', 'frameshift_variant'];
const SPLICE_TERMS = ['splice_donor_variant', 'splice_acceptor_variant'];

/**
 * PVS1 with the main branches of the ClinGen SVI decision tree (Abou Tayoun et al., Hum Mutat
 * 2018;39:1517): nonsense/frameshift predicted to undergo NMD → Very strong; escaping NMD (last
 * exon, or the last 50 nt of the penultimate exon) → Strong when >10% of the protein is removed,
 * else Moderate; canonical ±1,2 splice → as the frame of exon skipping decides; start loss →
 * Moderate. Not automated (a curator's call): the "critical region" and "alternative transcript"
 * branches, which need domain and expression data.
 */
export function evaluatePvs1(input: Pvs1Input): Criterion {
  const isNull = input.consequences.some((c) => NULL_TERMS.includes(c));
  const isSplice = input.consequences.some((c) => SPLICE_TERMS.includes(c));
  const isStartLoss = input.consequences.includes('start_lost');
  if (!isNull && !isSplice && !isStartLoss) return notMet('PVS1', `not a null variant (${input.consequences.join(', ')})`);
  if (!input.mechanism.established) return notMet('PVS1', input.mechanism.evidence, input.mechanism.source);
  const why = (text: string) => `${text}; ${input.mechanism.evidence}`;
  const src = input.mechanism.source;
  if (isStartLoss && !isNull && !isSplice) return met('PVS1', 'moderate', why('start loss (SVI: initiation codon, Moderate without evidence of an in-frame alternative start)'), src);
  if (isNull) {
    const escape = nmdEscape(input);
    if (escape === undefined) return met('PVS1', 'very_strong', why(`${term(input)} predicted to undergo NMD (exon ${input.exonNumber ?? '?'}/${input.exonCount ?? '?'})`), src);
    return truncatedRegion(input, why(`${term(input)} escapes NMD (${escape})`), src);
  }
  if (input.skippedExonLengthBp === undefined) {
    return met('PVS1', 'strong', why('canonical splice site; frame of exon skipping not known, so at most Strong'), src);
  }
  if (input.skippedExonLengthBp % 3 !== 0) {
    const escape = nmdEscape(input);
    if (escape === undefined) return met('PVS1', 'very_strong', why(`canonical splice site; skipping the ${input.skippedExonLengthBp}-bp exon shifts the frame, NMD predicted`), src);
    return truncatedRegion(input, why(`canonical splice site; frameshift escapes NMD (${escape})`), src);
  }
  return truncatedRegion(input, why(`canonical splice site; skipping the ${input.skippedExonLengthBp}-bp exon keeps the frame`), src);
}

function term(input: Pvs1Input): string {
  return input.consequences.find((c) => NULL_TERMS.includes(c)) ?? 'null variant';
}

/** Why the transcript escapes nonsense-mediated decay, or undefined when NMD is predicted. */
function nmdEscape(input: Pvs1Input): string | undefined {
  const { exonNumber: n, exonCount: total } = input;
  if (n === undefined || total === undefined) return undefined;
  if (total === 1) return 'single-exon transcript';
  if (n === total) return `last exon ${n}/${total}`;
  if (n === total - 1 && input.bpToLastJunction !== undefined && input.bpToLastJunction <= 50) {
    return `${input.bpToLastJunction} nt before the last exon junction, ≤50`;
  }
  return undefined;
}

/** SVI: removes >10% of the protein → Strong, else Moderate (critical-region branch left to curators). */
function truncatedRegion(input: Pvs1Input, text: string, source?: string): Criterion {
  if (input.proteinPos === undefined || input.proteinLength === undefined || input.proteinLength <= 0) {
    return met('PVS1', 'moderate', `${text}; fraction of protein removed not known, so Moderate`, source);
  }
  const removed = (input.proteinLength - input.proteinPos + 1) / input.proteinLength;
  const pct = `${(removed * 100).toFixed(1)}% of the protein removed`;
  return removed > 0.1 ? met('PVS1', 'strong', `${text}; ${pct} (>10%)`, source) : met('PVS1', 'moderate', `${text}; ${pct} (≤10%)`, source);
}
