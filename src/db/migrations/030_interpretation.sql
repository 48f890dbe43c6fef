-- Interpretation inside the platform (issue 11). HPO terms per case, as sets: each change adds a
-- row, the latest is current, nothing is overwritten (who set which terms when stays readable).
CREATE TABLE case_phenotype_sets (
  id          text PRIMARY KEY,
  case_id     text NOT NULL REFERENCES cases(id),
  -- ["HP:0001250", …] in the order entered
  terms       jsonb NOT NULL,
  set_by      text NOT NULL,
  set_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_phenotype_sets_case ON case_phenotype_sets (case_id, set_at DESC);

-- One row per interpretation run of a case; every run is kept. The knowledge version is the
-- bundle's content id plus the curated table's version (0 until curated additions exist).
-- status: running → completed | failed.
CREATE TABLE interpretation_runs (
  id                 text PRIMARY KEY,
  case_id            text NOT NULL REFERENCES cases(id),
  status             text NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
  knowledge_id       text NOT NULL,
  curated_version    integer NOT NULL DEFAULT 0,
  -- { key: "name version (sha256 …)" } of each knowledge source; demo: built-in demo content
  knowledge_sources  jsonb NOT NULL,
  knowledge_demo     boolean NOT NULL DEFAULT false,
  pipeline_version   text NOT NULL,
  -- HPO terms, family members and their variant-store samples the run used
  hpo_terms          jsonb NOT NULL,
  family             jsonb NOT NULL,
  -- { code, message } when failed
  error              jsonb,
  requested_by       text NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  finished_at        timestamptz
);
CREATE INDEX interpretation_runs_case ON interpretation_runs (case_id, created_at DESC);

-- The ranked candidates of a run. variants: each allele with its annotation, genotypes, and the
-- automated ACMG/AMP criteria (code, strength, met, evidence, source), Table 5 class and points.
CREATE TABLE interpretation_candidates (
  run_id           text NOT NULL REFERENCES interpretation_runs(id),
  rank             integer NOT NULL CHECK (rank >= 1),
  gene             text NOT NULL,
  mode             text NOT NULL,
  score            double precision NOT NULL,
  variant_score    double precision NOT NULL,
  phenotype_score  double precision,
  -- most severe ACMG class among the candidate's variants
  acmg_class       text NOT NULL,
  variants         jsonb NOT NULL,
  phenotype        jsonb,
  explanation      jsonb NOT NULL,
  PRIMARY KEY (run_id, rank)
);
