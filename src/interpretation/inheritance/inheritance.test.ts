import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KibanError } from '../../errors.js';
import { inheritanceModes, type FamilyVariant } from './modes.js';
import { familyOf, parsePed } from './ped.js';

const PED = ['# family trio', 'F1\tKID\tDAD\tMUM\t1\t2', 'F1 DAD 0 0 1 1', 'F1\tMUM\t0\t0\t2\t1', ''].join('\n');
const trio = familyOf(parsePed(PED), ['KID', 'MUM', 'DAD']);

/** A variant with GTs for KID, MUM, DAD (parents at depth 30). */
function v(key: string, kid: string, mum: string, dad: string, chrom = '1', pos1 = 1000): FamilyVariant {
  return { key, chrom, pos1, calls: { KID: { gt: kid, depth: 30 }, MUM: { gt: mum, depth: 30 }, DAD: { gt: dad, depth: 30 } } };
}

const modes = (vs: FamilyVariant[], family = trio) => inheritanceModes(vs, family).map((m) => `${m.mode} ${m.variants.join('+')}: ${m.why}`);

test('PED: six columns, sex and affection status, comments; the trio found from the affected sample', () => {
  const ped = parsePed(PED);
  assert.deepEqual(ped[0], { family: 'F1', id: 'KID', father: 'DAD', mother: 'MUM', sex: 'male', affected: true, line: 2 });
  assert.deepEqual(trio, { proband: 'KID', sex: 'male', mother: { id: 'MUM', affected: false }, father: { id: 'DAD', affected: false } });
  // A parent without a VCF sample is a duo.
  assert.deepEqual(familyOf(ped, ['KID', 'MUM']), { proband: 'KID', sex: 'male', mother: { id: 'MUM', affected: false } });
});

test('PED errors name the line and the column', () => {
  const err = (text: string) => {
    try {
      parsePed(text);
    } catch (e) {
      return [(e as KibanError).code, (e as KibanError).message, (e as KibanError).details];
    }
    return undefined;
  };
  assert.deepEqual(err('F1 KID DAD MUM 1'), ['PED_COLUMNS', 'expected 6 columns (family, individual, father, mother, sex, phenotype), got 5', { line: 1, field: 'columns' }]);
  assert.deepEqual(err('F1 A 0 0 1 2\nF1 B 0 0 2 0.73'), ['PED_PHENOTYPE', 'phenotype: expected 0, 1, 2 or -9 (quantitative traits are not supported), got "0.73"', { line: 2, field: 'phenotype' }]);
  assert.deepEqual(err('F1 A 0 0 1 2\nF1 A 0 0 1 2'), ['PED_DUPLICATE', 'individual A appears twice', { line: 2, field: 'individual' }]);
  assert.throws(() => familyOf(parsePed(PED), ['MUM', 'DAD']), { code: 'PROBAND_AMBIGUOUS', message: '0 affected individuals with samples in the VCF; name one with --proband' });
});

test('de novo: absent in both covered parents; not when a parent lacks coverage', () => {
  assert.deepEqual(modes([v('a', '0/1', '0/0', '0/0')]), ['de_novo a: absent in both parents (mother DP 30, father DP 30)']);
  const low = v('a', '0/1', '0/0', '0/0');
  low.calls['DAD'] = { gt: '0/0', depth: 4 };
  // Without enough depth in the father it is only dominant-compatible (both parents unaffected and non-carriers as called).
  assert.deepEqual(modes([low]), ['autosomal_dominant a: heterozygous; mother unaffected, does not carry it; father unaffected, does not carry it']);
});

test('autosomal dominant: inherited from an affected parent, not from an unaffected one', () => {
  const ped = parsePed(PED.replace('F1\tMUM\t0\t0\t2\t1', 'F1\tMUM\t0\t0\t2\t2'));
  const family = familyOf(ped, ['KID', 'MUM', 'DAD'], 'KID');
  assert.deepEqual(modes([v('a', '0/1', '0/1', '0/0')], family), ['autosomal_dominant a: heterozygous; mother affected, carries it; father unaffected, does not carry it']);
  assert.deepEqual(modes([v('a', '0/1', '0/1', '0/0')]), []);
});

test('homozygous recessive: carrier parents', () => {
  assert.deepEqual(modes([v('a', '1/1', '0/1', '0/1')]), ['autosomal_recessive_hom a: homozygous; mother unaffected, not homozygous; father unaffected, not homozygous']);
  // An unaffected homozygous parent rules it out.
  assert.deepEqual(modes([v('a', '1/1', '1/1', '0/1')]), []);
});

test('compound heterozygous: in trans (one from each parent) counts, in cis (both from the mother) does not', () => {
  const fromMum = v('m', '0/1', '0/1', '0/0', '1', 1000);
  const fromDad = v('d', '0/1', '0/0', '0/1', '1', 2000);
  const alsoFromMum = v('m2', '0/1', '0/1', '0/0', '1', 3000);
  assert.deepEqual(modes([fromMum, fromDad]), ['autosomal_recessive_comphet m+d: in trans (first from mother, second from father)']);
  assert.deepEqual(modes([fromMum, alsoFromMum]), []);
  // Without parents the phase is unknown: kept, and said.
  const single = familyOf(parsePed('F1 KID 0 0 2 2'), ['KID']);
  assert.deepEqual(modes([fromMum, alsoFromMum], single), [
    'autosomal_dominant m: heterozygous', 'autosomal_dominant m2: heterozygous', 'autosomal_recessive_comphet m+m2: phase unknown (first from unknown, second from unknown)',
  ]);
});

test('X-linked in a male: hemizygous from the carrier mother; not if the unaffected father carries it; PAR is autosomal', () => {
  assert.deepEqual(modes([v('x', '1', '0/1', '0', 'chrX', 5_000_000)]), ['x_linked x: hemizygous in a male; from the mother']);
  assert.deepEqual(modes([v('x', '1/1', '0/0', '0', 'X', 5_000_000)]), ['x_linked x: hemizygous in a male; not in the mother (de novo or mosaic)']);
  assert.deepEqual(modes([v('x', '1', '0/1', '1', 'chrX', 5_000_000)]), []);
  // PAR1: diploid in males, so autosomal rules apply.
  assert.deepEqual(modes([v('p', '0/1', '0/0', '0/0', 'chrX', 100_000)]), ['de_novo p: absent in both parents (mother DP 30, father DP 30)']);
});
