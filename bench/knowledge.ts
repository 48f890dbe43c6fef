/**
 * Knowledge bundle and phenotype ranking timings on the shared real sources (../shared/data or
 * KIBAN_SHARED_DATA). Not part of npm test.
 *
 *   node --import tsx bench/knowledge.ts [--runs 5]
 *
 * Figures (median of --runs, each run printed):
 *   build     `buildKnowledgeBundle` of all eleven sources (HPO release 2023-01-27, ClinVar
 *             excerpt, CIViC 2025, PanelApp, ClinGen, ACMG SF v3.2, OncoTree, MANE 1.0);
 *   load      `loadKnowledgeBundle` in this process (JSON.parse of every source file);
 *   index     `PhenotypeIndex` from the HPO ontology + gene annotations (IC per term);
 *   rank      `phenotypeMatches` for one case of 8 HPO terms against every annotated gene
 *             (the "phenotype ranking of all genes for a case in ≤ 100 ms").
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildKnowledgeBundle, loadKnowledgeBundle } from '../src/knowledge/index.js';
import { PhenotypeIndex } from '../src/interpretation/phenotype/ontology.js';
import { phenotypeMatches } from '../src/interpretation/phenotype/resnik.js';
import { sharedData } from '../src/testing/skip.js';
import { describeMachine } from './machine.js';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1] ?? 5) || 5;
const d = (...p: string[]) => sharedData(...p);
if (!existsSync(d('hpo-annotations'))) {
  console.error(`shared data not found at ${d()}; set KIBAN_SHARED_DATA`);
  process.exit(2);
}
// A Dravet-like case: seizures, febrile seizures, ID, ataxia, autism, hypotonia, status epilepticus, EEG abnormality.
const CASE = ['HP:0001250', 'HP:0002373', 'HP:0001249', 'HP:0001251', 'HP:0000729', 'HP:0001252', 'HP:0002133', 'HP:0002353'];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const times: Record<string, number[]> = { build: [], load: [], index: [], rank: [] };
console.log(`command: node --import tsx bench/knowledge.ts --runs ${runs}\n${describeMachine()}`);
for (let r = 0; r < runs; r++) {
  const work = mkdtempSync(join(tmpdir(), 'kiban-bench-knowledge-'));
  const out = join(work, 'kb');
  let t = process.hrtime.bigint();
  await buildKnowledgeBundle({
    outDir: out,
    hpoOntology: d('hpo-annotations/2023-01-27/hp.json.gz'), hpoGenes: d('hpo-annotations/2023-01-27/genes_to_phenotype.txt.gz'),
    hpoDiseases: d('hpo-annotations/2023-01-27/phenotype.hpoa.gz'), clinvar: d('clinvar-grch38-vcf/clinvar-2026-02-26.hereditary-cancer-genes.vcf.gz'),
    civicEvidence: d('civic/2025-accepted/AcceptedClinicalEvidenceSummaries.tsv'), civicVariants: d('civic/2025-accepted/variant-summaries-derived.tsv'),
    panelapp: [d('gene-panels/panelapp-ge/all-panels-genes.tsv')], clingenValidity: d('clingen/Clingen-Gene-Disease-Summary-2025-01-03.csv'),
    clingenDosage: d('clingen/ClinGen_gene_curation_list_GRCh38.tsv'), acmgSf: d('gene-panels/acmg-sf-v3.2/Incidental_Findings.tsv'),
    oncotree: d('oncotree/oncotree_2025_10_03.json'), mane: d('mane/MANE.GRCh38.v1.0.summary.txt.gz'),
  });
  times.build!.push(ms(t));
  t = process.hrtime.bigint();
  const k = loadKnowledgeBundle(out);
  times.load!.push(ms(t));
  t = process.hrtime.bigint();
  const index = new PhenotypeIndex({ terms: k.hpoOntology!.terms, altIds: k.hpoOntology!.altIds, annotations: k.hpoGenes!.genes });
  times.index!.push(ms(t));
  t = process.hrtime.bigint();
  const matches = phenotypeMatches(index, CASE);
  times.rank!.push(ms(t));
  if (r === 0) {
    const top = [...matches.values()].sort((a, b) => b.score - a.score).slice(0, 5).map((m) => `${m.gene} ${m.score}`);
    console.log(`genes scored: ${matches.size}; top 5 for the case: ${top.join(', ')}`);
  }
  rmSync(work, { recursive: true, force: true });
}
for (const [name, xs] of Object.entries(times)) console.log(`${name.padEnd(6)} median ${median(xs).toFixed(1)} ms   runs: ${xs.map((x) => x.toFixed(1)).join(', ')}`);
