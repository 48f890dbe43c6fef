import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { requireOrSkip, sharedData } from '../testing/skip.js';
import { readGeneModels } from './gene-models.js';

const DIR = sharedData('genome/ensembl-vep-grch38-chr21');

test('Ensembl chr21 GFF3 and GTF give the same transcripts over the GTF region', async (t) => {
  if (!requireOrSkip(t, existsSync(`${DIR}/test.gtf.gz`), `${DIR} is absent (shared reference data)`)) return;
  const fromGff3 = await readGeneModels(`${DIR}/test.gff.gz`);
  const fromGtf = await readGeneModels(`${DIR}/test.gtf.gz`);
  assert.equal(fromGff3.length, 2414); // every `ID=transcript:` line has exon or CDS children
  assert.equal(fromGtf.length, 103); // incl. ENST00000419219 and _1, which share lines (`transcript_id "A,B"`)
  const gff3ById = new Map(fromGff3.map((tx) => [tx.id, tx]));
  // Fields that both formats carry; canonical is compared below, gene by gene.
  const strip = ({ canonical: _c, tags: _t, ...rest }: (typeof fromGtf)[number]) => rest;
  for (const tx of fromGtf) {
    const other = gff3ById.get(tx.id);
    assert.ok(other, `${tx.id} missing from GFF3`);
    assert.deepEqual(strip(tx), strip(other));
  }
  // A hand-checked coding transcript (GABPA, + strand), GTF CDS plus stop_codon = GFF3 CDS.
  // GTF: last CDS 25769004-25769229 + stop_codon 25769230-25769232; GFF3: CDS 25769004-25769232.
  const gabpa = fromGtf.find((tx) => tx.id === 'ENST00000400075');
  assert.equal(gabpa?.geneName, 'GABPA');
  assert.equal(gabpa?.cds.length, 9);
  assert.deepEqual(gabpa?.cds[8], { start0: 25769003, end0: 25769232 });
  assert.deepEqual(gabpa?.cds[0], { start0: 25741598, end0: 25741675 });
  assert.equal(gabpa?.cdsStartPhase, 0);
  // Release 84 has no Ensembl_canonical tag, so both readers fall back to the same rule.
  const canonicalIds = (txs: typeof fromGtf) => txs.filter((tx) => tx.canonical).map((tx) => tx.id);
  const gtfGenes = new Set(fromGtf.map((tx) => tx.geneId));
  const gtfIds = new Set(fromGtf.map((tx) => tx.id));
  const completeGenes = [...gtfGenes].filter((g) => fromGff3.filter((tx) => tx.geneId === g).every((tx) => gtfIds.has(tx.id)));
  const inComplete = (txs: typeof fromGtf) => txs.filter((tx) => completeGenes.includes(tx.geneId));
  assert.deepEqual(canonicalIds(inComplete(fromGtf)), canonicalIds(inComplete(fromGff3)));
  // GABPA: ENST00000354828 and ENST00000400075 both code 1365 bp; the longer spliced length (5120 > 4814) wins.
  const gabpaTxs = fromGtf.filter((tx) => tx.geneName === 'GABPA').map((tx) => [tx.id, tx.canonical]);
  assert.deepEqual(gabpaTxs.sort(), [
    ['ENST00000354828', true],
    ['ENST00000400075', false],
    ['ENST00000487266', false],
  ]);
});
