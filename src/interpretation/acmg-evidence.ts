import type { Knowledge } from '../knowledge/index.js';
import { classifyVariant, type AcmgResult } from './acmg/classify.js';
import { lofMechanism } from './acmg/pvs1.js';
import { criterionLabel } from './acmg/types.js';
import type { AnnotatedAllele } from './annotated-reader.js';
import type { Family } from './inheritance/ped.js';

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
 * PS1/PM5 and PM3/BP2 need ClinVar protein changes and a second pass over classified partners;
 * they are listed as not assessed until the knowledge carries them.
 */
export function classifyAllele(a: AnnotatedAllele, family: Family, k: Knowledge): AcmgResult {
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
    allele: `${a.chrom}:${a.pos1}:${a.ref}:${a.alt}`,
    consequences: a.consequences,
    ...(a.hgvsp ? { hgvsp: a.hgvsp } : {}),
    transcript: {
      ...(exonNumber && exonCount ? { exonNumber, exonCount } : {}),
      ...(Number.isFinite(proteinPos) && proteinPos > 0 ? { proteinPos } : {}),
    },
    mechanism,
    ...(a.afSource ? { frequency: { af: a.af, population: a.afSource } } : {}),
    ...(a.revel !== undefined ? { score: { value: a.revel } } : {}),
    ...(mother && father ? { deNovo: { trio: { proband: a.calls[family.proband]!, mother, father }, parentageConfirmed: false } } : {}),
  });
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
