import { invalidInput } from '../../errors.js';
import { DelimitedRows, fieldOf, type Row } from '../delimited.js';
import type { CivicEvidence, CivicKnowledge, Lines, Parsed } from '../types.js';

/** Reads a header row and then yields rows with a column getter by name. */
async function* table(lines: Lines): AsyncGenerator<{ row: Row; get: (name: string) => string; has: (name: string) => boolean }> {
  const rows = new DelimitedRows('\t');
  let header: string[] | undefined;
  for await (const [line, n] of lines) {
    if (line === '') continue;
    const row = rows.push(line, n);
    if (!row) continue;
    if (!header) {
      header = row.fields.map((h) => h.trim());
      continue;
    }
    const cols = header;
    yield {
      row,
      has: (name) => cols.includes(name),
      get: (name) => {
        const k = cols.indexOf(name);
        if (k < 0) throw invalidInput('COLUMN_MISSING', `header has no column "${name}"`, { line: row.line, field: name });
        return fieldOf(row, k, name);
      },
    };
  }
  rows.finish();
}

/**
 * CIViC clinical evidence, in the current (2023+, molecular-profile) format or the 2018 nightly
 * format (gene, variant, drugs, clinical_significance). The release is the latest
 * `last_review_date` (CIViC dumps carry no release field).
 */
export async function parseCivicEvidence(lines: Lines): Promise<Parsed<CivicEvidence[]>> {
  const evidence: CivicEvidence[] = [];
  let latest = '';
  for await (const { row, get, has } of table(lines)) {
    const current = has('molecular_profile');
    const profile = current ? get('molecular_profile') : `${get('gene')} ${get('variant')}`;
    const space = profile.indexOf(' ');
    const level = get('evidence_level');
    if (!/^[A-E]$/.test(level)) throw invalidInput('CIVIC_LEVEL', `evidence_level: expected A–E, got "${level}"`, { line: row.line, field: 'evidence_level' });
    const rating = get('rating');
    const therapies = get(current ? 'therapies' : 'drugs');
    evidence.push({
      id: `EID${get('evidence_id')}`,
      molecularProfile: profile,
      gene: current ? (space < 0 ? profile : profile.slice(0, space)) : get('gene'),
      variant: current ? (space < 0 ? '' : profile.slice(space + 1)) : get('variant'),
      disease: get('disease'),
      doid: get('doid'),
      therapies: therapies === '' ? [] : therapies.split(',').map((t) => t.trim()),
      evidenceType: get('evidence_type'),
      evidenceDirection: get('evidence_direction'),
      evidenceLevel: level,
      significance: get(current ? 'significance' : 'clinical_significance'),
      rating: rating === '' ? null : Number(rating),
      variantOrigin: get('variant_origin'),
      citation: has('citation') ? get('citation') : get('pubmed_id'),
    });
    const reviewed = get('last_review_date').slice(0, 10);
    if (reviewed > latest) latest = reviewed;
  }
  return { data: evidence, version: latest === '' ? null : latest };
}

/** CIViC variant summaries (2025 derived table or 2018 VariantSummaries): id → gene, name, HGVS. */
export async function parseCivicVariants(lines: Lines): Promise<Parsed<CivicKnowledge['variants']>> {
  const variants: CivicKnowledge['variants'] = {};
  for await (const { get, has } of table(lines)) {
    const hgvs = get(has('hgvs_descriptions') ? 'hgvs_descriptions' : 'hgvs_expressions');
    variants[get('variant_id')] = {
      gene: get('gene'),
      variant: get('variant'),
      hgvs: hgvs === '' ? [] : hgvs.split(',').map((h) => h.trim()),
      molecularProfileId: has('single_variant_molecular_profile_id') ? get('single_variant_molecular_profile_id') : '',
    };
  }
  return { data: variants, version: null };
}
