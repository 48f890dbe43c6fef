import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { constants, gunzipSync, gzipSync } from 'node:zlib';
import { main } from '../cli/main.js';
import { generateGenome } from '../genomics/synthetic/index.js';
import { requireOrSkip } from '../testing/skip.js';
import { scratchDir } from '../testing/test-db.js';
import { writeSyntheticFiles, type SyntheticFiles } from './synthetic-files.js';

let dir: ReturnType<typeof scratchDir>;
let files: SyntheticFiles;

before(async () => {
  dir = scratchDir('kiban-annotate');
  files = await writeSyntheticFiles(dir.path, generateGenome({ seed: 11, contigs: 1, contigLengthBp: 60_000 }), {
    seed: 12,
    count: 300,
    samples: 2,
  });
});
after(() => dir.remove());

async function run(args: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
  let stderr = '';
  let stdout = '';
  const code = await main(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stderr, stdout };
}

const annotateArgs = (input: string, output: string, threads = 2) =>
  ['annotate', '--in', input, '--out', output, '--gff3', files.gff3, '--fasta', files.fasta, '--threads', String(threads)];

function dataLines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
}

test('annotate in-process: every record annotated, in input order, plain VCF output', async () => {
  const out = join(dir.path, 'out.vcf');
  const r = await run(annotateArgs(files.vcf, out));
  assert.equal(r.code, 0, r.stderr);
  const input = dataLines(readFileSync(files.vcf, 'utf8'));
  const output = dataLines(readFileSync(out, 'utf8'));
  const multi = input.filter((l) => l.split('\t')[4]!.includes(',')).reduce((n, l) => n + l.split('\t')[4]!.split(',').length - 1, 0);
  assert.equal(output.length, input.length + multi);
  assert.ok(output.every((l) => /;?CSQ=/.test(l.split('\t')[7]!)));
  // Input order: OLD_* tags aside, the i-th input record's first output line has its position or a
  // left-aligned one at most a few bases before it.
  const header = readFileSync(out, 'utf8').split('\n').filter((l) => l.startsWith('##INFO=<ID=CSQ'));
  assert.equal(header.length, 1);
});

test('BGZF output is read by bcftools view, record for record', async (t) => {
  const hasBcftools = spawnSync('bcftools', ['--version']).status === 0;
  const out = join(dir.path, 'out.vcf.gz');
  const r = await run(annotateArgs(files.vcf, out));
  assert.equal(r.code, 0, r.stderr);
  const ours = dataLines(gunzipSync(readFileSync(out)).toString('utf8'));
  if (!requireOrSkip(t, hasBcftools, 'bcftools is not installed (/usr/bin/bcftools)')) return;
  const view = spawnSync('bcftools', ['view', '-H', out], { encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.equal(view.status, 0, view.stderr);
  assert.equal(view.stderr, '');
  assert.deepEqual(dataLines(view.stdout), ours);
});

test('spawned CLI run gives the same output as the in-process run', async () => {
  const inProcess = join(dir.path, 'a.vcf');
  const spawned = join(dir.path, 'b.vcf');
  assert.equal((await run(annotateArgs(files.vcf, inProcess))).code, 0);
  const script = "import('./src/cli/main.ts').then(async (m) => { process.exitCode = await m.main(process.argv.slice(1)); })";
  const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', script, ...annotateArgs(files.vcf, spawned)], {
    cwd: new URL('../..', import.meta.url).pathname,
    encoding: 'utf8',
  });
  assert.equal(child.status, 0, child.stderr);
  assert.match(child.stderr, /^annotated 300 records in /);
  assert.deepEqual(dataLines(readFileSync(spawned, 'utf8')), dataLines(readFileSync(inProcess, 'utf8')));
});

test('--hgvsp-predicted writes HGVSp as p.(…) through the workers, and changes nothing else', async () => {
  const plain = join(dir.path, 'hgvsp-vep.vcf');
  const predicted = join(dir.path, 'hgvsp-predicted.vcf');
  assert.equal((await run(annotateArgs(files.vcf, plain))).code, 0);
  const r = await run([...annotateArgs(files.vcf, predicted), '--hgvsp-predicted']);
  assert.equal(r.code, 0, r.stderr);
  const hgvsp = (file: string) =>
    dataLines(readFileSync(file, 'utf8')).flatMap((l) => (/CSQ=([^;\t]+)/.exec(l)?.[1] ?? '').split(',').map((e) => e.split('|')[11] ?? ''));
  const vep = hgvsp(plain);
  const wrapped = hgvsp(predicted);
  assert.ok(vep.filter(Boolean).length > 20, 'too few HGVSp to compare');
  assert.ok(vep.every((h) => h === '' || /:p\.[A-Z][a-z]{2}\d/.test(h)), 'VEP form: no parentheses');
  assert.deepEqual(wrapped, vep.map((h) => (h === '' ? '' : h.replace(':p.', ':p.(') + ')')));
  const blank = (entry: string) => entry.split('|').map((v, k) => (k === 11 ? '' : v)).join('|');
  const withoutHgvsp = (file: string) => dataLines(readFileSync(file, 'utf8')).map((l) => l.replace(/CSQ=([^;\t]+)/, (_, csq: string) => csq.split(',').map(blank).join(',')));
  assert.deepEqual(withoutHgvsp(predicted), withoutHgvsp(plain));
});

/** Each malformed input: exit 3, the exact message, and nothing left in the output folder. */
const MALFORMED: { name: string; edit: (lines: string[]) => string[]; message: (file: string) => string }[] = [
  { name: 'missing ##fileformat', edit: (l) => l.slice(1), message: (f) => `${f}:1: header: missing ##fileformat line (not a VCF file?)` },
  {
    name: 'missing #CHROM line',
    edit: (l) => l.filter((x) => !x.startsWith('#CHROM')),
    message: (f) => `${f}:${HEADER_LINES}: header: missing #CHROM line before the first record`,
  },
  { name: 'short line', edit: (l) => withRecord(l, 5, (c) => c.slice(0, 5)), message: (f) => `${f}:${HEADER_LINES + 5}: expected at least 8 tab-separated columns, got 5` },
  { name: 'sample column missing', edit: (l) => withRecord(l, 7, (c) => c.slice(0, 10)), message: (f) => `${f}:${HEADER_LINES + 7}: expected 2 sample columns after FORMAT, got 1` },
  { name: 'non-integer POS', edit: (l) => withRecord(l, 3, (c) => set(c, 1, '12x')), message: (f) => `${f}:${HEADER_LINES + 3}: POS: expected Integer, got "12x"` },
  { name: 'bad REF', edit: (l) => withRecord(l, 4, (c) => set(c, 3, 'AZ')), message: (f) => `${f}:${HEADER_LINES + 4}: REF: expected bases A, C, G, T or N, got "AZ"` },
  { name: 'bad ALT', edit: (l) => withRecord(l, 4, (c) => set(c, 4, 'A-')), message: (f) => `${f}:${HEADER_LINES + 4}: ALT: expected bases, <ID>, a breakend or *, got "A-"` },
  {
    name: 'GT beyond ALT',
    edit: (l) => withRecord(l, 250, (c) => set(set(c, 4, c[4]!.split(',')[0]!), 9, `0/2${c[9]!.slice(3)}`)),
    message: (f) => `${f}:${HEADER_LINES + 250}: FORMAT/GT: allele index 2 is beyond ALT (1 allele) in sample S1`,
  },
  {
    name: 'INFO type',
    edit: (l) => withRecord(withMeta(l), 2, (c) => set(c, 7, 'DP=abc')),
    message: (f) => `${f}:${HEADER_LINES + 3}: INFO/DP: expected Integer, got "abc"`,
  },
  {
    name: 'GT beyond ALT',
    edit: (l) => withRecord(l, 3, (c) => set(c, 9, '0/7')),
    message: (f) => `${f}:${HEADER_LINES + 3}: FORMAT/GT: allele index 7 is beyond ALT (1 allele) in sample ${sampleNames(f)[0]}`,
  },
];

let HEADER_LINES = 0;
function withRecord(lines: string[], n: number, edit: (cols: string[]) => string[]): string[] {
  const index = lines.findIndex((l) => l.startsWith('#CHROM')) + n;
  return lines.map((l, i) => (i === index ? edit(l.split('\t')).join('\t') : l));
}
function set(cols: string[], i: number, v: string): string[] {
  return cols.map((c, k) => (k === i ? v : c));
}
function sampleNames(file: string): string[] {
  const columns = readFileSync(file, 'utf8').split('\n').find((l) => l.startsWith('#CHROM'))!;
  return columns.split('\t').slice(9);
}
function withMeta(lines: string[]): string[] {
  return [lines[0]!, '##INFO=<ID=DP,Number=1,Type=Integer,Description="Depth">', ...lines.slice(1)];
}

for (const c of MALFORMED) {
  test(`malformed input refused: ${c.name}`, async () => {
    const lines = readFileSync(files.vcf, 'utf8').split('\n').filter((l) => l !== '');
    HEADER_LINES = lines.findIndex((l) => l.startsWith('#CHROM')) + 1;
    const caseDir = scratchDir('kiban-bad');
    try {
      const input = join(caseDir.path, 'in.vcf');
      writeFileSync(input, `${c.edit(lines).join('\n')}\n`);
      const r = await run(annotateArgs(input, join(caseDir.path, 'out.vcf.gz'), 1));
      assert.equal(r.stderr, `kiban: ${c.message(input)}\n`);
      assert.equal(r.code, 3);
      assert.deepEqual(readdirSync(caseDir.path), ['in.vcf']);
    } finally {
      caseDir.remove();
    }
  });
}

/**
 * Issue 10: a count that disagrees with Number in a field Kiban only passes through, and keys
 * without a header line, are not fatal (bcftools, VEP and snpEff annotate such files; the
 * bcftools csq test set frame2.vcf has one). Each field is warned about once, naming its first
 * line; the summary counts every occurrence; the values are carried through unchanged.
 */
test('pass-through INFO counts and keys without a header line: warned once per field, carried through', async () => {
  const lines = readFileSync(files.vcf, 'utf8').split('\n').filter((l) => l !== '');
  HEADER_LINES = lines.findIndex((l) => l.startsWith('#CHROM')) + 1;
  let edited = withMeta(lines);
  // Records 2 and 5: DP with two values (Number=1); records 3 and 4: an undeclared INFO key XU;
  // record 4: an undeclared FORMAT key XF on every sample.
  for (const n of [2, 5]) edited = withRecord(edited, n, (c) => set(c, 7, 'DP=3,4'));
  for (const n of [3, 4]) edited = withRecord(edited, n, (c) => set(c, 7, 'XU=a,b'));
  edited = withRecord(edited, 4, (c) => c.map((v, k) => (k === 8 ? `${v}:XF` : k > 8 ? `${v}:1` : v)));
  const caseDir = scratchDir('kiban-warn');
  try {
    const input = join(caseDir.path, 'in.vcf');
    writeFileSync(input, `${edited.join('\n')}\n`);
    const out = join(caseDir.path, 'out.vcf');
    const r = await run(annotateArgs(input, out, 2));
    assert.equal(r.code, 0, r.stderr);
    const first = HEADER_LINES + 1; // the file line of record 1 (withMeta added a line)
    const note = '(warning; each field is reported once, on its first line)';
    const [w1, w2, w3, summary, rest] = r.stderr.split('\n');
    assert.deepEqual([w1, w2, w3, rest], [
      `${input}:${first + 2}: INFO/DP: expected 1 value (Number=1), got 2 ${note}`,
      `${input}:${first + 3}: INFO/XU: no header line; value carried through unchanged ${note}`,
      `${input}:${first + 4}: FORMAT/XF: no header line; value carried through unchanged ${note}`,
      '',
    ]);
    assert.match(summary!, /^annotated 300 records in [0-9.]+ s \([0-9]+\/s, 2 threads, 5 warnings\) → /);
    const key = (cols: string[]) => [cols[0], cols[1], cols[3], cols[4]].join(':');
    const byAllele = new Map(dataLines(edited.join('\n')).map((l) => [key(l.split('\t')), l]));
    let compared = 0;
    for (const l of dataLines(readFileSync(out, 'utf8'))) {
      const cols = l.split('\t');
      const original = byAllele.get(key(cols))?.split('\t');
      if (!original) continue; // split or left-aligned records
      compared++;
      assert.equal(cols[7]!.replace(/;?(?:OLD_VARIANT|CSQ)=[^;]*/g, ''), original[7] === '.' ? '' : original[7]);
      assert.deepEqual(cols.slice(8), original.slice(8));
    }
    assert.ok(compared > 250, `${compared} records compared`);
  } finally {
    caseDir.remove();
  }
});

test('malformed input refused: truncated gzip', async () => {
  const caseDir = scratchDir('kiban-bad');
  try {
    const input = join(caseDir.path, 'in.vcf.gz');
    const whole = gzipSync(readFileSync(files.vcf));
    const truncated = whole.subarray(0, whole.length - 200);
    writeFileSync(input, truncated);
    // The line that was cut: one after the whole lines that the truncated stream still holds.
    const held = gunzipSync(truncated, { finishFlush: constants.Z_SYNC_FLUSH }).toString('latin1');
    const cutLine = held.split('\n').length;
    const r = await run(annotateArgs(input, join(caseDir.path, 'out.vcf'), 1));
    assert.equal(r.stderr, `kiban: ${input}:${cutLine}: gzip: truncated input (unexpected end of file)\n`);
    assert.equal(r.code, 3);
    assert.deepEqual(readdirSync(caseDir.path), ['in.vcf.gz']);
  } finally {
    caseDir.remove();
  }
});
