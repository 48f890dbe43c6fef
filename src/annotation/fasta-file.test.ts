import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { BGZF_EOF, compressBgzf } from '../genomics/bgzf/index.js';
import { formatFai } from '../genomics/fasta/index.js';
import { requireOrSkip, sharedData } from '../testing/skip.js';
import { scratchDir } from '../testing/test-db.js';
import { openFasta } from './fasta-file.js';

const SAMD11 = sharedData('genome/bcftools-csq/ENST00000341065/ENST00000341065.fa');

test('plain FASTA without .fai: the index built in memory equals samtools faidx output', async (t) => {
  if (!requireOrSkip(t, existsSync(SAMD11), `${SAMD11} is absent (shared reference data)`)) return;
  const dir = scratchDir('kiban-fasta');
  try {
    const fa = join(dir.path, 'ref.fa');
    copyFileSync(SAMD11, fa);
    const opened = await openFasta(fa);
    assert.equal(formatFai(opened.reader.contigs()), readFileSync(`${SAMD11}.fai`, 'utf8'));
    // SAMD11 exon 1 starts at local 5433 (GFF3); bases checked with awk on the FASTA
    assert.equal(opened.reader.fetch('1', 5432, 5441), 'CGCACATCC');
    opened.close();
  } finally {
    dir.remove();
  }
});

test('bgzipped FASTA: Kiban-written BGZF (index scanned) and bgzip -i (.gzi) read the same bases', async (t) => {
  if (!requireOrSkip(t, existsSync(SAMD11), `${SAMD11} is absent (shared reference data)`)) return;
  const dir = scratchDir('kiban-fasta');
  try {
    const plain = readFileSync(SAMD11);
    const ours = join(dir.path, 'ours.fa.gz');
    // Small blocks so that fetches cross block boundaries.
    const parts: Buffer[] = [];
    for (let i = 0; i < plain.length; i += 1000) parts.push(compressBgzf(plain.subarray(i, i + 1000)));
    writeFileSync(ours, Buffer.concat([...parts, BGZF_EOF]));
    const a = await openFasta(ours);
    assert.equal(a.bgzipped, true);
    assert.equal(a.reader.fetch('1', 5432, 5441), 'CGCACATCC');
    assert.equal(a.reader.fetch('1', 950, 1100), (await openFasta(SAMD11)).reader.fetch('1', 950, 1100));
    a.close();
    const hasBgzip = spawnSync('bgzip', ['--version']).status === 0;
    if (!requireOrSkip(t, hasBgzip, 'bgzip (htslib) is not installed')) return;
    const theirs = join(dir.path, 'theirs.fa');
    copyFileSync(SAMD11, theirs);
    assert.equal(spawnSync('bgzip', ['-i', theirs]).status, 0);
    const b = await openFasta(`${theirs}.gz`);
    assert.equal(b.reader.fetch('1', 19690, 19696), a.reader.fetch('1', 19690, 19696));
    assert.equal(b.reader.contigLength('1'), 19696);
    b.close();
  } finally {
    dir.remove();
  }
});
