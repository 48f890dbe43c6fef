import type { Criterion } from './acmg/types.js';
import type { InheritanceMode, ModeMatch } from './inheritance/modes.js';
import type { PhenotypeMatch } from './phenotype/resnik.js';

/** A variant as the ranking sees it: its annotation on the chosen transcript and its evidence. */
export interface RankVariant {
  key: string;
  chrom: string;
  pos1: number;
  ref: string;
  alt: string;
  gene: string;
  consequence: string;
  impact: 'HIGH' | 'MODERATE' | 'LOW' | 'MODIFIER';
  hgvsc: string;
  hgvsp: string;
  genotype: string;
  /** Population allele frequency used, null when unseen. */
  af: number | null;
  /** ClinVar CLNSIG of this exact allele, when the reference bundle has it. */
  clinvar?: string;
  /** The automated ACMG/AMP classification (see acmg-evidence.ts). */
  acmg?: { acmgClass: string; rule: string; points: number; pointsClass: string; criteria: string[] };
  /** Every criterion evaluated (met or not) with strength, evidence and source, for the platform's evidence view. */
  acmgCriteria?: Criterion[];
}

export interface RankedCandidate {
  rank: number;
  gene: string;
  score: number;
  mode: InheritanceMode;
  variantScore: number;
  phenotypeScore: number | null;
  variants: RankVariant[];
  /** Why it ranks here, in order: mode, variants, phenotype. */
  explanation: string[];
  /** The phenotype match term by term, when the case has HPO terms and the gene annotations. */
  phenotype?: { score: number; resnik: number; matches: PhenotypeMatch['matches'] };
}

/** Per-mode frequency ceilings: dominant genotypes must be rarer than recessive carrier alleles. */
export const DEFAULT_MAX_AF: Record<InheritanceMode, number> = {
  de_novo: 0.001, autosomal_dominant: 0.001, x_linked: 0.001, autosomal_recessive_hom: 0.02, autosomal_recessive_comphet: 0.02,
};

const IMPACT_SCORE = { HIGH: 1, MODERATE: 0.8, LOW: 0.3, MODIFIER: 0.1 } as const;

/**
 * A variant's pathogenicity prior in 0–1: the consequence's impact (VEP IMPACT classes) times
 * Exomiser's frequency score, 1.13533 − 0.13533·e^(100·AF) (1 when unseen, ~0.14 at 2%);
 * a ClinVar pathogenic / likely pathogenic allele scores 1.
 */
export function variantScore(v: RankVariant): number {
  if (v.clinvar && /^(Pathogenic|Likely_pathogenic|Pathogenic\/Likely_pathogenic)$/.test(v.clinvar)) return 1;
  const freq = v.af === null ? 1 : Math.min(1, Math.max(0, 1.13533 - 0.13533 * Math.exp(100 * v.af)));
  return IMPACT_SCORE[v.impact] * freq;
}

export interface GeneEvidence {
  gene: string;
  modes: ModeMatch[];
  variants: Map<string, RankVariant>;
  phenotype?: PhenotypeMatch;
}

/**
 * One list, best first. For each gene the best compatible mode counts (its variants' mean
 * variant score; a mode whose variant is more common than the mode allows is dropped); with HPO
 * terms the score is the mean of that and the normalised phenotype score, without them the
 * variant score alone. Ties keep the gene name order, so output is deterministic.
 */
export function rankCandidates(genes: GeneEvidence[], withPhenotype: boolean, maxAf = DEFAULT_MAX_AF): RankedCandidate[] {
  const out: Omit<RankedCandidate, 'rank'>[] = [];
  for (const g of genes) {
    let best: { mode: ModeMatch; score: number } | undefined;
    for (const m of g.modes) {
      const vs = m.variants.map((k) => g.variants.get(k)!);
      if (vs.some((v) => v.af !== null && v.af > maxAf[m.mode])) continue;
      const score = vs.reduce((s, v) => s + variantScore(v), 0) / vs.length;
      if (!best || score > best.score) best = { mode: m, score };
    }
    if (!best) continue;
    const pheno = withPhenotype ? (g.phenotype?.score ?? 0) : null;
    const score = pheno === null ? best.score : (best.score + pheno) / 2;
    const variants = best.mode.variants.map((k) => g.variants.get(k)!);
    out.push({ gene: g.gene, score: round(score), mode: best.mode.mode, variantScore: round(best.score), phenotypeScore: pheno === null ? null : round(pheno), variants, explanation: explain(best.mode, variants, g.phenotype, pheno),
      ...(g.phenotype && pheno !== null ? { phenotype: { score: g.phenotype.score, resnik: g.phenotype.resnik, matches: [...g.phenotype.matches] } } : {}) });
  }
  out.sort((a, b) => b.score - a.score || (a.gene < b.gene ? -1 : a.gene > b.gene ? 1 : 0));
  return out.map((c, k) => ({ rank: k + 1, ...c }));
}

function explain(mode: ModeMatch, variants: RankVariant[], phenotype: PhenotypeMatch | undefined, pheno: number | null): string[] {
  const lines = [`${mode.mode}: ${mode.why}`];
  for (const v of variants) {
    const af = v.af === null ? 'unseen in the population data' : `AF ${v.af}`;
    lines.push(`${v.chrom}:${v.pos1} ${v.ref}>${v.alt} ${v.consequence} ${v.hgvsp || v.hgvsc} (${v.impact}, ${af}${v.clinvar ? `, ClinVar ${v.clinvar}` : ''}): variant score ${round(variantScore(v))}`);
    if (v.acmg) lines.push(`  ACMG ${v.acmg.acmgClass} (${v.acmg.criteria.join(', ') || 'no criteria met'}; points ${v.acmg.points}: ${v.acmg.pointsClass})`);
  }
  if (pheno !== null) {
    if (!phenotype) lines.push('phenotype: the gene has no HPO annotations (score 0)');
    else {
      lines.push(`phenotype score ${phenotype.score} (Resnik ${phenotype.resnik})`);
      for (const m of phenotype.matches) lines.push(`  ${m.query} ${m.queryLabel} ~ ${m.geneTerm} via ${m.mica} ${m.micaLabel} (IC ${m.ic})`);
    }
  }
  return lines;
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
