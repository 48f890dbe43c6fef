import type { CallRow, VariantRow } from './interface.js';

/**
 * Staged rows as tab-separated text, the form staging workers hand to the main thread and DuckDB
 * loads with one COPY per chunk (duckdb-staging.ts). Appending row by row through the Appender
 * cost the main thread ~25 µs per row (one N-API call per value), more than parsing and
 * annotating the row in a worker; a string per batch costs it one write.
 *
 * NULL is `\N`; a string that contains a tab, newline or quote, is empty or is literally `\N` is
 * quoted ("" inside), so every value reads back as written (COPY … ALLOW_QUOTED_NULLS false).
 */
export const TSV_COPY_OPTIONS = `FORMAT csv, DELIMITER '\t', QUOTE '"', ESCAPE '"', NULL '\\N', HEADER false, AUTO_DETECT false, ALLOW_QUOTED_NULLS false`;

const NEEDS_QUOTES = /[\t\n\r"]/;

export function tsvText(v: string | null): string {
  if (v === null) return '\\N';
  if (v === '' || v === '\\N' || NEEDS_QUOTES.test(v)) return `"${v.replace(/"/g, '""')}"`;
  return v;
}

function tsvInt(v: number | null): string {
  return v === null ? '\\N' : String(v);
}

/** One stage_variants line (with its newline), columns in STAGING_DDL order. */
export function variantTsv(r: VariantRow): string {
  return (
    `${r.variantKey}\t${tsvText(r.chrom)}\t${r.pos1}\t${tsvText(r.ref)}\t${tsvText(r.alt)}\t${tsvText(r.kind)}\t` +
    `${tsvText(r.gene)}\t${tsvText(r.geneId)}\t${tsvText(r.transcriptId)}\t${tsvText(r.consequence)}\t${tsvText(r.impact)}\t` +
    `${tsvText(r.hgvsc)}\t${tsvText(r.hgvsp)}\t${tsvText(r.clinvarSignificance)}\t${tsvText(r.clinvarReviewStatus)}\t` +
    `${r.maxPopulationAf === null ? '\\N' : tsvText(JSON.stringify(r.populationAf))}\t${r.maxPopulationAf === null ? '\\N' : String(r.maxPopulationAf)}\t` +
    `${tsvText(r.csq)}\t${tsvText(r.annotationVersion)}\n`
  );
}

/** One stage_calls line (with its newline). VAF is FLOAT: written as its float32 value, so COPY stores what appendFloat did. */
export function callTsv(r: CallRow): string {
  const vaf = r.vaf === null || !Number.isFinite(r.vaf) ? '\\N' : String(Math.fround(r.vaf));
  return (
    `${r.variantKey}\t${tsvText(r.gt)}\t${tsvInt(r.adRef)}\t${tsvInt(r.adAlt)}\t${tsvInt(r.dp)}\t${tsvInt(r.gq)}\t${vaf}\t` +
    `${tsvText(r.filter)}\t${tsvInt(r.normalAdRef)}\t${tsvInt(r.normalAdAlt)}\t${tsvInt(r.normalDp)}\n`
  );
}
