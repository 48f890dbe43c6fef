/**
 * Column 9 of GFF3 and GTF. GFF3 (https://github.com/The-Sequence-Ontology/Specifications/blob/master/gff3.md)
 * writes `key=v1,v2;key2=v` with %-escapes; GTF writes `key "value"; key2 "value";` and repeats a key
 * (e.g. `tag`) to give several values. Both parse to key → list of values.
 */
export type Attributes = Map<string, string[]>;

export function parseGff3Attributes(column: string): Attributes {
  const attrs: Attributes = new Map();
  if (column === '.' || column === '') return attrs;
  for (const part of column.split(';')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const key = part.slice(0, eq).trim();
    const raw = part.slice(eq + 1);
    const values = raw.split(',').map(unescapeGff3);
    const prior = attrs.get(key);
    if (prior) prior.push(...values);
    else attrs.set(key, values);
  }
  return attrs;
}

function unescapeGff3(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value; // a stray '%' that is not an escape: keep the text as written
  }
}

export function parseGtfAttributes(column: string): Attributes {
  const attrs: Attributes = new Map();
  for (const part of column.split(';')) {
    const item = part.trim();
    if (item === '') continue;
    const space = item.indexOf(' ');
    if (space <= 0) continue;
    const key = item.slice(0, space);
    let value = item.slice(space + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    const prior = attrs.get(key);
    if (prior) prior.push(value);
    else attrs.set(key, [value]);
  }
  return attrs;
}

export function first(attrs: Attributes, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const v = attrs.get(key)?.[0];
    if (v !== undefined && v !== '') return v;
  }
  return undefined;
}

/** Ensembl GFF3 ids carry a type prefix (`gene:`, `transcript:`, `CDS:`); Kiban ids never do. */
export function stripIdPrefix(id: string): string {
  const colon = id.indexOf(':');
  if (colon < 0) return id;
  const prefix = id.slice(0, colon);
  return prefix === 'gene' || prefix === 'transcript' || prefix === 'CDS' || prefix === 'exon' ? id.slice(colon + 1) : id;
}
