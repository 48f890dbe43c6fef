import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { main } from '../cli/main.js';
import { buildKnowledgeBundle } from '../knowledge/index.js';
import * as fx from '../knowledge/fixtures.js';
import { scratchDir } from '../testing/test-db.js';
import { writeSyntheticCase, type SyntheticCase } from './synthetic-case.js';

let dir: ReturnType<typeof scratchDir>;
let sc: SyntheticCase;
let knowledge: string;
let vcf: string;
let ped: string;

async function run(args: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
  let stderr = '';
  let stdout = '';
  const code = await main(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stderr, stdout };
}

before(async () => {
  dir = scratchDir('kiban-prioritise');
  sc = writeSyntheticCase(dir.path, ['SCN1A', 'KCNQ1', 'GENE5', 'PAX6']);
  const files: Record<string, string> = { 'hp.json': fx.hpoOntologyJson(), 'g2p.txt': fx.hpoGenesText(), 'panels.tsv': fx.panelTsvText(), 'dosage.tsv': fx.clingenDosageText() };
  for (const [n, t] of Object.entries(files)) writeFileSync(join(dir.path, n), t);
  knowledge = join(dir.path, 'kb');
  await buildKnowledgeBundle({ outDir: knowledge, hpoOntology: join(dir.path, 'hp.json'), hpoGenes: join(dir.path, 'g2p.txt'), panelapp: [join(dir.path, 'panels.tsv')], clingenDosage: join(dir.path, 'dosage.tsv') });
  // KID (affected son), MUM, DAD; every parent call at depth 30.
  const [scn1a, kcnq1, gene5, pax6] = sc.genes as [typeof sc.genes[0], typeof sc.genes[0], typeof sc.genes[0], typeof sc.genes[0]];
  const rec = (g: typeof scn1a, codonBase: 0 | 1, kid: string, mum: string, dad: string) => {
    const pos = sc.startCodon(g)[codonBase];
    const ref = sc.base(g.chrom, pos);
    const alt = ref === 'A' ? 'G' : 'C';
    return { chrom: g.chrom, pos, line: `${g.chrom}\t${pos}\t.\t${ref}\t${alt}\t50\tPASS\t.\tGT:DP\t${kid}:30\t${mum}:30\t${dad}:30` };
  };
  const records = [
    rec(scn1a, 0, '0/1', '0/0', '0/0'), // de novo
    rec(kcnq1, 0, '0/1', '0/1', '0/0'), // from the unaffected mother: no dominant mode
    rec(gene5, 0, '0/1', '0/1', '0/0'), // two from the mother: in cis
    rec(gene5, 1, '0/1', '0/1', '0/0'),
    rec(pax6, 0, '0/1', '0/1', '0/0'), // one from each parent: in trans
    rec(pax6, 1, '0/1', '0/0', '0/1'),
  ].sort((a, b) => a.chrom.localeCompare(b.chrom) || a.pos - b.pos);
  vcf = join(dir.path, 'trio.vcf');
  writeFileSync(vcf, [
    '##fileformat=VCFv4.2', '##contig=<ID=chr1>', '##contig=<ID=chr2>', '##INFO=<ID=AF,Number=A,Type=Float,Description="gnomAD allele frequency">',
    '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">', '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Depth">',
    '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tKID\tMUM\tDAD', ...records.map((r) => r.line), '',
  ].join('\n'));
  ped = join(dir.path, 'trio.ped');
  writeFileSync(ped, 'F1\tKID\tDAD\tMUM\t1\t2\nF1\tDAD\t0\t0\t1\t1\nF1\tMUM\t0\t0\t2\t1\n');
});
after(() => dir.remove());

test('prioritise --json: the de novo in the phenotype-matched gene first, the in-trans pair next; in-cis and unaffected-parent genes absent', async () => {
  const r = await run(['prioritise', '--vcf', vcf, '--gff3', sc.gff3, '--fasta', sc.fasta, '--knowledge', knowledge, '--hpo', 'HP:0001250,HP:0001249', '--ped', ped, '--json', '--threads', '1']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(lines.map((l) => [l.rank, l.gene, l.score, l.mode]), [
    [1, 'SCN1A', 1, 'de_novo'],
    [2, 'PAX6', 0.5, 'autosomal_recessive_comphet'],
  ]);
  const [scn1a, , , pax6] = sc.genes;
  const v = (lines[0]!.variants as Record<string, unknown>[])[0]!;
  assert.deepEqual([v.chrom, v.pos, v.consequence, v.genotype], [scn1a!.chrom, sc.startCodon(scn1a!)[0], 'start_lost', '0/1']);
  assert.match(String(v.hgvsc), /^T[0-9]+:c\.1A>G$/);
  // ACMG from the knowledge: ClinGen HI 3 → PVS1 (start loss: Moderate); absent from INFO/AF → PM2; trio → PM6.
  assert.deepEqual(v.acmg, { acmgClass: 'Uncertain significance', rule: 'no combination of Table 5 met', points: 5, pointsClass: 'Uncertain significance', criteria: ['PVS1_Moderate', 'PM2_Supporting', 'PM6'] });
  assert.deepEqual((lines[1]!.variants as { pos: number }[]).map((x) => x.pos), sc.startCodon(pax6!).slice(0, 2));
  assert.deepEqual(lines[1]!.explanation, [
    'autosomal_recessive_comphet: in trans (first from mother, second from father)',
    ...(lines[1]!.explanation as string[]).slice(1, 5),
    'phenotype score 0 (Resnik 0)',
    '  HP:0001250 Seizure ~ HP:0000505 via HP:0000118 Phenotypic abnormality (IC 0)',
    '  HP:0001249 Intellectual disability ~ HP:0000505 via HP:0000118 Phenotypic abnormality (IC 0)',
  ]);
  assert.match(r.stderr, /^proband KID; knowledge [0-9a-f]{16}; 2 candidates\n$/);
});

test('prioritise --panel keeps the panel\'s green genes only; --top limits the list', async () => {
  const r = await run(['prioritise', '--vcf', vcf, '--gff3', sc.gff3, '--fasta', sc.fasta, '--knowledge', knowledge, '--ped', ped, '--panel', '402', '--top', '1', '--threads', '1']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.split('\n')[0], '1\tSCN1A\t1\tde_novo');
  assert.match(r.stderr, /panel 402 Demo epilepsy v\? \(1 green genes\); 1 candidates/);
});

test('prioritise refuses a panel or HPO term the knowledge does not have, and a bad PED with its line', async () => {
  const base = ['prioritise', '--vcf', vcf, '--gff3', sc.gff3, '--fasta', sc.fasta, '--knowledge', knowledge, '--threads', '1'];
  const panel = await run([...base, '--ped', ped, '--panel', '999']);
  assert.deepEqual([panel.code, panel.stderr.trim()], [3, 'kiban: panel 999 is not in the knowledge bundle (2 PanelApp panels)']);
  const version = await run([...base, '--ped', ped, '--panel', '402@2.0']);
  assert.deepEqual([version.code, version.stderr.trim()], [3, 'kiban: panel 402 in the knowledge bundle is unversioned (flat TSV), not version 2.0']);
  const term = await run([...base, '--ped', ped, '--hpo', 'HP:0000002']);
  assert.deepEqual([term.code, term.stderr.trim()], [3, 'kiban: HP:0000002 is not a term of the HPO release in the knowledge bundle']);
  const badPed = join(dir.path, 'bad.ped');
  writeFileSync(badPed, `${readFileSync(ped, 'utf8')}F1 X 0 0 1\n`);
  const bad = await run([...base, '--ped', badPed]);
  assert.deepEqual([bad.code, bad.stderr.trim()], [3, `kiban: ${badPed}:4: expected 6 columns (family, individual, father, mother, sex, phenotype), got 5`]);
  const flags = await run([...base.slice(0, 3), '--knowledge', knowledge]);
  assert.deepEqual([flags.code, flags.stderr.trim()], [2, 'kiban: give --reference DIR, or --gff3 with --fasta']);
});
