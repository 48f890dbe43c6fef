import type { DuckDBValue } from '@duckdb/node-api';
import { invalidInput } from '../errors.js';
import { IMPACTS, type SampleVariantQuery, type SortKey } from './interface.js';
import { keyRange } from './variant-key.js';

export const MAX_PAGE = 1000;

const IMPACT_ORDER = `CASE v.impact ${IMPACTS.map((x, i) => `WHEN '${x}' THEN ${i}`).join(' ')} ELSE ${IMPACTS.length} END`;

const SORTS: Record<SortKey, string> = {
  position: 'c.variant_key',
  gene: 'v.gene',
  impact: IMPACT_ORDER,
  // Missing AF (not seen in any population source) sorts last both ways, as other missing values do.
  maxPopulationAf: 'v.max_population_af',
  vaf: 'c.vaf',
  clinvar: 'v.clinvar_significance',
};

/**
 * One sample's filtered, sorted, paged variant table, with the total in the same pass (a window
 * count). The sample filter comes first so that zone maps skip every other sample's row groups;
 * a region becomes a variant_key range, which is contiguous within a sample.
 */
export function sampleVariantsSql(q: SampleVariantQuery, sampleIdx: number): { sql: string; params: DuckDBValue[] } {
  const params: DuckDBValue[] = [sampleIdx];
  const p = (v: DuckDBValue) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where = ['c.sample_idx = $1'];
  const variantFiltered = Boolean(q.region || q.genes?.length || q.consequences?.length || q.impacts?.length || q.maxPopulationAf !== undefined || q.clinvar?.length);
  if (q.region) {
    const [lo, hi] = keyRange(q.region.chrom, q.region.start1 ?? 1, q.region.end1 ?? 2 ** 28 - 2);
    where.push(`c.variant_key >= ${p(lo)} AND c.variant_key < ${p(hi)} AND v.chrom = ${p(q.region.chrom)}`);
  }
  if (q.genes?.length) where.push(`v.gene IN (${q.genes.map(p).join(', ')})`);
  if (q.consequences?.length) where.push(`v.consequence IN (${q.consequences.map(p).join(', ')})`);
  if (q.impacts?.length) where.push(`v.impact IN (${q.impacts.map(p).join(', ')})`);
  if (q.maxPopulationAf !== undefined) where.push(`coalesce(v.max_population_af, 0) <= ${p(q.maxPopulationAf)}`);
  if (q.clinvar?.length) where.push(`(${q.clinvar.map((c) => `lower(v.clinvar_significance) LIKE ${p(`%${c.toLowerCase()}%`)}`).join(' OR ')})`);
  if (q.passOnly) where.push(`c.filter IN ('PASS', '.')`);
  if (q.minVaf !== undefined) where.push(`c.vaf >= ${p(q.minVaf)}`);
  const limit = q.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
    throw invalidInput('BAD_PAGE', `limit: expected 1…${MAX_PAGE}, got ${limit}`, { field: 'limit' });
  }
  const offset = q.offset ?? 0;
  const sort = SORTS[q.sort ?? 'position'];
  const dir = q.descending ? 'DESC' : 'ASC';
  if (!variantFiltered && ((q.sort ?? 'position') === 'position' || q.sort === 'vaf')) {
    return { sql: callsFirstSql(where, sort, dir, limit, p(offset)), params };
  }
  const sql = `
    SELECT c.variant_key, v.chrom, v.pos, v.ref, v.alt, v.gene, v.consequence, v.impact, v.hgvsc, v.hgvsp,
      v.max_population_af, v.clinvar_significance, c.gt, c.ad_ref, c.ad_alt, c.dp, c.gq, c.vaf, c.filter,
      count(*) OVER () AS total
    FROM calls c JOIN variants v ON v.variant_key = c.variant_key
    WHERE ${where.join(' AND ')}
    ORDER BY ${sort} ${dir} NULLS LAST, c.variant_key
    LIMIT ${limit} OFFSET ${p(offset)}`;
  return { sql, params };
}

/**
 * Without filters on the variant's columns, the page is chosen from the sample's calls alone and
 * only its rows are joined to `variants` (whose key zone maps then skip almost every row group):
 * a whole-sample join read all 4M variants to show 50 (bench:queries, 10 genomes: 389 ms median).
 */
function callsFirstSql(where: string[], sort: string, dir: string, limit: number, offsetParam: string): string {
  return `
    WITH page AS (
      SELECT c.*, count(*) OVER () AS total FROM calls c
      WHERE ${where.join(' AND ')}
      ORDER BY ${sort} ${dir} NULLS LAST, c.variant_key
      LIMIT ${limit} OFFSET ${offsetParam})
    SELECT c.variant_key, v.chrom, v.pos, v.ref, v.alt, v.gene, v.consequence, v.impact, v.hgvsc, v.hgvsp,
      v.max_population_af, v.clinvar_significance, c.gt, c.ad_ref, c.ad_alt, c.dp, c.gq, c.vaf, c.filter, c.total
    FROM page c JOIN variants v ON v.variant_key = c.variant_key
    ORDER BY ${sort} ${dir} NULLS LAST, c.variant_key`;
}
