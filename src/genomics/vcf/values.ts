import { invalidInput } from '../../errors.js';
import type { FieldMeta, VcfNumber } from './header.js';

const INTEGER = /^[+-]?[0-9]+$/;
const FLOAT = /^[+-]?(?:[0-9]+\.?[0-9]*(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?|inf|infinity|nan)$/i;

/**
 * How many values `Number` allows for a record with `altCount` ALT alleles (VCF 4.3 §1.4.2), or
 * undefined for no fixed count. For G, `ploidy` decides: diploid (n+1)(n+2)/2, haploid n+1.
 */
export function expectedCount(number: VcfNumber, altCount: number, ploidy = 2): number | undefined {
  if (typeof number === 'number') return number;
  if (number === 'A') return altCount;
  if (number === 'R') return altCount + 1;
  if (number === 'G') return ploidy === 1 ? altCount + 1 : ((altCount + 1) * (altCount + 2)) / 2;
  return undefined;
}

/**
 * Where non-fatal findings go: a value count that disagrees with the header's Number in a field
 * Kiban only passes through, a key without a header line. bcftools, VEP and snpEff annotate such
 * files (real callers write them), so Kiban warns and carries the value through unchanged.
 */
export interface VcfWarnings {
  warn(field: string, problem: string): void;
}

/**
 * Checks one INFO or FORMAT value (comma list) against its header line; `field` is e.g. INFO/DP.
 * A lone '.' (missing) is always accepted. A count that disagrees with Number goes to `countWarnings`
 * when given (a pass-through field), and is fatal otherwise (a field Kiban interprets); a value
 * that does not parse as its Type is always fatal.
 */
export function checkValue(meta: FieldMeta, value: string, altCount: number, field: string, ploidy = 2, countWarnings?: VcfWarnings): void {
  if (value === '.') return;
  if (meta.type === 'Flag') {
    throw invalidInput('VCF_BAD_VALUE', `${field}: Flag takes no value, got "${value}"`, { field });
  }
  const values = value.split(',');
  const count = expectedCount(meta.number, altCount, ploidy);
  const countOk =
    count === undefined ||
    values.length === count ||
    // INFO with Number=G cannot know the ploidy: accept haploid as well as diploid counts.
    (meta.number === 'G' && field.startsWith('INFO/') && values.length === altCount + 1);
  if (!countOk && countWarnings) {
    countWarnings.warn(field, `expected ${count} value${count === 1 ? '' : 's'} (Number=${meta.number}), got ${values.length}`);
  } else if (!countOk) {
    throw invalidInput(
      'VCF_BAD_VALUE',
      `${field}: expected ${count} value${count === 1 ? '' : 's'} (Number=${meta.number}), got ${values.length}`,
      { field },
    );
  }
  for (const v of values) {
    if (v === '.') continue;
    if (meta.type === 'Integer' && !INTEGER.test(v)) {
      throw invalidInput('VCF_BAD_VALUE', `${field}: expected Integer, got "${v}"`, { field });
    }
    if (meta.type === 'Float' && !FLOAT.test(v)) {
      throw invalidInput('VCF_BAD_VALUE', `${field}: expected Float, got "${v}"`, { field });
    }
    if (meta.type === 'Character' && v.length !== 1) {
      throw invalidInput('VCF_BAD_VALUE', `${field}: expected Character, got "${v}"`, { field });
    }
  }
}

/** Typed values of one field: numbers for Integer/Float (null for '.'), strings otherwise. */
export function typedValues(meta: FieldMeta | undefined, value: string): (number | string | null)[] {
  return value.split(',').map((v) => {
    if (v === '.') return null;
    if (meta?.type === 'Integer' || meta?.type === 'Float') return Number(v);
    return v;
  });
}
