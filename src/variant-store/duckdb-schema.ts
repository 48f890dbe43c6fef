/**
 * The DuckDB layout (docs/variant-store.md has the ClickHouse equivalent). DuckDB has no
 * clustered index: rows are kept in key order by loading each sample as one sorted insert, so the
 * per-row-group min/max (zone maps) on sample_idx and variant_key prune scans. Calls carry an
 * integer sample number, not the sample id: DuckDB keeps only 8 bytes of a VARCHAR's min/max, so
 * ids such as K-000123-T1 that share a prefix would defeat the per-sample pruning. No ART indexes: they
 * cost ~40 bytes per row in memory and slow bulk inserts, for lookups the zone maps already serve.
 *
 * `calls_by_variant` holds the same rows ordered by variant_key, for carriers of one variant
 * across samples (ClickHouse: the by_variant projection). It is appended to in sorted runs, a
 * batch of samples at a time, and rewritten as one run when the runs grow many; samples above
 * `by_variant_through` are not in it yet and are read from `calls`.
 */
export const STORE_SCHEMA_VERSION = 1;

const VARIANT_COLUMNS = `
  variant_key           BIGINT NOT NULL,
  chrom                 VARCHAR NOT NULL,
  pos                   INTEGER NOT NULL,
  ref                   VARCHAR NOT NULL,
  alt                   VARCHAR NOT NULL,
  kind                  VARCHAR NOT NULL,
  gene                  VARCHAR,
  gene_id               VARCHAR,
  transcript_id         VARCHAR,
  consequence           VARCHAR,
  impact                VARCHAR,
  hgvsc                 VARCHAR,
  hgvsp                 VARCHAR,
  clinvar_significance  VARCHAR,
  clinvar_review_status VARCHAR,
  population_af         MAP(VARCHAR, DOUBLE),
  max_population_af     DOUBLE,
  csq                   VARCHAR,
  annotation_version    VARCHAR NOT NULL`;

const CALL_COLUMNS = `
  variant_key    BIGINT NOT NULL,
  gt             VARCHAR,
  ad_ref         INTEGER,
  ad_alt         INTEGER,
  dp             INTEGER,
  gq             INTEGER,
  vaf            FLOAT,
  filter         VARCHAR NOT NULL,
  normal_ad_ref  INTEGER,
  normal_ad_alt  INTEGER,
  normal_dp      INTEGER`;

/** `calls` and its variant-ordered copy have the same columns. */
export function callsTableDdl(name: string): string {
  return `CREATE TABLE IF NOT EXISTS ${name} (
  sample_idx     INTEGER NOT NULL,${CALL_COLUMNS});`;
}

export const STORE_DDL = `
CREATE TABLE IF NOT EXISTS store_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS variants (${VARIANT_COLUMNS});
${callsTableDdl('calls')}
${callsTableDdl('calls_by_variant')}
CREATE TABLE IF NOT EXISTS samples (
  sample_id     VARCHAR PRIMARY KEY,
  sample_idx    INTEGER NOT NULL UNIQUE,
  file_sha256   VARCHAR NOT NULL,
  kind          VARCHAR NOT NULL,
  vcf_sample    VARCHAR NOT NULL,
  records       BIGINT NOT NULL,
  calls         BIGINT NOT NULL,
  new_variants  BIGINT NOT NULL,
  loaded_at     TIMESTAMPTZ NOT NULL);
INSERT OR IGNORE INTO store_meta VALUES ('schema_version', '${STORE_SCHEMA_VERSION}'), ('by_variant_through', '0'), ('by_variant_runs', '0');
`;

/** Staging tables: the same columns, population AF as JSON text (cheap to append). */
export const STAGING_DDL = `
CREATE TABLE stage_variants (${VARIANT_COLUMNS.replace('MAP(VARCHAR, DOUBLE)', 'VARCHAR')});
CREATE TABLE stage_calls (${CALL_COLUMNS});
`;
