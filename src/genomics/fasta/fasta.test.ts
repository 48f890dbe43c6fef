import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KibanError } from '../../errors.js';
import type { ByteSource } from '../bgzf/random-access.js';
import { FaiBuilder, formatFai } from './fai.js';
import { FastaSequenceReader } from './reader.js';

const FASTA = '>chrA desc\nACGTA\nCCGGT\nTT\n>chrB\nggggcccc\nAA\n';

function memory(bytes: Uint8Array): ByteSource {
  return { size: bytes.length, read: (o, n) => bytes.subarray(o, Math.min(bytes.length, o + n)) };
}

function indexOf(text: string, chunkBytes: number) {
  const bytes = Buffer.from(text, 'latin1');
  const builder = new FaiBuilder();
  for (let i = 0; i < bytes.length; i += chunkBytes) builder.push(bytes.subarray(i, i + chunkBytes));
  return builder.finish();
}

test('FaiBuilder gives samtools faidx values, whatever the chunking', () => {
  const expected = 'chrA\t12\t11\t5\t6\nchrB\t10\t32\t8\t9\n';
  assert.equal(formatFai(indexOf(FASTA, 1 << 16)), expected);
  assert.equal(formatFai(indexOf(FASTA, 3)), expected);
});

test('fetch crosses line ends, upper-cases, and refuses ranges beyond the contig', () => {
  const reader = new FastaSequenceReader(memory(Buffer.from(FASTA)), new Map(indexOf(FASTA, 64).map((e) => [e.name, e])));
  assert.equal(reader.fetch('chrA', 3, 9), 'TACCGG');
  assert.equal(reader.fetch('chrA', 10, 12), 'TT');
  assert.equal(reader.fetch('chrB', 6, 10), 'CCAA');
  assert.equal(reader.contigLength('chrB'), 10);
  assert.throws(() => reader.fetch('chrA', 10, 13), (err: unknown) => {
    assert.ok(err instanceof KibanError);
    assert.equal(err.message, 'chrA:11-13 is outside the contig (length 12)');
    assert.equal(err.details.field, 'POS');
    return true;
  });
  assert.throws(() => reader.fetch('chrZ', 0, 1), /contig chrZ is not in the reference FASTA/);
});

test('a ragged sequence (short line before the last) is refused with its line', () => {
  assert.throws(() => indexOf('>x\nACG\nA\nACG\n', 64), (err: unknown) => {
    assert.ok(err instanceof KibanError);
    assert.equal(err.details.line, 4);
    return true;
  });
});
