-- Variant-store ingest bookkeeping (issue 4). The rows themselves live in the variant store
-- (DuckDB or ClickHouse); PostgreSQL records which file of which sample was loaded, so the two are
-- joined by sample id only. One row per (sample, file): re-submitting the same file finds its row.
-- status: queued → running → loaded | failed; a loaded row becomes replaced when another file of
-- the same sample is loaded with replace. Reconciliation (variant-store/service.ts) repairs a
-- process that died between the variant store's commit and this table's.
CREATE TABLE variant_ingests (
  sample_id      text NOT NULL,
  file_sha256    text NOT NULL CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
  file_path      text NOT NULL,
  kind           text NOT NULL CHECK (kind IN ('germline', 'somatic')),
  caller         text CHECK (caller IN ('mutect2', 'strelka2')),
  vcf_sample     text,
  normal_sample  text,
  status         text NOT NULL CHECK (status IN ('queued', 'running', 'loaded', 'failed', 'replaced')),
  attempts       integer NOT NULL DEFAULT 0,
  job_id         text,
  records        bigint,
  calls          bigint,
  new_variants   bigint,
  -- { code, kind, message, details: { file, line, field } } of the last failure
  error          jsonb,
  created_at     timestamptz NOT NULL DEFAULT now(),
  started_at     timestamptz,
  finished_at    timestamptz,
  PRIMARY KEY (sample_id, file_sha256)
);
CREATE UNIQUE INDEX variant_ingests_one_loaded ON variant_ingests (sample_id) WHERE status = 'loaded';
CREATE INDEX variant_ingests_status ON variant_ingests (status, created_at);
