-- A result file whose ingest failed can be replaced by a corrected upload (the case stays at
-- qc_passed: the runs' QC does not change). The failed file is kept, as `replaced`, for the record.
ALTER TABLE result_files DROP CONSTRAINT result_files_status_check;
ALTER TABLE result_files ADD CONSTRAINT result_files_status_check
  CHECK (status IN ('uploaded', 'queued', 'stored', 'qc_failed', 'replaced'));
ALTER TABLE result_files ADD COLUMN replaces_file_id text REFERENCES result_files(id);

-- A running ingest's worker touches heartbeat_at every few seconds. A running row whose heartbeat
-- is stale lost its worker (a killed server): it becomes `interrupted` and its job is failed so
-- that the queue retries it, instead of waiting for the job's hour-long expiry.
ALTER TABLE variant_ingests ADD COLUMN heartbeat_at timestamptz;
ALTER TABLE variant_ingests DROP CONSTRAINT variant_ingests_status_check;
ALTER TABLE variant_ingests ADD CONSTRAINT variant_ingests_status_check
  CHECK (status IN ('queued', 'running', 'interrupted', 'loaded', 'failed', 'replaced'));
