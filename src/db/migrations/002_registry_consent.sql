-- Registry and consent: the programme's consent documents, indexes for the case list at 10,000+
-- cases, and append-only guards on the two history tables.

-- Consent documents (説明文書・同意書) of the Whole Genome Analysis Action Plan. A new version is a
-- new row; records point at the version the participant signed.
INSERT INTO consent_documents (id, code, version, title, title_ja, effective_from) VALUES
  ('WGS-AP-1.0', 'WGS-AP', '1.0',
   'Whole Genome Analysis Action Plan: information sheet and consent form, version 1.0',
   '全ゲノム解析等実行計画 説明文書・同意書 第1.0版', '2022-10-01'),
  ('WGS-AP-2.0', 'WGS-AP', '2.0',
   'Whole Genome Analysis Action Plan: information sheet and consent form, version 2.0 (industry use and international sharing asked separately)',
   '全ゲノム解析等実行計画 説明文書・同意書 第2.0版（産業利用・国外共有を個別に確認）', '2024-04-01'),
  ('WGS-AP-RD-1.0', 'WGS-AP-RD', '1.0',
   'Whole Genome Analysis Action Plan, rare disease: consent form for the patient and family members, version 1.0',
   '全ゲノム解析等実行計画（難病） 患者・家族用 同意書 第1.0版', '2022-10-01');

-- Case list filters and sorts (registry/store.ts listCases). The hospital, state and created_at
-- indexes come from 001. text_pattern_ops lets `id LIKE 'K-0012%'` use an index under any collation.
CREATE INDEX cases_state_changed ON cases (state_changed_at DESC);
CREATE INDEX cases_id_prefix ON cases (id text_pattern_ops);
CREATE INDEX cases_domain_category ON cases (domain, category, created_at DESC);
CREATE INDEX cases_proband ON cases (proband_id);

-- History is the record: a change of mind is a new consent row, a move is a new case event.
CREATE FUNCTION history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END $$;
CREATE TRIGGER consent_records_no_update BEFORE UPDATE OR DELETE ON consent_records
  FOR EACH ROW EXECUTE FUNCTION history_append_only();
CREATE TRIGGER case_events_no_update BEFORE UPDATE OR DELETE ON case_events
  FOR EACH ROW EXECUTE FUNCTION history_append_only();
