import { invalidInput } from '../../errors.js';
import { columnIndex, DelimitedRows, fieldOf } from '../delimited.js';
import type { ClingenDosage, ClingenValidity, Lines, Parsed } from '../types.js';

/**
 * ClinGen gene–disease validity CSV. The official download starts with a banner (title, date,
 * `+++` lines) before the `"GENE SYMBOL"` header; copies without it are accepted too. The
 * release is the banner's date when present.
 */
export async function parseClingenValidity(lines: Lines): Promise<Parsed<ClingenValidity[]>> {
  const rows = new DelimitedRows(',');
  const out: ClingenValidity[] = [];
  let col: Record<'gene' | 'hgnc' | 'disease' | 'mondo' | 'moi' | 'cls' | 'date', number> | undefined;
  let version: string | null = null;
  for await (const [line, n] of lines) {
    if (!col) {
      const banner = /FILE CREATED: *([0-9]{4}-[0-9]{2}-[0-9]{2})/.exec(line);
      if (banner) version = banner[1]!;
      if (!line.startsWith('"GENE SYMBOL"') && !line.startsWith('GENE SYMBOL')) continue;
      const h = rows.push(line, n)!.fields;
      col = { gene: columnIndex(h, 'GENE SYMBOL', n), hgnc: columnIndex(h, 'GENE ID (HGNC)', n), disease: columnIndex(h, 'DISEASE LABEL', n), mondo: columnIndex(h, 'DISEASE ID (MONDO)', n), moi: columnIndex(h, 'MOI', n), cls: columnIndex(h, 'CLASSIFICATION', n), date: columnIndex(h, 'CLASSIFICATION DATE', n) };
      continue;
    }
    if (line === '' || /^"?\+\+\+/.test(line)) continue;
    const row = rows.push(line, n);
    if (!row) continue;
    out.push({
      gene: fieldOf(row, col.gene, 'GENE SYMBOL'),
      hgncId: fieldOf(row, col.hgnc, 'GENE ID (HGNC)'),
      disease: fieldOf(row, col.disease, 'DISEASE LABEL'),
      mondoId: fieldOf(row, col.mondo, 'DISEASE ID (MONDO)'),
      moi: fieldOf(row, col.moi, 'MOI'),
      classification: fieldOf(row, col.cls, 'CLASSIFICATION'),
      date: fieldOf(row, col.date, 'CLASSIFICATION DATE').slice(0, 10),
    });
  }
  rows.finish();
  if (!col) throw invalidInput('CLINGEN_HEADER', 'no "GENE SYMBOL" header line found', { field: 'header' });
  return { data: out, version };
}

const DOSAGE_SCORE = /^(0|1|2|3|30|40|Not yet evaluated|)$/;

/**
 * ClinGen dosage sensitivity gene list (TSV): `#` metadata lines, one of them the date
 * (`#06 Feb,2026`, the release), then the `#Gene Symbol` header.
 */
export async function parseClingenDosage(lines: Lines): Promise<Parsed<ClingenDosage[]>> {
  const out: ClingenDosage[] = [];
  let col: { gene: number; hi: number; ts: number } | undefined;
  let version: string | null = null;
  for await (const [line, n] of lines) {
    if (!col) {
      const date = /^#([0-9]{1,2}) ([A-Z][a-z]{2}) ?,? ?([0-9]{4})$/.exec(line.trim());
      if (date) version = isoDate(date[3]!, date[2]!, date[1]!);
      if (line.startsWith('#Gene Symbol')) {
        const h = line.split('\t');
        col = { gene: columnIndex(h, 'Gene Symbol', n), hi: columnIndex(h, 'Haploinsufficiency Score', n), ts: columnIndex(h, 'Triplosensitivity Score', n) };
      }
      continue;
    }
    if (line === '') continue;
    const row = { fields: line.split('\t'), line: n };
    const hi = fieldOf(row, col.hi, 'Haploinsufficiency Score');
    const ts = fieldOf(row, col.ts, 'Triplosensitivity Score');
    for (const [v, name] of [[hi, 'Haploinsufficiency Score'], [ts, 'Triplosensitivity Score']] as const) {
      if (!DOSAGE_SCORE.test(v)) throw invalidInput('CLINGEN_SCORE', `${name}: expected 0, 1, 2, 3, 30, 40 or "Not yet evaluated", got "${v}"`, { line: n, field: name });
    }
    out.push({ gene: fieldOf(row, col.gene, 'Gene Symbol'), haploinsufficiency: hi, triplosensitivity: ts });
  }
  if (!col) throw invalidInput('CLINGEN_HEADER', 'no "#Gene Symbol" header line found', { field: 'header' });
  return { data: out, version };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function isoDate(year: string, month: string, day: string): string | null {
  const m = MONTHS.indexOf(month);
  return m < 0 ? null : `${year}-${String(m + 1).padStart(2, '0')}-${day.padStart(2, '0')}`;
}
