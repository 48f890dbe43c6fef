import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KibanError } from '../../errors.js';
import { Gff3Parser } from './gff3.js';
import { GtfParser } from './gtf.js';
import { parseGeneModelText } from './parse-text.js';

const GFF3 = [
  '##gff-version 3',
  '1\tensembl\tgene\t101\t1000\t.\t-\t.\tID=gene:G1;Name=ABC1;biotype=protein_coding',
  '1\tensembl\tmRNA\t101\t1000\t.\t-\t.\tID=transcript:T1;Parent=gene:G1;biotype=protein_coding;tag=basic,Ensembl_canonical',
  '1\tensembl\texon\t101\t200\t.\t-\t.\tParent=transcript:T1',
  '1\tensembl\texon\t301\t1000\t.\t-\t.\tParent=transcript:T1',
  '1\tensembl\tCDS\t151\t200\t.\t-\t1\tID=CDS:P1;Parent=transcript:T1;protein_id=P1',
  '1\tensembl\tCDS\t301\t400\t.\t-\t2\tID=CDS:P1;Parent=transcript:T1;protein_id=P1',
  '1\tensembl\tlincRNA\t151\t600\t.\t-\t.\tID=transcript:T2;Parent=gene:G1;biotype=lincRNA',
  '1\tensembl\texon\t151\t600\t.\t-\t.\tParent=transcript:T2',
  '1\t.\tbiological_region\t5\t9\t.\t+\t.\tlogic_name=cpg',
].join('\n');

test('GFF3: Ensembl prefixes stripped, exons and CDS ascending, phase of the first CDS in transcript order', () => {
  const txs = parseGeneModelText(GFF3, 'gff3');
  assert.deepEqual(txs.map((t) => t.id), ['T1', 'T2']);
  assert.deepEqual(txs[0], {
    id: 'T1',
    geneId: 'G1',
    geneName: 'ABC1',
    biotype: 'protein_coding',
    chrom: '1',
    strand: -1,
    start0: 100,
    end0: 1000,
    exons: [{ start0: 100, end0: 200 }, { start0: 300, end0: 1000 }],
    cds: [{ start0: 150, end0: 200 }, { start0: 300, end0: 400 }],
    cdsStartPhase: 2, // reverse strand: the CDS at 301-400 comes first
    canonical: true,
    tags: ['basic', 'Ensembl_canonical'],
    proteinId: 'P1',
  });
  assert.equal(txs[1]!.biotype, 'lincRNA');
  assert.equal(txs[1]!.canonical, false);
  assert.equal(txs[1]!.proteinId, undefined);
});

test('GFF3 without Ensembl_canonical: the longest CDS of each gene is canonical', () => {
  const txs = parseGeneModelText(GFF3.replace(',Ensembl_canonical', ''), 'gff3');
  assert.deepEqual(txs.map((t) => [t.id, t.canonical]), [['T1', true], ['T2', false]]);
});

test('GFF3: a bad start column names the field and line', () => {
  const bad = GFF3.replace('\t151\t200\t', '\tabc\t200\t');
  assert.throws(() => parseGeneModelText(bad, 'gff3'), (err: unknown) => {
    assert.ok(err instanceof KibanError);
    assert.equal(err.kind, 'invalid_input');
    assert.equal(err.message, 'start: expected an integer, got "abc"');
    assert.deepEqual(err.details, { field: 'start', line: 6 });
    return true;
  });
});

const GTF = [
  '1\tx\ttranscript\t101\t1000\t.\t+\t.\tgene_id "G1"; transcript_id "T1"; gene_name "ABC1"; transcript_biotype "protein_coding"; tag "basic"; tag "Ensembl_canonical";',
  '1\tx\texon\t101\t200\t.\t+\t.\tgene_id "G1"; transcript_id "T1";',
  '1\tx\texon\t301\t1000\t.\t+\t.\tgene_id "G1"; transcript_id "T1";',
  '1\tx\tCDS\t151\t200\t.\t+\t0\tgene_id "G1"; transcript_id "T1"; protein_id "P1";',
  '1\tx\tCDS\t301\t397\t.\t+\t1\tgene_id "G1"; transcript_id "T1"; protein_id "P1";',
  '1\tx\tstop_codon\t398\t400\t.\t+\t0\tgene_id "G1"; transcript_id "T1";',
].join('\n');

test('GTF: the stop codon is merged into the CDS; repeated tag attributes are kept', () => {
  const [t] = parseGeneModelText(GTF, 'gtf');
  assert.deepEqual(t?.cds, [{ start0: 150, end0: 200 }, { start0: 300, end0: 400 }]);
  assert.deepEqual(t?.tags, ['basic', 'Ensembl_canonical']);
  assert.equal(t?.canonical, true);
  assert.equal(t?.proteinId, 'P1');
  assert.equal(t?.geneName, 'ABC1');
});

test('GTF: a stop codon split by an intron adds to both coding exons', () => {
  const split = GTF.replace('\tCDS\t301\t397\t', '\tCDS\t301\t399\t').replace(
    '1\tx\tstop_codon\t398\t400\t.\t+\t0\tgene_id "G1"; transcript_id "T1";',
    '1\tx\tstop_codon\t400\t400\t.\t+\t0\tgene_id "G1"; transcript_id "T1";\n1\tx\texon\t501\t600\t.\t+\t.\tgene_id "G1"; transcript_id "T1";\n1\tx\tstop_codon\t501\t502\t.\t+\t2\tgene_id "G1"; transcript_id "T1";',
  );
  const [t] = parseGeneModelText(split, 'gtf');
  assert.deepEqual(t?.cds, [{ start0: 150, end0: 200 }, { start0: 300, end0: 400 }, { start0: 500, end0: 502 }]);
});

test('GFF3: a gene line starting before base 1 (a re-based excerpt) is accepted, as bcftools csq does', () => {
  const rebased = GFF3.replace(/\tgene\t\d+\t/, '\tgene\t-15\t');
  assert.notEqual(rebased, GFF3);
  const parser = new Gff3Parser();
  for (const line of rebased.split('\n')) parser.pushLine(line);
  const txs = parser.finish();
  assert.deepEqual(txs.map((t) => t.id), ['T1', 'T2']);
  assert.deepEqual(parser.skipped, []);
});

test('GFF3: a transcript with an exon before base 1 is skipped with the reason, the others kept', () => {
  const parser = new Gff3Parser();
  for (const line of GFF3.replace('\texon\t101\t', '\texon\t-4\t').split('\n')) parser.pushLine(line);
  const txs = parser.finish();
  assert.deepEqual(txs.map((t) => t.id), ['T2']);
  assert.deepEqual(parser.skipped, [{ id: 'T1', reason: 'exon starts at -4, before the sequence start' }]);
});

test('GTF: a transcript with an exon before base 1 is skipped with the reason', () => {
  const parser = new GtfParser();
  for (const line of GTF.replace('\texon\t101\t200\t', '\texon\t0\t200\t').split('\n')) parser.pushLine(line);
  assert.deepEqual(parser.finish(), []);
  assert.deepEqual(parser.skipped, [{ id: 'T1', reason: 'exon starts at 0, before the sequence start' }]);
});
