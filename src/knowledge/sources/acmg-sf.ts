import { invalidInput } from '../../errors.js';
import { columnIndex, DelimitedRows, fieldOf } from '../delimited.js';
import type { AcmgSfGene, Lines, Parsed } from '../types.js';

/**
 * The ACMG secondary-findings list as published (Miller et al. 2023, v3.2): tab-separated,
 * quoted fields that may contain line breaks, upstream typos in the header ("Phentyope",
 * "Inheritance " with a space) kept as they are. The release is the highest `SF List Version`.
 */
export async function parseAcmgSf(lines: Lines): Promise<Parsed<AcmgSfGene[]>> {
  const rows = new DelimitedRows('\t');
  const out: AcmgSfGene[] = [];
  let col: Record<'gene' | 'disease' | 'inheritance' | 'version' | 'report', number> | undefined;
  let latest: number[] = [];
  for await (const [line, n] of lines) {
    if (line === '') continue;
    const row = rows.push(line, n);
    if (!row) continue;
    if (!col) {
      const h = row.fields;
      const disease = h.findIndex((x) => /^Disease\/Phen/i.test(x.trim()));
      if (disease < 0) throw invalidInput('COLUMN_MISSING', 'header has no column "Disease/Phenotype"', { line: n, field: 'Disease/Phenotype' });
      col = { gene: columnIndex(h, 'Gene', n), disease, inheritance: columnIndex(h, 'Inheritance', n), version: columnIndex(h, 'SF List Version', n), report: columnIndex(h, 'Variants to report', n) };
      continue;
    }
    const addedIn = fieldOf(row, col.version, 'SF List Version');
    if (!/^[0-9]+(\.[0-9]+)*$/.test(addedIn)) throw invalidInput('ACMG_SF_VERSION', `SF List Version: expected a version such as 3.2, got "${addedIn}"`, { line: row.line, field: 'SF List Version' });
    const v = addedIn.split('.').map(Number);
    if (compare(v, latest) > 0) latest = v;
    out.push({
      gene: fieldOf(row, col.gene, 'Gene'),
      disease: fieldOf(row, col.disease, 'Disease/Phenotype').replace(/\s+/g, ' '),
      inheritance: fieldOf(row, col.inheritance, 'Inheritance'),
      addedIn,
      variantsToReport: fieldOf(row, col.report, 'Variants to report').replace(/\s+/g, ' '),
    });
  }
  rows.finish();
  return { data: out, version: latest.length > 0 ? latest.join('.') : null };
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
