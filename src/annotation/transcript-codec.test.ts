import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Transcript } from '../genomics/types.js';
import { encodeTranscripts, TranscriptStore } from './transcript-codec.js';
import { TranscriptIndex } from './transcript-index.js';

const base = { geneName: 'G', biotype: 'protein_coding', strand: 1 as const, cdsStartPhase: 0, canonical: false, tags: [] as string[] };
const TXS: Transcript[] = [
  // chr2 first in file order: the table keeps first-seen chromosome order
  { ...base, id: 'B1', geneId: 'GB', chrom: 'chr2', start0: 50, end0: 90, exons: [{ start0: 50, end0: 90 }], cds: [] },
  {
    ...base, id: 'A2', geneId: 'GA', chrom: 'chr1', start0: 100, end0: 400, strand: -1, canonical: true, tags: ['basic', 'Ensembl_canonical'],
    exons: [{ start0: 100, end0: 200 }, { start0: 300, end0: 400 }],
    cds: [{ start0: 150, end0: 200 }, { start0: 300, end0: 350 }], // exons clipped to 150-350: stored as a range
    proteinId: 'P2', cdsStartPhase: 1,
  },
  {
    ...base, id: 'A1', geneId: 'GA', chrom: 'chr1', start0: 10, end0: 5000,
    exons: [{ start0: 10, end0: 20 }, { start0: 4000, end0: 5000 }],
    cds: [{ start0: 12, end0: 20 }, { start0: 4001, end0: 4100 }], // a 1-bp gap: stored segment by segment
  },
];

test('transcripts round-trip through the table exactly, sorted by chromosome then start', () => {
  const store = new TranscriptStore(encodeTranscripts(TXS));
  assert.equal(store.count, 3);
  const decoded = [0, 1, 2].map((i) => store.get(i));
  assert.deepEqual(decoded.map((t) => t.id), ['B1', 'A1', 'A2']);
  assert.deepEqual(decoded, [TXS[0], TXS[2], TXS[1]]);
});

test('overlap queries: half-open boundaries and long transcripts found from later starts', () => {
  const index = new TranscriptIndex(new TranscriptStore(encodeTranscripts(TXS)));
  assert.deepEqual(index.overlapping('chr1', 4999, 5000).map((t) => t.id), ['A1']);
  assert.deepEqual(index.overlapping('chr1', 5000, 5001).map((t) => t.id), []);
  assert.deepEqual(index.overlapping('chr1', 399, 400).map((t) => t.id), ['A1', 'A2']);
  assert.deepEqual(index.overlapping('chr1', 400, 401).map((t) => t.id), ['A1']);
  assert.deepEqual(index.overlapping('chr2', 0, 50).map((t) => t.id), []);
  assert.deepEqual(index.overlapping('chr2', 89, 90).map((t) => t.id), ['B1']);
  assert.deepEqual(index.overlapping('chrX', 0, 1e9), []);
});
