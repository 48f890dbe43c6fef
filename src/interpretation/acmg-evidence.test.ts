import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { main } from '../cli/main.js';
import { translateCodon } from '../genomics/index.js';
import * as fx from '../knowledge/fixtures.js';
import { scratchDir } from '../testing/test-db.js';
import { writeSyntheticCase } from './synthetic-case.js';

const dir = scratchDir('kiban-acmg-evidence');
after(() => dir.remove());

async function run(args: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
  let stderr = '';
  let stdout = '';
  const code = await main(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stderr, stdout };
}

/** Two bases at the first position of codon 2 that give two different missense residues. */
function twoMissense(codon: string): [string, string] {
  const alts = ['A', 'C', 'G', 'T'].filter((b) => b !== codon[0]);
  const aa = (b: string) => translateCodon(b + codon.slice(1));
  const ok = alts.filter((b) => aa(b) !== '*' && aa(b) !== translateCodon(codon));
  const pair = ok.find((b) => ok.some((c) => aa(c) !== aa(b)));
  if (!pair) throw new Error(`codon ${codon}: no two distinct missense changes at base 1`);
  return [pair, ok.find((c) => aa(c) !== aa(pair))!];
}

test('PM5 end to end: ClinVar pathogenic missense annotated at build time (--reference), a de novo missense at the same residue in the case', async () => {
  const sc = writeSyntheticCase(dir.path, ['SCN1A']);
  const g = sc.genes[0]!;
  const pos = sc.startCodon(g)[0] + 3; // codon 2, base 1
  const codon = sc.base(g.chrom, pos) + sc.base(g.chrom, pos + 1) + sc.base(g.chrom, pos + 2);
  const [clinvarAlt, caseAlt] = twoMissense(codon);
  const ref = join(dir.path, 'ref');
  assert.equal((await run(['reference', 'build', '--gff3', sc.gff3, '--fasta', sc.fasta, '--out', ref])).code, 0);
  const clinvar = join(dir.path, 'clinvar.vcf');
  writeFileSync(clinvar, fx.clinvarVcfText().split('\n').filter((l) => l.startsWith('#')).concat(
    `${g.chrom}\t${pos}\t999\t${codon[0]}\t${clinvarAlt}\t.\t.\tCLNREVSTAT=reviewed_by_expert_panel;CLNSIG=Pathogenic;GENEINFO=SCN1A:6323;MC=SO:0001583|missense_variant`, '',
  ).join('\n'));
  writeFileSync(join(dir.path, 'dosage.tsv'), fx.clingenDosageText());
  const kb = join(dir.path, 'kb');
  const built = await run(['knowledge', 'build', '--out', kb, '--clinvar', clinvar, '--clingen-dosage', join(dir.path, 'dosage.tsv'), '--reference', ref, '--threads', '1']);
  assert.equal(built.code, 0, built.stderr);
  const manifest = JSON.parse(readFileSync(join(kb, 'manifest.json'), 'utf8')) as { sources: { key: string; derivedWith?: string }[] };
  assert.equal(manifest.sources[0]!.derivedWith, 'protein changes of 1 P/LP records from genes.gff3 unversioned (sha256 ' + manifest.sources[0]!.derivedWith!.split('sha256 ')[1]);
  const stored = JSON.parse(readFileSync(join(kb, 'clinvar.json'), 'utf8')) as { pathogenic: { hgvsp?: string }[] };
  const refAa = translateCodon(codon);
  assert.match(stored.pathogenic[0]!.hgvsp!, new RegExp(`:p\\.\\(?[A-Z][a-z]{2}2[A-Z][a-z]{2}\\)?$`));
  const vcf = join(dir.path, 'trio.vcf');
  writeFileSync(vcf, [
    '##fileformat=VCFv4.2', '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">', '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Depth">',
    '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tKID\tMUM\tDAD',
    `${g.chrom}\t${pos}\t.\t${codon[0]}\t${caseAlt}\t50\tPASS\t.\tGT:DP\t0/1:30\t0/0:30\t0/0:30`, '',
  ].join('\n'));
  const ped = join(dir.path, 'trio.ped');
  writeFileSync(ped, 'F1 KID DAD MUM 2 2\nF1 DAD 0 0 1 1\nF1 MUM 0 0 2 1\n');
  const r = await run(['prioritise', '--vcf', vcf, '--reference', ref, '--knowledge', kb, '--ped', ped, '--json', '--threads', '1']);
  assert.equal(r.code, 0, r.stderr);
  const [line] = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { gene: string; variants: { consequence: string; acmg: { criteria: string[]; acmgClass: string; points: number } }[] });
  assert.equal(line!.gene, 'SCN1A');
  assert.equal(line!.variants[0]!.consequence, 'missense_variant');
  assert.notEqual(refAa, '*');
  // No population source in this VCF (no INFO/AF header, no bundle population): PM2 not assessed.
  assert.deepEqual(line!.variants[0]!.acmg, { acmgClass: 'Uncertain significance', rule: 'no combination of Table 5 met', points: 4, pointsClass: 'Uncertain significance', criteria: ['PM5', 'PM6'] });
});
