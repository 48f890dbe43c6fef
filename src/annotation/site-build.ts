import { atLocation } from '../errors.js';
import { normalizeRecord } from '../genomics/normalize/index.js';
import type { SequenceReader } from '../genomics/types.js';
import { VcfHeaderParser, parseVcfRecord, type VcfHeader, type VcfRecord } from '../genomics/vcf/index.js';
import { readLines } from './line-reader.js';
import { SiteTableWriter, type Site } from './site-table.js';

export type SiteSourceKind = 'clinvar' | 'population';

export const SITE_FIELDS: Record<SiteSourceKind, string[]> = {
  clinvar: ['CLNSIG', 'CLNREVSTAT'],
  population: ['AC', 'AN', 'AF'],
};

/**
 * How far left normalisation may move a site before the table's sort order breaks: sites are held
 * this long and written sorted. A left shift through a longer repeat is refused (rare: the source
 * would have to carry an indel in a >10 kb tandem repeat written at its right end).
 */
const SORT_WINDOW_BP = 10_000;

export interface SiteBuildResult {
  header: VcfHeader;
  records: number;
  sites: number;
}

/**
 * Streams a ClinVar or population VCF into a site table, normalising every ALT with the engine's
 * normaliser (split, trim, left-align) against `reader`, so that lookups match normalised input.
 */
export async function buildSiteTable(
  vcfPath: string,
  outPath: string,
  kind: SiteSourceKind,
  reader: SequenceReader,
): Promise<SiteBuildResult> {
  const writer = new SiteTableWriter(outPath, SITE_FIELDS[kind]);
  const headerParser = new VcfHeaderParser();
  let header: VcfHeader | undefined;
  let pending: Site[] = [];
  let lineNo = 0;
  let records = 0;
  const flush = (beforePos1: number) => {
    pending.sort(compareSites);
    let k = 0;
    while (k < pending.length && pending[k]!.pos1 < beforePos1) writer.add(pending[k++]!);
    pending = pending.slice(k);
  };
  try {
    for await (const [line, n] of readLines(vcfPath)) {
      lineNo = n;
      if (!header) {
        if (headerParser.pushLine(line)) header = headerParser.header();
        continue;
      }
      if (line === '') continue;
      const record = parseVcfRecord(line, header);
      records++;
      if (pending.length > 0 && pending[0]!.chrom !== record.CHROM) flush(Infinity);
      for (const site of sitesOf(record, kind, reader)) pending.push(site);
      if (pending.length > 0) flush(record.pos1 - SORT_WINDOW_BP);
    }
    if (!header) header = headerParser.header();
    flush(Infinity);
    writer.close();
    return { header, records, sites: writer.count };
  } catch (err) {
    throw atLocation(err, vcfPath, lineNo);
  }
}

function sitesOf(record: VcfRecord, kind: SiteSourceKind, reader: SequenceReader): Site[] {
  if (record.ALT.length === 0) return [];
  const info = record.info();
  const text = (key: string) => {
    const v = info.get(key);
    return v === undefined || v === true ? '.' : v;
  };
  const out: Site[] = [];
  for (const allele of normalizeRecord({ chrom: record.CHROM, pos1: record.pos1, ref: record.REF, alts: record.ALT }, reader)) {
    if (allele.kind === 'symbolic' || allele.kind === 'ref') continue;
    let values: string[];
    if (kind === 'clinvar') values = [text('CLNSIG'), text('CLNREVSTAT')];
    else {
      const pick = (key: string) => {
        const all = text(key).split(',');
        return all.length === record.ALT.length ? all[allele.altNumber - 1]! : all[0]!;
      };
      const ac = pick('AC');
      const an = text('AN');
      let af = pick('AF');
      // Panels that publish AC and AN only: AF = AC/AN (6 significant digits, as gnomAD prints).
      if (af === '.' && ac !== '.' && an !== '.' && Number(an) > 0) af = String(Number((Number(ac) / Number(an)).toPrecision(6)));
      values = [ac, an, af];
    }
    out.push({ chrom: allele.chrom, pos1: allele.pos1, ref: allele.ref, alt: allele.alt, values });
  }
  return out;
}

function compareSites(a: Site, b: Site): number {
  return a.pos1 - b.pos1 || (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0) || (a.alt < b.alt ? -1 : a.alt > b.alt ? 1 : 0);
}
