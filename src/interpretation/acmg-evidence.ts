import type { Knowledge } from '../knowledge/index.js';
import { classifyVariant, type AcmgResult } from './acmg/classify.js';
import type { KnownPathogenic } from './acmg/protein.js';
import { lofMechanism } from './acmg/pvs1.js';
import { criterionLabel } from './acmg/types.js';
import type { AnnotatedAllele } from './annotated-reader.js';
import type { Family } from './inheritance/ped.js';
import type { PhaseInput } from './acmg/segregation.js';
import type { TrioCall } from './genotype.js';

/** The ACMG summary carried by a ranked variant. */
export interface AcmgSummary {
  acmgClass: string;
  rule: string;
  points: number;
  pointsClass: string;
  /** Met criteria, e.g. `PVS1`, `PM2_Supporting`. */
  criteria: string[];
}

/**
 * Gathers what the knowledge bundle and the annotation say about one allele and classifies it:
 * PVS1's LoF mechanism from ClinGen dosage and ClinVar's LoF density, exon position from CSQ,
 * frequency from the population used for filtering, REVEL from INFO, de novo from the trio.
 * PS1/PM5 from ClinVar's pathogenic records of the gene when the knowledge was built with
 * `--reference` (which gives them protein changes). PM3/BP2 need classified partners: see
 * `classifyGene`.
 */
export function classifyAllele(a: AnnotatedAllele, family: Family, k: Knowledge, phase?: PhaseInput): AcmgResult {
  const versionOf = (key: string) => k.manifest.sources.find((s) => s.key === key);
  const dosage = k.clingenDosage?.find((d) => d.gene === a.gene);
  const dosageSrc = versionOf('clingenDosage');
  const clinvarSrc = versionOf('clinvar');
  const mechanism = lofMechanism({
    gene: a.gene,
    ...(dosage ? { haploinsufficiency: dosage.haploinsufficiency } : {}),
    ...(dosageSrc ? { dosageSource: `${dosageSrc.name} ${dosageSrc.version ?? 'unversioned'}` } : {}),
    clinvarPathogenicLof: k.clinvar?.genes[a.gene]?.plpLof ?? 0,
    ...(clinvarSrc ? { clinvarSource: `${clinvarSrc.name} ${clinvarSrc.version ?? 'unversioned'}` } : {}),
  });
  const [exonNumber, exonCount] = a.exon.split('/').map(Number);
  const proteinPos = Number(a.proteinPosition.split('-')[0]);
  const mother = family.mother ? a.calls[family.mother.id] : undefined;
  const father = family.father ? a.calls[family.father.id] : undefined;
  return classifyVariant({
    allele: alleleKey(a.chrom, a.pos1, a.ref, a.alt),
    consequences: a.consequences,
    ...(a.hgvsp ? { hgvsp: a.hgvsp } : {}),
    transcript: {
      ...(exonNumber && exonCount ? { exonNumber, exonCount } : {}),
      ...(Number.isFinite(proteinPos) && proteinPos > 0 ? { proteinPos } : {}),
    },
    mechanism,
    ...(clinvarSrc && k.clinvar ? { known: { variants: knownPathogenic(k, a.gene), source: `${clinvarSrc.name} ${clinvarSrc.version ?? 'unversioned'}` } } : {}),
    ...(a.afSource ? { frequency: { af: a.af, population: a.afSource } } : {}),
    ...(a.revel !== undefined ? { score: { value: a.revel } } : {}),
    ...(mother && father ? { deNovo: { trio: { proband: a.calls[family.proband]!, mother, father }, parentageConfirmed: false, ...(family.noCallMeansHomRef ? { noCallMeansHomRef: true } : {}) } } : {}),
    ...(phase ? { phase } : {}),
  });
}

/**
 * All alleles of one gene: classified once, then again with PM3/BP2 against the partners that
 * came out pathogenic or likely pathogenic in the first pass (phase from the parents' genotypes;
 * inheritance from ClinGen validity, else PanelApp). Two passes, not a fixpoint: a partner's own
 * PM3 does not feed back (ClinGen SVI's PM3 guidance also counts only classified partners).
 */
export function classifyGene(alleles: AnnotatedAllele[], family: Family, k: Knowledge): AcmgResult[] {
  const first = alleles.map((a) => classifyAllele(a, family, k));
  if (alleles.length < 2 || !family.mother || !family.father) return first;
  const trio = (a: AnnotatedAllele): TrioCall => ({ proband: a.calls[family.proband]!, mother: a.calls[family.mother!.id] ?? { gt: '.' }, father: a.calls[family.father!.id] ?? { gt: '.' } });
  const inheritance = inheritanceOf(alleles[0]!.gene, k);
  return alleles.map((a, i) => {
    const others = alleles
      .map((b, j) => ({ b, r: first[j]! }))
      .filter(({ b }) => b !== a)
      .map(({ b, r }) => ({ label: `${b.chrom}:${b.pos1} ${b.ref}>${b.alt} ${b.hgvsp || b.hgvsc}`, acmgClass: r.combination.acmgClass, trio: trio(b) }));
    return others.length > 0 ? classifyAllele(a, family, k, { trio: trio(a), inheritance, others }) : first[i]!;
  });
}

function inheritanceOf(gene: string, k: Knowledge): string | undefined {
  const curated = k.clingenValidity?.find((v) => v.gene === gene && /Definitive|Strong|Moderate/.test(v.classification));
  if (curated) return curated.moi;
  for (const p of k.panelapp ?? []) {
    const g = p.genes.find((x) => x.symbol === gene && x.confidence === 3);
    if (g) return g.modeOfInheritance;
  }
  return undefined;
}

export function summarise(r: AcmgResult): AcmgSummary {
  return {
    acmgClass: r.combination.acmgClass,
    rule: r.combination.rule,
    points: r.combination.points,
    pointsClass: r.combination.pointsClass,
    criteria: r.criteria.filter((c) => c.met).map(criterionLabel),
  };
}

const byGene = new WeakMap<Knowledge, Map<string, KnownPathogenic[]>>();

/** ClinVar P/LP records with a protein change, per gene (built once per loaded knowledge). */
function knownPathogenic(k: Knowledge, gene: string): KnownPathogenic[] {
  let map = byGene.get(k);
  if (!map) {
    map = new Map();
    for (const v of k.clinvar?.pathogenic ?? []) {
      if (!v.hgvsp) continue;
      let list = map.get(v.gene);
      if (!list) map.set(v.gene, (list = []));
      list.push({ id: v.id, allele: alleleKey(v.chrom, v.pos1, v.ref, v.alt), hgvsp: v.hgvsp, clnsig: v.clnsig });
    }
    byGene.set(k, map);
  }
  return map.get(gene) ?? [];
}

/** ClinVar writes `1`, a case VCF may write `chr1`: compared without the prefix. */
export function alleleKey(chrom: string, pos1: number, ref: string, alt: string): string {
  return `${chrom.replace(/^chr/, '')}:${pos1}:${ref}:${alt}`;
}
