import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SequenceReader, Transcript } from '../genomics/types.js';
import { parseVcfHeaderLines, parseVcfRecord, VcfWarningTally } from '../genomics/vcf/index.js';
import { annotateBatch, annotateLines, annotateRecord, type AnnotationContext } from './annotator.js';

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

test('annotateBatch (the worker path) writes the bytes annotateLines writes, and throws the same errors', () => {
  const ok = [
    'chr1\t12\trs9\tT\tC\t50\tPASS\tAF=0.5\tGT\t0/1', // SNV with INFO, sites
    'chr1\t12\t.\tt\tc\t50\tPASS\t.\tGT\t0|1', // lower case
    'chr1\t13\t.\tT\tN\t50\tPASS\t.\tGT\t0/1', // N: general path
    'chr1\t13\t.\tT\tT\t50\tPASS\t.\tGT\t0/0', // ALT = REF
    'chr1\t6\t.\tA\tG\t50\tPASS\t\tGT\t./.', // empty INFO, missing GT
    'chr1\t7\t.\tCACA\tCA\t50\tPASS\tAF=0.3\tGT\t1/1', // left-aligned before the previous line
    'chr1\t7\t.\tCACA\tCA,CACG\t50\tPASS\tAF=0.1,0.2\tGT\t1/2', // multi-allelic
    'chr1\t8\t.\tA\tG\t50\tPASS\tCSQ=old|x;AF=0.5\tGT\t0/1', // CSQ replaced
    'chr1\t9\t.\tC\tCA\t50\tPASS\tDB;AF=.\tGT:AD\t0/1:3,4', // undeclared flag, missing value
    'chr1\t3\t.\tG\t.\t50\tPASS\t.\tGT\t0/0', // no ALT
    'chr1\t3\t.\tG\t<DEL>\t50\tPASS\t.\tGT\t0/1', // symbolic
    'chr1\t3\t.\tG\t*\t50\tPASS\t.\tGT\t0/1', // spanning deletion
    'chr1\t14\t.\tT\tA\t50\tPASS\tAF=0.5\tAD:GT\t3,4:0/1', // GT not first
    'chr1\t15\t.\tT\tA\t50\tPASS\tAF=0.5\tGT\t1\r', // CRLF, haploid
    '',
    'chr2\t5\t.\tT\tA\t50\tPASS\t.\tGT\t0/1', // intergenic
    'chr1\t16\t.\tT\tA\t50\tPASS\tAF=0.5;AF=0.6\tGT\t01/1', // duplicate key, leading zero
    'chr1\t17\t.\tT\tA\t50\tPASS\tAF=0.1,0.2\tGT\t0/1', // count ≠ Number in a pass-through field: a warning
    'chr1\t17\t.\tT\tG\t50\tPASS\tXU=1\tGT:XF\t0/1:2', // keys without a header line: warnings
  ];
  const bad = [
    'chr1\t12\t.\tT\tC\t50\tPASS\t.', // no sample column
    'chr1\t12\t.\tT\tC\t50\tPASS', // 7 columns
    'chr1\t012\t.\tT\tC\t50\tPASS\t.\tGT\t0/1',
    'chr1\t1x\t.\tT\tC\t50\tPASS\t.\tGT\t0/1',
    'chr1\t12\t.\tU\tC\t50\tPASS\t.\tGT\t0/1',
    'chr1\t12\t.\t\tC\t50\tPASS\t.\tGT\t0/1',
    'chr1\t12\t.\tT\tC,\t50\tPASS\t.\tGT\t0/1',
    'chr1\t12\t.\tT\tC,,G\t50\tPASS\t.\tGT\t0/1',
    'chr1\t12\t.\tT\tC\t50\tPASS\tAF=x\tGT\t0/1',
    'chr1\t12\t.\tT\tC\t50\tPASS\tAF\tGT\t0/1',
    'chr1\t12\t.\tT\tC\t50\tPASS\t.\tGT\t0/2',
    'chr1\t12\t.\tT\tC\t50\tPASS\t.\tGT\t0/',
    'chr1\t12\t.\tT\tC\t50\tPASS\t.\tGT\t.1/0',
    'chr1\t12\t.\tT\tC\t50\tPASS\t.\tGT\t0/1\tx',
    'chr1\t12\t.\tT\tC\t50\tPASS\t.\tGT\t',
  ];
  const general = (lines: string[], c = ctx) => {
    const stripped = lines.join('\n').split('\n');
    return annotateLines(stripped, 7, c);
  };
  const fast = (lines: string[], c = ctx) => annotateBatch(new TextEncoder().encode(`${lines.join('\n')}\n`), 7, c);
  const gWarnings = new VcfWarningTally();
  const fWarnings = new VcfWarningTally();
  const g = general(ok, { ...ctx, warnings: gWarnings });
  const f = fast(ok, { ...ctx, warnings: fWarnings });
  assert.equal(new TextDecoder().decode(f.output), g.text);
  assert.equal(f.records, g.records);
  // Both paths warn alike: once per field, on its first line (7 + index in `ok`), with counts.
  const expectedWarnings = [
    { field: 'INFO/DB', problem: 'no header line; value carried through unchanged', line: 15, count: 1 },
    { field: 'FORMAT/AD', problem: 'no header line; value carried through unchanged', line: 15, count: 2 },
    { field: 'INFO/AF', problem: 'expected 1 value (Number=A), got 2', line: 24, count: 1 },
    { field: 'INFO/XU', problem: 'no header line; value carried through unchanged', line: 25, count: 1 },
    { field: 'FORMAT/XF', problem: 'no header line; value carried through unchanged', line: 25, count: 1 },
  ];
  assert.deepEqual(fWarnings.drain(), expectedWarnings);
  assert.deepEqual(gWarnings.drain(), expectedWarnings);
  // Non-ASCII bytes take the general path whole.
  const utf8 = ['chr1\t12\tß\tT\tC\t50\tPASS\tAF=0.5\tGT\t0/1', ...ok];
  assert.equal(new TextDecoder().decode(fast(utf8).output), general(utf8).text);
  for (const line of bad) {
    const lines = [ok[0]!, line];
    let expected: unknown;
    try {
      general(lines);
    } catch (err) {
      expected = err;
    }
    assert.ok(expected instanceof Error, line);
    assert.throws(
      () => fast(lines),
      (err: unknown) => {
        assert.equal((err as Error).message, (expected as Error).message, line);
        assert.deepEqual((err as { details: unknown }).details, (expected as unknown as { details: unknown }).details, line);
        return true;
      },
    );
  }
});
