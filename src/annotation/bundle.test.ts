import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { main } from '../cli/main.js';
import { generateGenome } from '../genomics/synthetic/index.js';
import { requireOrSkip, sharedData } from '../testing/skip.js';
import { scratchDir } from '../testing/test-db.js';
import type { BundleManifest } from './bundle.js';
import { SiteTableReader } from './site-table.js';
import { writeLines, writeSyntheticFiles, type SyntheticFiles } from './synthetic-files.js';

let dir: ReturnType<typeof scratchDir>;
let files: SyntheticFiles;

before(async () => {
  dir = scratchDir('kiban-bundle');
  files = await writeSyntheticFiles(dir.path, generateGenome({ seed: 21, contigs: 2, contigLengthBp: 50_000 }), { seed: 22, count: 200 });
});
after(() => dir.remove());

async function run(args: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
  let stderr = '';
  let stdout = '';
  const code = await main(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stderr, stdout };
}

const dataLines = (path: string) => readFileSync(path, 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('#'));

test('an annotate run with --reference equals one with --gff3/--fasta', async () => {
  const bundle = join(dir.path, 'plain-bundle');
  const built = await run(['reference', 'build', '--gff3', files.gff3, '--fasta', files.fasta, '--out', bundle]);
  assert.equal(built.code, 0, built.stderr);
  const manifest = JSON.parse(readFileSync(join(bundle, 'manifest.json'), 'utf8')) as BundleManifest;
  assert.equal(manifest.formatVersion, 1);
  assert.deepEqual(manifest.sources.map((s) => [s.role, s.sha256]), [
    ['annotation', createHash('sha256').update(readFileSync(files.gff3)).digest('hex')],
    ['sequence', createHash('sha256').update(readFileSync(files.fasta)).digest('hex')],
  ]);
  const a = join(dir.path, 'a.vcf');
  const b = join(dir.path, 'b.vcf');
  assert.equal((await run(['annotate', '--in', files.vcf, '--out', a, '--reference', bundle, '--threads', '1'])).code, 0);
  assert.equal((await run(['annotate', '--in', files.vcf, '--out', b, '--gff3', files.gff3, '--fasta', files.fasta, '--threads', '1'])).code, 0);
  assert.equal(dataLines(a).length, dataLines(b).length);
  assert.deepEqual(dataLines(a), dataLines(b));
});

test('ClinVar and population sites are matched on normalised alleles and added to CSQ', async () => {
  // A record that normalisation moves (OLD_VARIANT): ClinVar lists it normalised, the panel as the
  // input writes it; both must match the annotated (normalised) allele.
  const plain = join(dir.path, 'plain.vcf');
  assert.equal((await run(['annotate', '--in', files.vcf, '--out', plain, '--gff3', files.gff3, '--fasta', files.fasta, '--threads', '1'])).code, 0);
  const moved = dataLines(plain).find((l) => l.includes('OLD_VARIANT=') && !l.includes('OLD_MULTIALLELIC='))!.split('\t');
  const [chrom, pos1, ref, alt] = [moved[0]!, moved[1]!, moved[3]!, moved[4]!];
  const [, oldPos1, oldAlleles] = /OLD_VARIANT=([^:]+):([0-9]+):([^;\t]+)/.exec(moved[7]!)!.slice(1);
  const [oldRef, oldAlt] = oldAlleles!.split('/') as [string, string];
  assert.notEqual(`${pos1}:${ref}:${alt}`, `${oldPos1}:${oldRef}:${oldAlt}`);
  const vcf = (line: string, info: string, extraHeader: string[]) => [
    '##fileformat=VCFv4.2',
    '##fileDate=20240502',
    ...extraHeader,
    '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO',
    `${line}\t.\t.\t${info}`,
  ];
  const clinvar = join(dir.path, 'clinvar.vcf');
  await writeLines(clinvar, vcf(`${chrom}\t${pos1}\t.\t${ref}\t${alt}`, 'CLNSIG=Pathogenic;CLNREVSTAT=criteria_provided,_single_submitter', [
    '##INFO=<ID=CLNSIG,Number=.,Type=String,Description="significance">',
    '##INFO=<ID=CLNREVSTAT,Number=.,Type=String,Description="review status">',
  ]));
  const jpn = join(dir.path, 'jpn.vcf');
  await writeLines(jpn, vcf(`${chrom}\t${oldPos1}\t.\t${oldRef}\t${oldAlt}`, 'AC=5;AN=1000', ['##INFO=<ID=AC,Number=A,Type=Integer,Description="AC">']));
  const bundle = join(dir.path, 'site-bundle');
  const built = await run(['reference', 'build', '--gff3', files.gff3, '--fasta', files.fasta, '--clinvar', clinvar, '--population', `54KJPN=${jpn}`, '--out', bundle]);
  assert.equal(built.code, 0, built.stderr);
  const manifest = JSON.parse(readFileSync(join(bundle, 'manifest.json'), 'utf8')) as BundleManifest;
  assert.deepEqual(manifest.sources.slice(2).map((s) => [s.role, s.name, s.version]), [
    ['clinvar', 'ClinVar', '20240502'],
    ['population', '54KJPN', '20240502'],
  ]);
  const out = join(dir.path, 'sites.vcf');
  assert.equal((await run(['annotate', '--in', files.vcf, '--out', out, '--reference', bundle, '--threads', '1'])).code, 0);
  const header = readFileSync(out, 'utf8').split('\n').find((l) => l.startsWith('##INFO=<ID=CSQ'))!;
  assert.match(header, /\|ClinVar_CLNSIG\|ClinVar_CLNREVSTAT\|54KJPN_AF">$/);
  const annotated = dataLines(out);
  const hit = annotated.find((l) => l.startsWith(`${chrom}\t${pos1}\t.\t${ref}\t${alt}\t`))!;
  // AF = AC/AN = 5/1000 when the panel gives no AF.
  for (const entry of /CSQ=([^;\t]+)/.exec(hit)![1]!.split(',')) {
    assert.ok(entry.endsWith('|Pathogenic|criteria_provided&_single_submitter|0.005'), entry);
  }
  const others = annotated.filter((l) => l !== hit && l.includes('|Pathogenic|'));
  assert.deepEqual(others, []);
});

const GNOMAD = sharedData('clinvar/gnomad-grch38/gnomad-genomes-v4.0.chr1-excerpt.vcf');

test('real gnomAD v4.0 excerpt loads as a population source', async (t) => {
  if (!requireOrSkip(t, existsSync(GNOMAD), `${GNOMAD} is absent (shared reference data)`)) return;
  // No GRCh38 FASTA ships with the data: a chr1 of N with each record's REF written in place.
  const records = readFileSync(GNOMAD, 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('#')).map((l) => l.split('\t'));
  const lengthBp = 55_040_000;
  const seq = Buffer.alloc(lengthBp, 'N');
  for (const r of records) seq.write(r[3]!, Number(r[1]) - 1, 'latin1');
  const fasta = join(dir.path, 'chr1.fa');
  writeFileSync(fasta, Buffer.concat([Buffer.from('>chr1\n'), seq, Buffer.from('\n')]));
  writeFileSync(`${fasta}.fai`, `chr1\t${lengthBp}\t6\t${lengthBp}\t${lengthBp + 1}\n`);
  const bundle = join(dir.path, 'gnomad-bundle');
  const built = await run(['reference', 'build', '--gff3', files.gff3, '--fasta', fasta, '--population', `gnomAD=${GNOMAD}`, '--out', bundle]);
  assert.equal(built.code, 0, built.stderr);
  const manifest = JSON.parse(readFileSync(join(bundle, 'manifest.json'), 'utf8')) as BundleManifest;
  const source = manifest.sources.find((s) => s.role === 'population')!;
  assert.equal(source.version, '4.0'); // from the file name: gnomAD headers name no release
  assert.equal(source.sha256, createHash('sha256').update(readFileSync(GNOMAD)).digest('hex'));
  assert.deepEqual(manifest.sites, [{ name: 'gnomAD', kind: 'population', file: 'sites-population-gnomAD.kbs', fields: ['AC', 'AN', 'AF'], count: 22 }]);
  const table = new SiteTableReader(join(bundle, 'sites-population-gnomAD.kbs'));
  assert.deepEqual(table.lookup('chr1', 55039894, 'G', 'C'), ['8', '152246', '5.25465e-05']);
  assert.deepEqual(table.lookup('chr1', 55039943, 'G', 'T'), ['1', '152280', '6.56685e-06']);
  assert.deepEqual(table.lookup('chr1', 55039925, 'G', 'GCGCA'), ['1', '152290', '6.56642e-06']);
  assert.equal(table.lookup('chr1', 55039894, 'G', 'T'), undefined);
  table.close();
});

test('a failed build leaves no bundle folder behind', async () => {
  const bad = join(dir.path, 'bad-pop.vcf');
  writeFileSync(bad, '##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\nchr1\tx\t.\tA\tC\t.\t.\t.\n');
  const before = readdirSync(dir.path).sort();
  const r = await run(['reference', 'build', '--gff3', files.gff3, '--fasta', files.fasta, '--population', `P=${bad}`, '--out', join(dir.path, 'never')]);
  assert.equal(r.code, 3);
  assert.equal(r.stderr, `kiban: ${bad}:3: POS: expected Integer, got "x"\n`);
  assert.deepEqual(readdirSync(dir.path).sort(), before);
});
