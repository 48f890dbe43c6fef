import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SyntheticGenome } from '../genomics/index.js';
import { buildKnowledgeBundle } from '../knowledge/index.js';

/**
 * The demo's knowledge bundle, authored here and labelled demo content (every source's release
 * says `demo`): real HPO ids and labels in a simplified is_a tree, real gene symbols with HPO
 * annotations, ClinGen dosage scores, a PanelApp-style panel and ACMG SF entries in the sources'
 * own file formats, built by the same `buildKnowledgeBundle` as `kiban knowledge build`. The gene
 * symbols are the names the demo genome gives its first coding genes (DEMO_GENE_NAMES), so the
 * demo's calls meet them. Never real curation: a deployment sets KIBAN_KNOWLEDGE_DIR.
 */
export const DEMO_GENE_NAMES = ['SCN1A', 'KCNQ1', 'PAX6', 'FBN1', 'MYH7', 'CFTR', 'GJB2', 'STXBP1', 'KCNH2', 'PKHD1'] as const;

/** [id, label, is_a parents]: labels as HPO writes them; parents shortened to a few levels. */
export const DEMO_HPO_TERMS: [string, string, string[]][] = [
  ['HP:0000001', 'All', []],
  ['HP:0000118', 'Phenotypic abnormality', ['HP:0000001']],
  ['HP:0000707', 'Abnormality of the nervous system', ['HP:0000118']],
  ['HP:0012638', 'Abnormal nervous system physiology', ['HP:0000707']],
  ['HP:0001250', 'Seizure', ['HP:0012638']],
  ['HP:0002373', 'Febrile seizure (within the age range of 3 months to 6 years)', ['HP:0001250']],
  ['HP:0012759', 'Neurodevelopmental abnormality', ['HP:0012638']],
  ['HP:0001249', 'Intellectual disability', ['HP:0012759']],
  ['HP:0001263', 'Global developmental delay', ['HP:0012759']],
  ['HP:0001251', 'Ataxia', ['HP:0012638']],
  ['HP:0001626', 'Abnormality of the cardiovascular system', ['HP:0000118']],
  ['HP:0011025', 'Abnormal cardiovascular system physiology', ['HP:0001626']],
  ['HP:0001657', 'Prolonged QT interval', ['HP:0011025']],
  ['HP:0001279', 'Syncope', ['HP:0011025']],
  ['HP:0001639', 'Hypertrophic cardiomyopathy', ['HP:0001626']],
  ['HP:0002616', 'Aortic root aneurysm', ['HP:0001626']],
  ['HP:0000478', 'Abnormality of the eye', ['HP:0000118']],
  ['HP:0000505', 'Visual impairment', ['HP:0000478']],
  ['HP:0000526', 'Aniridia', ['HP:0000478']],
  ['HP:0000639', 'Nystagmus', ['HP:0000478']],
  ['HP:0001083', 'Ectopia lentis', ['HP:0000478']],
  ['HP:0000545', 'Myopia', ['HP:0000478']],
  ['HP:0000598', 'Abnormality of the ear', ['HP:0000118']],
  ['HP:0000365', 'Hearing impairment', ['HP:0000598']],
  ['HP:0000407', 'Sensorineural hearing impairment', ['HP:0000365']],
  ['HP:0033127', 'Abnormality of the musculoskeletal system', ['HP:0000118']],
  ['HP:0001166', 'Arachnodactyly', ['HP:0033127']],
  ['HP:0002086', 'Abnormality of the respiratory system', ['HP:0000118']],
  ['HP:0002110', 'Bronchiectasis', ['HP:0002086']],
  ['HP:0025031', 'Abnormality of the digestive system', ['HP:0000118']],
  ['HP:0001738', 'Exocrine pancreatic insufficiency', ['HP:0025031']],
  ['HP:0000077', 'Abnormality of the kidney', ['HP:0000118']],
  ['HP:0000113', 'Polycystic kidney dysplasia', ['HP:0000077']],
];

/** Gene → [HPO terms, inheritance as PanelApp/ACMG SF write it, ClinGen haploinsufficiency score]. */
export const DEMO_GENE_KNOWLEDGE: Record<(typeof DEMO_GENE_NAMES)[number], [string[], 'AD' | 'AR', string]> = {
  SCN1A: [['HP:0001250', 'HP:0002373', 'HP:0001249', 'HP:0001263', 'HP:0001251'], 'AD', '3'],
  KCNQ1: [['HP:0001657', 'HP:0001279', 'HP:0000365'], 'AD', '1'],
  PAX6: [['HP:0000526', 'HP:0000505', 'HP:0000639'], 'AD', '3'],
  FBN1: [['HP:0001166', 'HP:0001083', 'HP:0002616', 'HP:0000545'], 'AD', '3'],
  MYH7: [['HP:0001639', 'HP:0001279'], 'AD', '0'],
  CFTR: [['HP:0002110', 'HP:0001738'], 'AR', '30'],
  GJB2: [['HP:0000407', 'HP:0000365'], 'AR', '30'],
  STXBP1: [['HP:0001250', 'HP:0001263', 'HP:0001249'], 'AD', '3'],
  KCNH2: [['HP:0001657', 'HP:0001279'], 'AD', '3'],
  PKHD1: [['HP:0000113'], 'AR', '30'],
};

const SF_GENES = new Set(['KCNQ1', 'FBN1', 'MYH7', 'KCNH2']);

function hpJson(): string {
  const iri = (id: string) => `http://purl.obolibrary.org/obo/${id.replace(':', '_')}`;
  return JSON.stringify({
    graphs: [{
      id: 'http://purl.obolibrary.org/obo/hp.json',
      meta: { version: 'http://purl.obolibrary.org/obo/hp/releases/demo/hp.json' },
      nodes: DEMO_HPO_TERMS.map(([id, lbl]) => ({ id: iri(id), lbl, type: 'CLASS' })),
      edges: DEMO_HPO_TERMS.flatMap(([id, , parents]) => parents.map((p) => ({ sub: iri(id), pred: 'is_a', obj: iri(p) }))),
    }],
  });
}

function genesToPhenotype(): string {
  const label = new Map(DEMO_HPO_TERMS.map(([id, l]) => [id, l]));
  const rows = Object.entries(DEMO_GENE_KNOWLEDGE).flatMap(([gene, [terms]], k) =>
    terms.map((t) => `${90000 + k}\t${gene}\t${t}\t${label.get(t)}\t-\t\t-\tmim2gene\tOMIM:${900000 + k}`));
  return ['#Format: entrez-gene-id<tab>entrez-gene-symbol<tab>HPO-Term-ID<tab>HPO-Term-Name<tab>Frequency-Raw<tab>Frequency-HPO<tab>Additional Info from G-D source<tab>G-D source<tab>disease-ID for link', ...rows, ''].join('\n');
}

function clingenDosage(): string {
  return [
    '#ClinGen Gene Curation Results (Kiban demo content)',
    '#Genomic Locations are reported on the Kiban demo genome',
    '#Gene Symbol\tGene ID\tcytoBand\tGenomic Location\tHaploinsufficiency Score\tHaploinsufficiency Description\tTriplosensitivity Score\tTriplosensitivity Description',
    ...Object.entries(DEMO_GENE_KNOWLEDGE).map(([gene, [, , hi]], k) => `${gene}\t${90000 + k}\tdemo\tdemo\t${hi}\tdemo\t0\tdemo`),
    '',
  ].join('\n');
}

function panelTsv(): string {
  const rows = Object.entries(DEMO_GENE_KNOWLEDGE).map(([gene, [, moi]]) => `9001\t${moi}\t${gene}\t3\tDemo rare disease panel\tDemo\t\tpublic`);
  return ['id\tmode_of_inheritance\tGene\tconfidence_level\tname\tdisease_group\tdisease_sub_group\tstatus', ...rows, ''].join('\n');
}

function acmgSf(): string {
  const rows = Object.entries(DEMO_GENE_KNOWLEDGE).filter(([g]) => SF_GENES.has(g)).map(([gene, [, moi]]) => `${gene}\t0\t${gene}-related disorder (demo)\t0\tCardiovascular\t${moi}\t1.0\tAll P and LP`);
  return ['Gene\tGene MIM\tDisease/Phentyope\tDisorder MIM\tPhenotype Category\tInheritance \tSF List Version\tVariants to report', ...rows, ''].join('\n');
}

/** Returns the bundle directory, building it on first use (well under a second). */
export async function ensureDemoKnowledge(dataDir: string): Promise<string> {
  const bundle = join(dataDir, 'knowledge', 'demo');
  if (existsSync(join(bundle, 'manifest.json'))) return bundle;
  const src = join(dataDir, 'knowledge', 'demo-sources');
  rmSync(src, { recursive: true, force: true });
  mkdirSync(src, { recursive: true });
  const files = {
    hpoOntology: ['hp-demo.json', hpJson()], hpoGenes: ['genes_to_phenotype-demo.txt', genesToPhenotype()],
    clingenDosage: ['clingen-dosage-demo.tsv', clingenDosage()], acmgSf: ['acmg-sf-demo.tsv', acmgSf()], panelapp: ['panelapp-demo.tsv', panelTsv()],
  } as const;
  for (const [name, text] of Object.values(files)) writeFileSync(join(src, name), text);
  const path = (k: keyof typeof files) => join(src, files[k][0]);
  await buildKnowledgeBundle({
    outDir: bundle, hpoOntology: path('hpoOntology'), hpoGenes: path('hpoGenes'), clingenDosage: path('clingenDosage'), acmgSf: path('acmgSf'), panelapp: [path('panelapp')],
  });
  return bundle;
}

/** The demo trio's phenotype: Dravet-like (febrile seizures, seizures, developmental delay). */
export const DEMO_TRIO_HPO = ['HP:0002373', 'HP:0001250', 'HP:0001263'];

/**
 * The demo trio's causal variant: SCN1A's start codon lost (A of ATG → G, start_lost, HIGH),
 * de novo in the proband. Its consequence does not depend on the rest of the synthetic gene model.
 */
export function demoCausalVariant(genome: SyntheticGenome): { chrom: string; pos1: number; ref: string; alt: string } {
  const gene = genome.genes.find((g) => g.name === 'SCN1A' && g.strand === 1);
  const cds = gene?.transcripts.find((t) => t.canonical)?.cds[0];
  if (!gene || !cds) throw new Error('the demo genome has no plus-strand SCN1A with a CDS');
  const contig = genome.contigs.find((c) => c.name === gene.chrom)!;
  return { chrom: gene.chrom, pos1: cds.start0 + 1, ref: contig.sequence[cds.start0]!, alt: 'G' };
}
