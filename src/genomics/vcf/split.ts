import type { FieldMeta, VcfHeader } from './header.js';
import type { VcfRecord } from './record.js';

/**
 * Number-aware subsetting for splitting a multi-allelic record into one record per ALT, as
 * `bcftools norm -m-` does: Number=A keeps the ALT's value, R keeps REF's and the ALT's, G keeps
 * the genotypes made of REF and that ALT; GT recodes the ALT to 1 and every other ALT to 0.
 * `alt1` is the 1-based ALT index in the original record.
 */
export function subsetInfo(record: VcfRecord, header: VcfHeader, alt1: number): string {
  if (record.ALT.length <= 1) return record.INFO;
  const parts: string[] = [];
  for (const [key, value] of record.info()) {
    if (value === true) {
      parts.push(key);
      continue;
    }
    parts.push(`${key}=${subsetValue(header.info.get(key), value, alt1, record.ALT.length, 2)}`);
  }
  return parts.length === 0 ? '.' : parts.join(';');
}

/** FORMAT column plus sample columns for one ALT ('' when the record has none). */
export function subsetSamples(record: VcfRecord, header: VcfHeader, alt1: number): string {
  if (record.ALT.length <= 1 || record.formatAndSamples === '') return record.formatAndSamples;
  const keys = record.FORMAT;
  const metas = keys.map((k) => header.format.get(k));
  const gtIndex = keys.indexOf('GT');
  const out = [keys.join(':')];
  for (const column of record.samples()) {
    const values = column.split(':');
    const ploidy = gtIndex >= 0 ? (values[gtIndex] ?? '').split(/[/|]/).length : 2;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      values[i] = i === gtIndex ? recodeGenotype(v, alt1) : subsetValue(metas[i], v, alt1, record.ALT.length, ploidy);
    }
    out.push(values.join(':'));
  }
  return out.join('\t');
}

function subsetValue(meta: FieldMeta | undefined, value: string, alt1: number, altCount: number, ploidy: number): string {
  if (!meta || typeof meta.number === 'number' || meta.number === '.' || value === '.') return value;
  const values = value.split(',');
  const pick = (indexes: number[]) => indexes.map((i) => values[i] ?? '.').join(',');
  if (meta.number === 'A') return values.length === altCount ? pick([alt1 - 1]) : value;
  if (meta.number === 'R') return values.length === altCount + 1 ? pick([0, alt1]) : value;
  // G: genotype (j,k), j ≤ k, sits at k(k+1)/2 + j (VCF 4.3 §1.6.2); haploid: the allele index.
  if (ploidy === 1 || values.length === altCount + 1) return pick([0, alt1]);
  const at = (j: number, k: number) => (k * (k + 1)) / 2 + j;
  return values.length === ((altCount + 1) * (altCount + 2)) / 2 ? pick([at(0, 0), at(0, alt1), at(alt1, alt1)]) : value;
}

export function recodeGenotype(gt: string, alt1: number): string {
  let out = '';
  let token = '';
  const flush = () => {
    out += token === '.' || token === '' ? token : Number(token) === alt1 ? '1' : '0';
    token = '';
  };
  for (const ch of gt) {
    if (ch === '/' || ch === '|') {
      flush();
      out += ch;
    } else token += ch;
  }
  flush();
  return out;
}
