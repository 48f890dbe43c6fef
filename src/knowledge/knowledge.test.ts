import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { main } from '../cli/main.js';
import { requireOrSkip, sharedData } from '../testing/skip.js';
import { scratchDir } from '../testing/test-db.js';
import { buildKnowledgeBundle } from './bundle.js';
import * as fx from './fixtures.js';
import { knowledgeVersions, loadKnowledgeBundle } from './load.js';

let dir: ReturnType<typeof scratchDir>;
const f: Record<string, string> = {};

before(() => {
  dir = scratchDir('kiban-knowledge');
  const write = (name: string, text: string, gzip = false) => {
    f[name] = join(dir.path, gzip ? `${name}.gz` : name);
    writeFileSync(f[name]!, gzip ? gzipSync(text) : text);
  };
  write('hp.json', fx.hpoOntologyJson(), true);
  write('genes_to_phenotype.txt', fx.hpoGenesText(), true);
  write('phenotype.hpoa', fx.hpoDiseasesText());
  write('clinvar.vcf', fx.clinvarVcfText(), true);
  write('civic-evidence.tsv', fx.civicEvidenceText());
  write('civic-variants.tsv', fx.civicVariantsText());
  write('panels.tsv', fx.panelTsvText());
  write('panel_76.json', fx.panelJsonText());
  write('clingen-validity.csv', fx.clingenValidityText());
  write('clingen-dosage.tsv', fx.clingenDosageText());
  write('acmg-sf-v3.2.tsv', fx.acmgSfText());
  write('oncotree_2099_01_01.json', fx.oncotreeJson());
  write('MANE.GRCh38.v9.9.summary.txt', fx.maneText(), true);
});
after(() => dir.remove());

async function run(args: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
  let stderr = '';
  let stdout = '';
  const code = await main(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stderr, stdout };
}

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

test('knowledge build (CLI) records every source with its release and SHA-256, and the loader returns the parsed content', async () => {
  const out = join(dir.path, 'kb-all');
  const r = await run([
    'knowledge', 'build', '--out', out,
    '--hpo-ontology', f['hp.json']!, '--hpo-genes', f['genes_to_phenotype.txt']!, '--hpo-diseases', f['phenotype.hpoa']!,
    '--clinvar', f['clinvar.vcf']!, '--civic-evidence', f['civic-evidence.tsv']!, '--civic-variants', f['civic-variants.tsv']!,
    '--panelapp', f['panels.tsv']!, f['panel_76.json']!, '--clingen-validity', f['clingen-validity.csv']!,
    '--clingen-dosage', f['clingen-dosage.tsv']!, '--acmg-sf', f['acmg-sf-v3.2.tsv']!, '--oncotree', f['oncotree_2099_01_01.json']!,
    '--mane', f['MANE.GRCh38.v9.9.summary.txt']!,
  ]);
  assert.equal(r.code, 0, r.stderr);
  const k = loadKnowledgeBundle(out);
  assert.deepEqual(k.manifest.sources.map((s) => [s.key, s.version, s.count, s.sha256]), [
    ['hpoOntology', '2099-01-01', 11, sha(f['hp.json']!)],
    ['hpoGenes', null, 5, sha(f['genes_to_phenotype.txt']!)],
    ['hpoDiseases', '2099-01-01', 2, sha(f['phenotype.hpoa']!)],
    ['clinvar', '2099-01-01', 5, sha(f['clinvar.vcf']!)],
    ['civicEvidence', '2099-01-02', 2, sha(f['civic-evidence.tsv']!)],
    ['civicVariants', null, 1, sha(f['civic-variants.tsv']!)],
    ['panelapp', null, 2, sha(f['panels.tsv']!)],
    ['panelapp', '76 v3.12', 1, sha(f['panel_76.json']!)],
    ['clingenValidity', null, 1, sha(f['clingen-validity.csv']!)],
    ['clingenDosage', '2099-01-01', 2, sha(f['clingen-dosage.tsv']!)],
    ['acmgSf', '3.2', 2, sha(f['acmg-sf-v3.2.tsv']!)],
    ['oncotree', '2099-01-01', 4, sha(f['oncotree_2099_01_01.json']!)],
    ['mane', '9.9', 1, sha(f['MANE.GRCh38.v9.9.summary.txt']!)],
  ]);
  assert.match(k.manifest.id, /^[0-9a-f]{16}$/);
  assert.equal(r.stdout.split('\n')[0], `knowledge bundle ${out} (id ${k.manifest.id})`);
  // Ontology: labels, parents; the obsolete id in the gene file resolved to its replacement.
  assert.deepEqual(k.hpoOntology!.terms['HP:0001279'], { label: 'Syncope', parents: ['HP:0001626', 'HP:0000707'] });
  assert.deepEqual(k.hpoOntology!.altIds, { 'HP:0009999': 'HP:0001250', 'HP:0007359': 'HP:0001250' });
  assert.deepEqual(k.hpoGenes!.genes['KCNQ1'], ['HP:0001250', 'HP:0001279', 'HP:0001657']);
  // NOT-qualified and inheritance (aspect I) rows are not phenotypes of the disease.
  assert.deepEqual(k.hpoDiseases!.diseases['OMIM:607208'], { name: 'Dravet syndrome', terms: ['HP:0001250'] });
  assert.deepEqual(k.clinvar!.genes['SCN1A'], { plp: 3, plpLof: 2, plpMissense: 1, blbMissense: 1 });
  assert.deepEqual(k.clinvar!.pathogenic.map((v) => `${v.id}:${v.pos1}:${v.ref}>${v.alt}:${v.clnsig}:${v.mc.join('+')}`), [
    '11:1000:C>T:Pathogenic:nonsense', '12:1010:G>A:Likely_pathogenic:missense_variant', '14:1030:AT>A:Pathogenic/Likely_pathogenic:frameshift_variant',
  ]);
  assert.deepEqual(k.civicEvidence![0], {
    id: 'EID101', molecularProfile: 'BRAF V600E', gene: 'BRAF', variant: 'V600E', disease: 'Melanoma', doid: '1909', therapies: ['Dabrafenib', 'Trametinib'],
    evidenceType: 'Predictive', evidenceDirection: 'Supports', evidenceLevel: 'A', significance: 'Sensitivity/Response', rating: 5, variantOrigin: 'Somatic', citation: 'Demo et al., 2099',
  });
  assert.deepEqual(k.civicVariants!['12'], { gene: 'BRAF', variant: 'V600E', hgvs: ['NC_000007.13:g.140453136A>T', 'ENSP00000288602.6:p.Val600Glu'], molecularProfileId: '12' });
  // The versioned panel JSON replaces the TSV rows of the same panel.
  assert.deepEqual(k.panelapp!.map((p) => [p.id, p.version, p.genes.map((g) => `${g.symbol}:${g.confidence}`).join(',')]), [
    ['402', null, 'SCN1A:3,GENE5:2'], ['76', '3.12', 'KCNQ1:3,KCNH2:3,CALM1:2'],
  ]);
  assert.deepEqual(k.clingenValidity, [{ gene: 'SCN1A', hgncId: 'HGNC:10585', disease: 'Dravet syndrome, demo', mondoId: 'MONDO:0100135', moi: 'AD', classification: 'Definitive', date: '2099-01-01' }]);
  assert.deepEqual(k.clingenDosage, [{ gene: 'SCN1A', haploinsufficiency: '3', triplosensitivity: '0' }, { gene: 'GENE5', haploinsufficiency: '30', triplosensitivity: 'Not yet evaluated' }]);
  assert.deepEqual(k.acmgSf![1], { gene: 'CALM1', disease: 'Long-QT syndrome type 14', inheritance: 'AD', addedIn: '3.2', variantsToReport: 'All P and LP' });
  assert.deepEqual(k.oncotree!.map((n) => `${n.code}<${n.parent ?? ''}@${n.level}`), ['TISSUE<@0', 'LUNG<TISSUE@1', 'NSCLC<LUNG@2', 'LUAD<NSCLC@3']);
  assert.equal(k.mane![0]!.ensemblTranscript, 'ENST00000674923.1');
  const shown = await run(['knowledge', 'show', out]);
  assert.deepEqual(shown.stdout.split('\n').slice(0, 2), [`knowledge bundle ${out}: id ${k.manifest.id}, built ${k.manifest.createdAt}`, `  HPO\t2099-01-01\t11\tsha256 ${sha(f['hp.json']!)}`]);
  assert.deepEqual(JSON.parse((await run(['knowledge', 'show', out, '--json'])).stdout), k.manifest);
  assert.equal(knowledgeVersions(k.manifest)['acmgSf'], `ACMG SF 3.2 (sha256 ${sha(f['acmg-sf-v3.2.tsv']!).slice(0, 12)})`);
});

test('a malformed row fails the build with file:line: field, and leaves no bundle behind', async () => {
  const bad = join(dir.path, 'bad-dosage.tsv');
  writeFileSync(bad, fx.clingenDosageText().replace('GENE5\t1\t1p1\tchr1:1-2\t30', 'GENE5\t1\t1p1\tchr1:1-2\thigh'));
  const out = join(dir.path, 'kb-bad');
  const r = await run(['knowledge', 'build', '--out', out, '--acmg-sf', f['acmg-sf-v3.2.tsv']!, '--clingen-dosage', bad]);
  assert.equal(r.code, 3);
  assert.equal(r.stderr.trim().split('\n')[0], `kiban: ${bad}:6: Haploinsufficiency Score: expected 0, 1, 2, 3, 30, 40 or "Not yet evaluated", got "high"`);
  assert.equal(existsSync(out), false);
  assert.deepEqual(readdirSync(dir.path).filter((n) => n.startsWith('kb-bad')), []);
});

test('an unterminated quote in the ACMG SF table names the line where the field opened', async () => {
  const bad = join(dir.path, 'bad-sf.tsv');
  writeFileSync(bad, `${fx.acmgSfText()}BRCA1\t113705\t"Hereditary breast\tx\tCancer\tAD\t1.0\tAll P and LP\r\n`);
  // Line 5: CALM1's quoted category spans lines 3–4.
  await assert.rejects(buildKnowledgeBundle({ outDir: join(dir.path, 'kb-sf'), acmgSf: bad }), {
    code: 'QUOTE_UNTERMINATED', message: `${bad}:5: quoted field is not closed before the end of the file`,
  });
});

test('an annotation source without its ontology is a usage error (exit 2)', async () => {
  const r = await run(['knowledge', 'build', '--out', join(dir.path, 'kb-x'), '--hpo-genes', f['genes_to_phenotype.txt']!]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--hpo-genes needs --hpo-ontology/);
});

test('a gene term missing from the ontology given is refused (mismatched releases)', async () => {
  const genes = join(dir.path, 'g2p-unknown.txt');
  writeFileSync(genes, fx.hpoGenesText().replace('HP:0000505', 'HP:0123456'));
  await assert.rejects(buildKnowledgeBundle({ outDir: join(dir.path, 'kb-u'), hpoOntology: f['hp.json']!, hpoGenes: genes }), {
    code: 'HPO_TERM_UNKNOWN', message: `${genes}: gene PAX6: term HP:0123456 is not in the HPO ontology given (same release?)`,
  });
});

test('a spawned kiban knowledge build writes the same manifest as the in-process one', async () => {
  const inProcess = join(dir.path, 'kb-in');
  const spawned = join(dir.path, 'kb-spawned');
  const args = (out: string) => ['knowledge', 'build', '--out', out, '--acmg-sf', f['acmg-sf-v3.2.tsv']!, '--oncotree', f['oncotree_2099_01_01.json']!];
  assert.equal((await run(args(inProcess))).code, 0);
  const script = "import('./src/cli/main.ts').then(async (m) => { process.exitCode = await m.main(process.argv.slice(1)); })";
  const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', script, ...args(spawned)], { cwd: new URL('../..', import.meta.url).pathname, encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  const manifest = (d: string) => JSON.parse(readFileSync(join(d, 'manifest.json'), 'utf8')) as { id: string; sources: unknown[] };
  assert.equal(child.stdout.split('\n')[0], `knowledge bundle ${spawned} (id ${manifest(inProcess).id})`);
  // Same inputs → same content id and sources, whatever the folder and time.
  assert.deepEqual([manifest(spawned).id, manifest(spawned).sources], [manifest(inProcess).id, manifest(inProcess).sources]);
});

test('the shared real sources build into one bundle with their releases', async (t) => {
  const d = (...p: string[]) => sharedData(...p);
  if (!requireOrSkip(t, existsSync(d('hpo-annotations')) && existsSync(d('clinvar-grch38-vcf')), 'shared data (../shared/data hpo-annotations, clinvar-grch38-vcf, …) not present')) return;
  const out = join(dir.path, 'kb-real');
  const manifest = await buildKnowledgeBundle({
    outDir: out,
    hpoOntology: d('hpo-annotations/2023-01-27/hp.json.gz'),
    hpoGenes: d('hpo-annotations/2023-01-27/genes_to_phenotype.txt.gz'),
    hpoDiseases: d('hpo-annotations/2023-01-27/phenotype.hpoa.gz'),
    clinvar: d('clinvar-grch38-vcf/clinvar-2026-02-26.hereditary-cancer-genes.vcf.gz'),
    civicEvidence: d('civic/2025-accepted/AcceptedClinicalEvidenceSummaries.tsv'),
    civicVariants: d('civic/2025-accepted/variant-summaries-derived.tsv'),
    panelapp: [d('gene-panels/panelapp-ge/all-panels-genes.tsv'), d('gene-panels/panelapp-ge/api/panel_245.json')],
    clingenValidity: d('clingen/Clingen-Gene-Disease-Summary-2025-01-03.csv'),
    clingenDosage: d('clingen/ClinGen_gene_curation_list_GRCh38.tsv'),
    acmgSf: d('gene-panels/acmg-sf-v3.2/Incidental_Findings.tsv'),
    oncotree: d('oncotree/oncotree_2025_10_03.json'),
    mane: d('mane/MANE.GRCh38.v1.0.summary.txt.gz'),
  });
  // Counts from MANIFEST.md: 17,246 HP terms − 371 deprecated; 4,895 genes; 69,302 ClinVar records; …
  assert.deepEqual(manifest.sources.map((s) => `${s.key} ${s.version} ${s.count}`), [
    'hpoOntology 2023-01-27 16875', 'hpoGenes 2023-01-27 4895', 'hpoDiseases 2023-01-27 12604', 'clinvar 2026-02-26 69302',
    'civicEvidence 2025-04-30 4611', 'civicVariants null 1778', 'panelapp null 447', 'panelapp 245 v2.35 1', 'clingenValidity 2025-01-03 2953',
    'clingenDosage 2026-02-06 1624', 'acmgSf 3.2 97', 'oncotree 2025-10-03 898', 'mane 1.0 19120',
  ]);
  const k = loadKnowledgeBundle(out);
  assert.equal(k.hpoOntology!.terms['HP:0001250']!.label, 'Seizure');
  assert.equal(new Set(k.acmgSf!.map((g) => g.gene)).size, 81);
  assert.equal(k.panelapp!.find((p) => p.id === '245')!.genes.filter((g) => g.confidence === 3).length, 82);
  assert.equal(k.civicEvidence!.filter((e) => e.evidenceLevel === 'A').length, 228);
  assert.deepEqual(k.clinvar!.genes['BRCA1'], { plp: 4050, plpLof: 3740, plpMissense: 237, blbMissense: 408 });
});
