import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KibanError } from '../../errors.js';
import { parseVcfHeaderLines, type VcfHeader } from './header.js';
import { parseVcfRecord } from './record.js';
import { subsetInfo, subsetSamples } from './split.js';
import { VcfWarningTally } from './warnings.js';

const HEADER_LINES = [
  '##fileformat=VCFv4.2',
  '##contig=<ID=1,length=1000>',
  '##INFO=<ID=DP,Number=1,Type=Integer,Description="Depth, total">',
  '##INFO=<ID=AF,Number=A,Type=Float,Description="Allele frequency">',
  '##INFO=<ID=RC,Number=R,Type=Integer,Description="Read counts">',
  '##INFO=<ID=DB,Number=0,Type=Flag,Description="dbSNP">',
  '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
  '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">',
  '##FORMAT=<ID=PL,Number=G,Type=Integer,Description="Likelihoods">',
  '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1\tS2',
];
const header: VcfHeader = parseVcfHeaderLines(HEADER_LINES);
const GOOD = '1\t100\trs1\tA\tC,G\t50\tPASS\tDP=10;AF=0.25,0.5;RC=5,3,2;DB\tGT:AD:PL\t0/2:5,0,5:0,10,20,30,40,50\t1|1:0,7,0:60,0,70,80,90,100';

function refused(fn: () => unknown, message: string, field: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof KibanError);
    assert.equal(err.kind, 'invalid_input');
    assert.equal(err.message, message);
    assert.equal(err.details.field, field);
    return true;
  });
}

test('header: INFO/FORMAT Number and Type, contigs, samples, quoted commas', () => {
  assert.equal(header.fileformat, 'VCFv4.2');
  assert.deepEqual(header.samples, ['S1', 'S2']);
  assert.deepEqual(header.info.get('DP'), { id: 'DP', number: 1, type: 'Integer', description: 'Depth, total' });
  assert.equal(header.info.get('AF')?.number, 'A');
  assert.equal(header.format.get('PL')?.number, 'G');
  assert.deepEqual(header.contigs.get('1'), { lengthBp: 1000 });
});

test('header: no ##fileformat, or a record before #CHROM, is refused', () => {
  refused(() => parseVcfHeaderLines(HEADER_LINES.slice(1)), 'header: missing ##fileformat line (not a VCF file?)', 'fileformat');
  refused(() => parseVcfHeaderLines([...HEADER_LINES.slice(0, -1), GOOD]), 'header: missing #CHROM line before the first record', '#CHROM');
  refused(() => parseVcfHeaderLines(HEADER_LINES.slice(0, -1)), 'header: missing #CHROM line', '#CHROM');
});

test('record: fixed columns, lazy samples, genotype access', () => {
  const r = parseVcfRecord(GOOD, header);
  assert.equal(r.pos1, 100);
  assert.deepEqual(r.ALT, ['C', 'G']);
  assert.equal(r.info().get('AF'), '0.25,0.5');
  assert.equal(r.info().get('DB'), true);
  assert.deepEqual(r.FORMAT, ['GT', 'AD', 'PL']);
  assert.equal(r.sampleValue(1, 'AD'), '0,7,0');
  assert.deepEqual(r.genotype(0), { alleles: [0, 2], phased: false });
  assert.deepEqual(r.genotype(1), { alleles: [1, 1], phased: true });
  assert.deepEqual(r.formatValues(header, 0, 'AD'), [5, 0, 5]);
  assert.deepEqual(r.formatValues(header, 1, 'PL'), [60, 0, 70, 80, 90, 100]);
  assert.equal(r.formatValues(header, 0, 'DP'), undefined);
});

test('FORMAT values are checked when read: Number=R and Number=G (by ploidy)', () => {
  const r = parseVcfRecord(GOOD.replace(':5,0,5:', ':5,0:').replace('0,10,20,30,40,50', '0,10,20'), header);
  refused(() => r.formatValues(header, 0, 'AD'), 'FORMAT/AD: expected 3 values (Number=R), got 2', 'FORMAT/AD');
  refused(() => r.formatValues(header, 0, 'PL'), 'FORMAT/PL: expected 6 values (Number=G), got 3', 'FORMAT/PL');
  const haploid = parseVcfRecord(GOOD.replace('\t0/2:5,0,5:0,10,20,30,40,50', '\t2:5,0,5:0,10,20'), header);
  assert.deepEqual(haploid.formatValues(header, 0, 'PL'), [0, 10, 20]);
});

test('malformed records are refused naming the field', () => {
  refused(() => parseVcfRecord('1\t100\trs1\tA\tC', header), 'expected at least 8 tab-separated columns, got 5', 'columns');
  refused(() => parseVcfRecord(GOOD.split('\t').slice(0, 10).join('\t'), header), 'expected 2 sample columns after FORMAT, got 1', 'samples');
  refused(() => parseVcfRecord(GOOD.replace('\t100\t', '\t1e3\t'), header), 'POS: expected Integer, got "1e3"', 'POS');
  refused(() => parseVcfRecord(GOOD.replace('\tA\tC,G\t', '\tAX\tC,G\t'), header), 'REF: expected bases A, C, G, T or N, got "AX"', 'REF');
  refused(() => parseVcfRecord(GOOD.replace('\tA\tC,G\t', '\tA\tC,Q\t'), header), 'ALT: expected bases, <ID>, a breakend or *, got "Q"', 'ALT');
  refused(() => parseVcfRecord(GOOD.replace('0/2:', '0/3:'), header), 'FORMAT/GT: allele index 3 is beyond ALT (2 alleles) in sample S1', 'FORMAT/GT');
  refused(() => parseVcfRecord(GOOD.replace('DP=10', 'DP=abc'), header), 'INFO/DP: expected Integer, got "abc"', 'INFO/DP');
  refused(() => parseVcfRecord(GOOD.replace('AF=0.25,0.5', 'AF=0.25,x'), header), 'INFO/AF: expected Float, got "x"', 'INFO/AF');
  refused(() => parseVcfRecord(GOOD.replace(';DB', ';DB=1'), header), 'INFO/DB: Flag takes no value, got "1"', 'INFO/DB');
});

test('a pass-through INFO count that disagrees with Number, and keys without a header line, are warnings (issue 10)', () => {
  const tally = new VcfWarningTally();
  tally.line = 12;
  const line = GOOD.replace('AF=0.25,0.5', 'AF=0.25;XU=1').replace('GT:AD:PL', 'GT:AD:PL:XF').replace(/\t([^\t]+)\t([^\t]+)$/, '\t$1:1\t$2:2');
  const r = parseVcfRecord(line, header, tally);
  assert.equal(r.info().get('AF'), '0.25');
  assert.deepEqual(tally.drain(), [
    { field: 'INFO/AF', problem: 'expected 2 values (Number=A), got 1', line: 12, count: 1 },
    { field: 'INFO/XU', problem: 'no header line; value carried through unchanged', line: 12, count: 1 },
    { field: 'FORMAT/XF', problem: 'no header line; value carried through unchanged', line: 12, count: 1 },
  ]);
  // Without a tally they pass silently; a value that does not parse as its Type stays fatal.
  assert.doesNotThrow(() => parseVcfRecord(line, header));
  refused(() => parseVcfRecord(line.replace('AF=0.25', 'AF=0.25,x'), header, tally), 'INFO/AF: expected Float, got "x"', 'INFO/AF');
});

test('symbolic, spanning-deletion and missing ALT alleles are accepted', () => {
  for (const alt of ['<DEL>', '*', '.', 'G]17:198982]', 'C,*']) {
    const line = `1\t100\t.\tA\t${alt}\t.\t.\t.\tGT\t0/0\t0/0`;
    assert.doesNotThrow(() => parseVcfRecord(line, header), alt);
  }
});

test('splitting ALT 2 of 2: Number=A/R/G values and GT follow the allele', () => {
  const r = parseVcfRecord(GOOD, header);
  assert.equal(subsetInfo(r, header, 2), 'DP=10;AF=0.5;RC=5,2;DB');
  // S1 0/2 → 0/1; PL (0,0)(0,1)(1,1)(0,2)(1,2)(2,2) → indexes 0,3,5
  assert.equal(subsetSamples(r, header, 2), 'GT:AD:PL\t0/1:5,5:0,30,50\t0|0:0,0:60,80,100');
  assert.equal(subsetInfo(r, header, 1), 'DP=10;AF=0.25;RC=5,3;DB');
  assert.equal(subsetSamples(r, header, 1), 'GT:AD:PL\t0/0:5,0:0,10,20\t1|1:0,7:60,0,70');
});
