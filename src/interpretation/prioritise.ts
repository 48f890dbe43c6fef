import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { atLocation, invalidInput } from '../errors.js';
import { annotateVcf, readLines } from '../annotation/index.js';
import { loadKnowledgeBundle, knowledgeVersions, type Knowledge } from '../knowledge/index.js';
import { classifyGene, summarise } from './acmg-evidence.js';
import { readAnnotated, type AnnotatedAllele } from './annotated-reader.js';
import { altCopies } from './genotype.js';
import { inheritanceModes, type FamilyVariant } from './inheritance/modes.js';
import { familyOf, parsePed, type Family } from './inheritance/ped.js';
import { PhenotypeIndex } from './phenotype/ontology.js';
import { phenotypeMatches, type PhenotypeMatch } from './phenotype/resnik.js';
import { DEFAULT_MAX_AF, rankCandidates, type GeneEvidence, type RankedCandidate, type RankVariant } from './rank.js';

export interface PrioritiseOptions {
  vcf: string;
  reference?: string;
  gff3?: string;
  fasta?: string;
  knowledge: string;
  hpo: string[];
  ped?: string;
  proband?: string;
  /** PanelApp panel `ID` or `ID@VERSION`; its green (diagnostic-grade) genes only. */
  panel?: string;
  top?: number;
  threads?: number;
}

export interface PrioritiseResult {
  proband: string;
  knowledgeId: string;
  knowledge: Record<string, string>;
  panel: { id: string; name: string; version: string | null; greenGenes: number } | null;
  candidates: RankedCandidate[];
}

/** Consequences kept besides HIGH and MODERATE impact (Exomiser keeps splice-region too). */
export const KEEP_LOW = new Set(['splice_region_variant', 'splice_donor_5th_base_variant', 'splice_donor_region_variant']);
export const MAX_AF = Math.max(...Object.values(DEFAULT_MAX_AF));

/**
 * `kiban prioritise`: annotate the VCF with the engine, keep rare protein-altering alleles the
 * proband carries (in the panel's green genes when a panel is given), find the inheritance modes
 * the family allows per gene, match the case's HPO terms to each gene, and rank.
 */
export async function prioritise(options: PrioritiseOptions): Promise<PrioritiseResult> {
  const knowledge = loadKnowledgeBundle(options.knowledge);
  const phenotypeIndex = options.hpo.length > 0 ? phenotypeIndexOf(knowledge) : undefined;
  const panel = options.panel === undefined ? null : panelOf(knowledge, options.panel);
  const family = await familyFor(options);
  const scratch = mkdtempSync(join(tmpdir(), 'kiban-prioritise-'));
  try {
    const annotated = join(scratch, 'annotated.vcf');
    await annotateVcf({
      input: options.vcf, output: annotated,
      ...(options.reference ? { reference: options.reference } : { geneModels: options.gff3!, fasta: options.fasta! }),
      ...(options.threads ? { threads: options.threads } : {}),
    });
    const ranked = await rankAnnotated(annotated, family, knowledge, { hpo: options.hpo, ...(phenotypeIndex ? { phenotypeIndex } : {}), ...(panel ? { panelGenes: new Set(panel.genes) } : {}) });
    return {
      proband: family.proband,
      knowledgeId: knowledge.manifest.id,
      knowledge: knowledgeVersions(knowledge.manifest),
      panel: panel && { id: panel.id, name: panel.name, version: panel.version, greenGenes: panel.genes.length },
      candidates: options.top ? ranked.slice(0, options.top) : ranked,
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Ranks the candidates of one family in a VCF already annotated by `kiban annotate` (so that a
 * multi-sample VCF is annotated once and ranked per proband, as the ranking test and bench do).
 */
export async function rankAnnotated(
  annotated: string,
  family: Family,
  knowledge: Knowledge,
  options: { hpo: string[]; phenotypeIndex?: PhenotypeIndex; panelGenes?: Set<string> },
): Promise<RankedCandidate[]> {
  const genes = await collectGenes(annotated, family, knowledge, options.panelGenes);
  return rankGenes(genes, family, knowledge, options);
}

/**
 * Ranks a family's candidate alleles already grouped by gene (from an annotated VCF, or from the
 * variant store in the platform: src/interpretation/from-store.ts).
 */
export function rankGenes(
  genes: Map<string, AnnotatedAllele[]>,
  family: Family,
  knowledge: Knowledge,
  options: { hpo: string[]; phenotypeIndex?: PhenotypeIndex },
): RankedCandidate[] {
  const pheno = options.phenotypeIndex && options.hpo.length > 0 ? phenotypeMatches(options.phenotypeIndex, options.hpo) : undefined;
  const evidence: GeneEvidence[] = [...genes].map(([gene, vs]) => geneEvidence(gene, vs, family, knowledge, pheno?.get(gene)));
  return rankCandidates(evidence, pheno !== undefined);
}

export function phenotypeIndexOf(k: Knowledge): PhenotypeIndex {
  if (!k.hpoOntology || !k.hpoGenes) {
    throw invalidInput('KNOWLEDGE_NO_HPO', `${k.dir}: the knowledge bundle has no HPO ontology and gene annotations (build it with --hpo-ontology and --hpo-genes)`, { field: 'hpo' });
  }
  return new PhenotypeIndex({ terms: k.hpoOntology.terms, altIds: k.hpoOntology.altIds, annotations: k.hpoGenes.genes });
}

/** `ID` or `ID@VERSION` (PanelApp's version, e.g. `76@3.12`): a version the bundle does not hold is refused. */
function panelOf(k: Knowledge, spec: string): { id: string; name: string; version: string | null; genes: string[] } {
  const [id, version] = spec.split('@') as [string, string | undefined];
  const p = k.panelapp?.find((x) => x.id === id);
  if (!p) throw invalidInput('PANEL_UNKNOWN', `panel ${id} is not in the knowledge bundle (${k.panelapp?.length ?? 0} PanelApp panels)`, { field: 'panel' });
  if (version !== undefined && p.version !== version) {
    throw invalidInput('PANEL_VERSION', `panel ${id} in the knowledge bundle is ${p.version ? `version ${p.version}` : 'unversioned (flat TSV)'}, not version ${version}`, { field: 'panel' });
  }
  return { id: p.id, name: p.name, version: p.version, genes: p.genes.filter((g) => g.confidence === 3).map((g) => g.symbol) };
}

async function familyFor(options: PrioritiseOptions): Promise<Family> {
  const samples = await vcfSamples(options.vcf);
  if (options.ped) {
    let ped;
    try {
      ped = parsePed(readFileSync(options.ped, 'utf8'));
    } catch (err) {
      throw atLocation(err, options.ped, (err as { details?: { line?: number } }).details?.line);
    }
    return familyOf(ped, samples, options.proband);
  }
  const proband = options.proband ?? (samples.length === 1 ? samples[0] : undefined);
  if (proband === undefined || !samples.includes(proband)) {
    throw invalidInput('PROBAND_UNKNOWN', `name the proband with --proband (samples in the VCF: ${samples.join(', ') || 'none'})`, { field: 'proband' });
  }
  // Without a PED the sex is unknown: X is read like an autosome.
  return { proband, sex: 'unknown' };
}

async function vcfSamples(path: string): Promise<string[]> {
  for await (const [line] of readLines(path)) {
    if (line.startsWith('#CHROM')) return line.split('\t').slice(9);
    if (!line.startsWith('#')) break;
  }
  return [];
}

async function collectGenes(annotated: string, family: Family, k: Knowledge, panel: Set<string> | undefined): Promise<Map<string, AnnotatedAllele[]>> {
  const samples = [family.proband, family.mother?.id, family.father?.id].filter((s): s is string => s !== undefined);
  const preferred = k.mane ? new Set(k.mane.filter((m) => m.status === 'MANE Select').map((m) => m.ensemblTranscript.replace(/\.[0-9]+$/, ''))) : undefined;
  const keep = (a: AnnotatedAllele) =>
    (altCopies(a.calls[family.proband]?.gt ?? '.') ?? 0) > 0 &&
    (a.impact === 'HIGH' || a.impact === 'MODERATE' || a.consequences.some((c) => KEEP_LOW.has(c))) &&
    (a.af === null || a.af <= MAX_AF) &&
    (!panel || panel.has(a.gene));
  const genes = new Map<string, AnnotatedAllele[]>();
  for await (const a of readAnnotated(annotated, { samples, keep, ...(preferred ? { preferred } : {}) })) {
    let list = genes.get(a.gene);
    if (!list) genes.set(a.gene, (list = []));
    list.push(a);
  }
  return genes;
}

function geneEvidence(gene: string, alleles: AnnotatedAllele[], family: Family, knowledge: Knowledge, phenotype: PhenotypeMatch | undefined): GeneEvidence {
  const key = (a: AnnotatedAllele) => `${a.chrom}:${a.pos1}:${a.ref}:${a.alt}`;
  const fv: FamilyVariant[] = alleles.map((a) => ({ key: key(a), chrom: a.chrom, pos1: a.pos1, calls: a.calls }));
  const acmg = classifyGene(alleles, family, knowledge);
  const variants = new Map<string, RankVariant>(alleles.map((a, i) => [key(a), {
    key: key(a), chrom: a.chrom, pos1: a.pos1, ref: a.ref, alt: a.alt, gene, consequence: a.consequences.join('&'), impact: a.impact,
    hgvsc: a.hgvsc, hgvsp: a.hgvsp, genotype: a.calls[family.proband]?.gt ?? '.', af: a.af, ...(a.clinvar ? { clinvar: a.clinvar } : {}),
    acmg: summarise(acmg[i]!), acmgCriteria: acmg[i]!.criteria,
  }]));
  return { gene, modes: inheritanceModes(fv, family), variants, ...(phenotype ? { phenotype } : {}) };
}
