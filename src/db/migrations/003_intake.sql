-- Sequencing intake and QC gates (issue 4): the sequencing company's runs with their QC metrics,
-- result files (VCF/gVCF kept in the object store by SHA-256), references to files kept elsewhere
-- (CRAM/FASTQ/CRAI), each evaluation of the QC gates, and re-sequencing requests.

-- One library of one specimen on one instrument run, as the sequencing company's LIMS reports it.
CREATE TABLE sequencing_runs (
  id                     text PRIMARY KEY,
  case_id                text NOT NULL REFERENCES cases(id),
  specimen_id            text NOT NULL REFERENCES specimens(id),
  seq_org_id             text NOT NULL REFERENCES organisations(id),
  -- the sample name the VCF uses for this library (VCF #CHROM sample column, Mutect2 ##tumor_sample)
  sample_name            text NOT NULL,
  platform               text NOT NULL,
  instrument_run_id      text,
  library_prep           text NOT NULL,
  read_length_bp         integer NOT NULL CHECK (read_length_bp > 0),
  paired_end             boolean NOT NULL,
  pipeline_name          text NOT NULL,
  pipeline_version       text NOT NULL,
  reference_genome       text NOT NULL,
  sequenced_at           timestamptz NOT NULL,
  mean_coverage          double precision NOT NULL,
  pct_bases_20x          double precision NOT NULL,
  pct_bases_30x          double precision NOT NULL,
  q30_pct                double precision NOT NULL,
  duplication_pct        double precision NOT NULL,
  contamination_pct      double precision NOT NULL,
  insert_size_median_bp  double precision NOT NULL,
  created_at             timestamptz NOT NULL,
  created_by             text NOT NULL,
  UNIQUE (case_id, sample_name)
);
CREATE INDEX sequencing_runs_case ON sequencing_runs (case_id, created_at);
CREATE INDEX sequencing_runs_org ON sequencing_runs (seq_org_id, created_at DESC);

-- Checksummed references to files the sequencing company keeps (CRAM/FASTQ are too large to move).
CREATE TABLE sequencing_file_refs (
  id          text PRIMARY KEY,
  run_id      text NOT NULL REFERENCES sequencing_runs(id),
  type        text NOT NULL CHECK (type IN ('CRAM', 'CRAI', 'FASTQ', 'BAM', 'BAI')),
  uri         text NOT NULL,
  sha256      text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size_bytes  bigint CHECK (size_bytes >= 0),
  created_at  timestamptz NOT NULL,
  UNIQUE (run_id, uri)
);

-- Result files received into the object store (<dataDir>/objects/sha256/ab/abcd…).
-- status: uploaded (waiting for the round's QC) → queued (QC passed, handed to the variant store),
-- stored (QC passed; a gVCF is kept for joint calling, not loaded) or qc_failed (kept, never
-- ingested). Ingest progress itself is the variant store's bookkeeping (variant_ingests).
CREATE TABLE result_files (
  id                text PRIMARY KEY,
  case_id           text NOT NULL REFERENCES cases(id),
  seq_org_id        text NOT NULL REFERENCES organisations(id),
  kind              text NOT NULL CHECK (kind IN ('germline_vcf', 'germline_gvcf', 'somatic_vcf')),
  caller            text CHECK (caller IN ('mutect2', 'strelka2')),
  file_name         text NOT NULL,
  sha256            text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size_bytes        bigint NOT NULL CHECK (size_bytes >= 0),
  compression       text NOT NULL CHECK (compression IN ('none', 'gzip')),
  run_ids           text[] NOT NULL,
  -- VCF sample column → run, specimen, participant and role (tumour/normal/germline)
  samples           jsonb NOT NULL,
  pipeline_name     text NOT NULL,
  pipeline_version  text NOT NULL,
  status            text NOT NULL CHECK (status IN ('uploaded', 'queued', 'stored', 'qc_failed')),
  qc_evaluation_id  text,
  uploaded_at       timestamptz NOT NULL,
  uploaded_by       text NOT NULL
);
CREATE INDEX result_files_case ON result_files (case_id, uploaded_at);

-- Each time the gates ran for a case: the outcome, and every gate of every run evaluated.
CREATE TABLE qc_evaluations (
  id          text PRIMARY KEY,
  case_id     text NOT NULL REFERENCES cases(id),
  passed      boolean NOT NULL,
  -- [{ runId, specimenId, specimenType, metric, value, op, threshold, passed }]
  gates       jsonb NOT NULL,
  at          timestamptz NOT NULL
);
CREATE INDEX qc_evaluations_case ON qc_evaluations (case_id, at);

-- Raised when the gates fail; the sequencing company sees it and answers with a new run.
CREATE TABLE resequencing_requests (
  id                text PRIMARY KEY,
  case_id           text NOT NULL REFERENCES cases(id),
  seq_org_id        text NOT NULL REFERENCES organisations(id),
  qc_evaluation_id  text NOT NULL REFERENCES qc_evaluations(id),
  -- [{ runId, specimenId, specimenType, reasons: string[] }]
  items             jsonb NOT NULL,
  status            text NOT NULL CHECK (status IN ('open', 'fulfilled')),
  created_at        timestamptz NOT NULL,
  fulfilled_at      timestamptz,
  fulfilled_by_run  text
);
CREATE INDEX resequencing_requests_org ON resequencing_requests (seq_org_id, status, created_at DESC);
CREATE INDEX resequencing_requests_case ON resequencing_requests (case_id);
