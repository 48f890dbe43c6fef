import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SequenceReader, Transcript } from '../genomics/types.js';
import { parseVcfHeaderLines, parseVcfRecord } from '../genomics/vcf/index.js';
import { annotateLines, annotateRecord, type AnnotationContext } from './annotator.js';

// chr1: positions 1-20; a CA repeat at 5-10 so that a CA deletion left-aligns to 4.
const SEQ = 'GGGTCACACAGTTTTTAAAA';
const reader: SequenceReader = {
  fetch: (_chrom, start0, end0) => SEQ.slice(start0, end0),
  contigLength: () => SEQ.length,
};
const tx = { id: 'T1', chrom: 'chr1', start0: 0, end0: 20 } as Transcript;
const header = parseVcfHeaderLines([
  '##fileformat=VCFv4.2',
  '##INFO=<ID=AF,Number=A,Type=Float,Description="AF">',
  '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
  '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1',
]);
const ctx: AnnotationContext = {
  header,
  transcripts: { overlapping: (chrom, start0, end0) => (chrom === 'chr1' && start0 < 20 && end0 > 0 ? [tx] : []) },
  reader,
  sites: [
    { name: 'ClinVar', kind: 'clinvar', lookup: (_c, pos1) => (pos1 === 12 ? ['Pathogenic', 'criteria_provided,_single_submitter'] : undefined) },
    { name: 'gnomAD', kind: 'population', lookup: (_c, pos1, _r, alt) => (pos1 === 12 && alt === 'C' ? ['3', '1000', '0.003'] : undefined) },
  ],
  engine: { fields: ['Allele', 'Feature'], entries: (allele, txs) => txs.map((t) => `${allele.alt}|${t.id}`) },
};

test('a biallelic SNV keeps its line and gains CSQ with ClinVar and population fields', () => {
  const out = annotateRecord(parseVcfRecord('chr1\t12\trs9\tT\tC\t50\tPASS\tAF=0.5\tGT\t0/1', header), ctx);
  assert.equal(out, 'chr1\t12\trs9\tT\tC\t50\tPASS\tAF=0.5;CSQ=C|T1|Pathogenic|criteria_provided&_single_submitter|0.003\tGT\t0/1\n');
});

test('a multi-allelic record is split; a deletion in a repeat is left-aligned; originals kept as vt does', () => {
  // REF CACA at 7..10 → ALT CA deletes "CA"; it left-aligns to pos 4 (T|CA), as bcftools norm gives.
  const out = annotateRecord(parseVcfRecord('chr1\t7\t.\tCACA\tCA,CACG\t50\tPASS\tAF=0.1,0.2\tGT\t1/2', header), ctx);
  assert.equal(
    out,
    'chr1\t4\t.\tTCA\tT\t50\tPASS\tAF=0.1;OLD_MULTIALLELIC=chr1:7:CACA/CA/CACG;OLD_VARIANT=chr1:7:CACA/CA;CSQ=T|T1|||\tGT\t1/0\n' +
      'chr1\t10\t.\tA\tG\t50\tPASS\tAF=0.2;OLD_MULTIALLELIC=chr1:7:CACA/CA/CACG;OLD_VARIANT=chr1:7:CACA/CACG;CSQ=G|T1|||\tGT\t0/1\n',
  );
});

test('symbolic and missing ALTs pass through without CSQ', () => {
  assert.equal(annotateRecord(parseVcfRecord('chr1\t3\t.\tG\t.\t50\tPASS\t.\tGT\t0/0', header), ctx), 'chr1\t3\t.\tG\t.\t50\tPASS\t.\tGT\t0/0\n');
  assert.equal(
    annotateRecord(parseVcfRecord('chr1\t3\t.\tG\t<DEL>\t50\tPASS\t.\tGT\t0/1', header), ctx),
    'chr1\t3\t.\tG\t<DEL>\t50\tPASS\t.\tGT\t0/1\n',
  );
});

test('an error in a batch carries the file line of the bad record', () => {
  assert.throws(
    () => annotateLines(['chr1\t12\t.\tT\tC\t50\tPASS\t.\tGT\t0/1', 'chr1\t13\t.\tT\tC\t50\tPASS\tAF=x\tGT\t0/1'], 41, ctx),
    (err: unknown) => {
      assert.equal((err as Error).message, 'INFO/AF: expected Float, got "x"');
      assert.deepEqual((err as { details: unknown }).details, { field: 'INFO/AF', line: 42 });
      return true;
    },
  );
});

test('a deletion left-aligned before the previous record is put back in position order', () => {
  const { text } = annotateLines(
    ['chr1\t6\t.\tA\tG\t50\tPASS\t.\tGT\t0/1', 'chr1\t7\t.\tCACA\tCA\t50\tPASS\t.\tGT\t0/1', 'chr1\t12\t.\tT\tC\t50\tPASS\t.\tGT\t0/1'],
    10,
    ctx,
  );
  assert.deepEqual(
    text.split('\n').filter(Boolean).map((l) => l.split('\t').slice(1, 5).join(' ')),
    ['4 . TCA T', '6 . A G', '12 . T C'],
  );
});
