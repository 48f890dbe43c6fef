import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KibanError } from '../../errors.js';
import { memoryReader } from '../synthetic/index.js';
import { normalizeRecord } from './index.js';

//                 1234 56789012 345 6789 0123
const sequence = 'CGTA' + 'CACACACA' + 'TTT' + 'GGGG' + 'ATCG';
const reader = memoryReader([{ name: 'chrT', sequence }]);

function norm(pos1: number, ref: string, alts: string[]) {
  return normalizeRecord({ chrom: 'chrT', pos1, ref, alts }, reader).map(({ pos1, ref, alt, kind, altNumber }) => ({
    pos1,
    ref,
    alt,
    kind,
    altNumber,
  }));
}

describe('normalizeRecord', () => {
  it('left-aligns a dinucleotide deletion to the start of the repeat', () => {
    // The repeat is ACACACACA (A4…A12); minus one AC/CA, the leftmost form is anchor T3 deleting A4 C5.
    assert.deepEqual(norm(10, 'ACA', ['A']), [{ pos1: 3, ref: 'TAC', alt: 'T', kind: 'deletion', altNumber: 1 }]);
  });

  it('left-aligns a dinucleotide insertion', () => {
    assert.deepEqual(norm(12, 'A', ['ACA']), [{ pos1: 3, ref: 'T', alt: 'TAC', kind: 'insertion', altNumber: 1 }]);
  });

  it('left-aligns an insertion in a homopolymer onto the base before it', () => {
    assert.deepEqual(norm(19, 'G', ['GG']), [{ pos1: 15, ref: 'T', alt: 'TG', kind: 'insertion', altNumber: 1 }]);
  });

  it('left-aligns a deletion written with a right anchor', () => {
    // GGGGA -> GGGA: delete one G, leftmost anchor is T15.
    assert.deepEqual(norm(19, 'GA', ['A']), [{ pos1: 15, ref: 'TG', alt: 'T', kind: 'deletion', altNumber: 1 }]);
  });

  it('trims an MNP with shared bases to an SNV, and keeps a true MNP', () => {
    assert.deepEqual(norm(2, 'GTA', ['CTA', 'GCA', 'CAA']), [
      { pos1: 2, ref: 'G', alt: 'C', kind: 'snv', altNumber: 1 },
      { pos1: 3, ref: 'T', alt: 'C', kind: 'snv', altNumber: 2 },
      { pos1: 2, ref: 'GT', alt: 'CA', kind: 'mnp', altNumber: 3 },
    ]);
  });

  it('splits a multi-allelic record and traces each ALT back', () => {
    const out = normalizeRecord({ chrom: 'chrT', pos1: 16, ref: 'GGGGA', alts: ['G', 'GGGGT'] }, reader);
    assert.deepEqual(
      out.map((a) => [a.pos1, a.ref, a.alt, a.kind, a.altNumber]),
      [
        [16, 'GGGGA', 'G', 'deletion', 1],
        [20, 'A', 'T', 'snv', 2],
      ],
    );
    assert.deepEqual(out[1]?.original, { chrom: 'chrT', pos1: 16, ref: 'GGGGA', alts: ['G', 'GGGGT'] });
  });

  it('reports an ALT identical to REF as kind ref, unchanged', () => {
    assert.deepEqual(norm(5, 'CAC', ['CAC']), [{ pos1: 5, ref: 'CAC', alt: 'CAC', kind: 'ref', altNumber: 1 }]);
  });

  it('keeps a delins that is not an indel of a repeat', () => {
    assert.deepEqual(norm(13, 'TTTG', ['TAG']), [{ pos1: 14, ref: 'TT', alt: 'A', kind: 'delins', altNumber: 1 }]);
  });

  it('anchors on the following base when shifted to the contig start', () => {
    // Deleting C1 (written with anchor... as the first base): CG -> G at pos 1.
    assert.deepEqual(norm(1, 'CG', ['G']), [{ pos1: 1, ref: 'CG', alt: 'G', kind: 'delins', altNumber: 1 }]);
  });

  it('passes symbolic alleles through and upper-cases bases', () => {
    assert.deepEqual(norm(2, 'g', ['<DEL>', '*', 'c']), [
      { pos1: 2, ref: 'G', alt: '<DEL>', kind: 'symbolic', altNumber: 1 },
      { pos1: 2, ref: 'G', alt: '*', kind: 'symbolic', altNumber: 2 },
      { pos1: 2, ref: 'G', alt: 'C', kind: 'snv', altNumber: 3 },
    ]);
  });

  it('rejects a REF with non-bases, naming the field', () => {
    assert.throws(
      () => norm(2, 'G-', ['C']),
      (e: unknown) => e instanceof KibanError && e.code === 'INVALID_REF' && e.details.field === 'REF' && e.kind === 'invalid_input',
    );
  });
});
