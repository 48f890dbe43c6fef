-- Kiban foundation: organisations, people and systems, sessions, audit, registry, consent,
-- specimens and shipments. Identifiable data never enters: no names, no birth dates, and the
-- hospital's patient id only as an HMAC keyed with the platform secret.

CREATE TABLE organisations (
  id          text PRIMARY KEY,
  type        text NOT NULL CHECK (type IN ('hospital', 'sequencing_company', 'data_center',
                'report_writer', 'review_committee', 'research_org', 'platform_operator')),
  sector      text CHECK (sector IN ('academic', 'industry')),
  name        text NOT NULL,
  name_ja     text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  CHECK ((type = 'research_org') = (sector IS NOT NULL))
);

CREATE TABLE users (
  id             text PRIMARY KEY,
  org_id         text NOT NULL REFERENCES organisations(id),
  username       text NOT NULL UNIQUE,
  display_name   text NOT NULL,
  role           text NOT NULL,
  password_hash  text NOT NULL,
  active         boolean NOT NULL DEFAULT true,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX users_org ON users (org_id);

-- The cookie holds a random id; only its SHA-256 is stored, so a database dump opens no session.
CREATE TABLE sessions (
  id_hash     text PRIMARY KEY,
  user_id     text NOT NULL REFERENCES users(id),
  csrf_token  text NOT NULL,
  ip          text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  revoked_at  timestamptz
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
  id          text PRIMARY KEY,
  token_hash  text NOT NULL UNIQUE,
  org_id      text NOT NULL REFERENCES organisations(id),
  name        text NOT NULL,
  role        text NOT NULL,
  created_by  text REFERENCES users(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz,
  revoked_at  timestamptz
);

CREATE TABLE login_failures (
  username  text NOT NULL,
  ip        text,
  at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_user_at ON login_failures (username, at);

-- Append-only, hash-chained. Each entry's hash covers its content and the previous hash;
-- audit_head pins the last entry so that removing the tail is detected too.
CREATE TABLE audit_log (
  seq           bigint PRIMARY KEY,
  at            timestamptz NOT NULL,
  actor_kind    text NOT NULL CHECK (actor_kind IN ('user', 'token', 'system')),
  actor_id      text,
  actor_org_id  text,
  action        text NOT NULL,
  entity_type   text,
  entity_id     text,
  ip            text,
  reason        text,
  details       jsonb NOT NULL DEFAULT '{}',
  prev_hash     text NOT NULL,
  hash          text NOT NULL
);
CREATE INDEX audit_entity ON audit_log (entity_type, entity_id);

CREATE TABLE audit_head (
  id    integer PRIMARY KEY CHECK (id = 1),
  seq   bigint NOT NULL,
  hash  text NOT NULL
);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- Registry --------------------------------------------------------------------------------

CREATE TABLE participants (
  id               text PRIMARY KEY,
  hospital_org_id  text NOT NULL REFERENCES organisations(id),
  patient_id_hmac  text NOT NULL,
  birth_year       integer CHECK (birth_year BETWEEN 1900 AND 2100),
  sex              text NOT NULL CHECK (sex IN ('male', 'female', 'other', 'unknown')),
  created_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (hospital_org_id, patient_id_hmac)
);

CREATE SEQUENCE case_number_seq;

CREATE TABLE cases (
  id                 text PRIMARY KEY,
  domain             text NOT NULL CHECK (domain IN ('cancer', 'rare_disease')),
  category           text NOT NULL CHECK (category IN ('refractory', 'rare', 'aya', 'hereditary',
                       'single_gene', 'multifactorial', 'undiagnosed')),
  hospital_org_id    text NOT NULL REFERENCES organisations(id),
  proband_id         text NOT NULL REFERENCES participants(id),
  return_route       text NOT NULL CHECK (return_route IN ('A', 'B')),
  diagnosis_icd10    text NOT NULL,
  diagnosis_text     text NOT NULL,
  oncotree_code      text,
  state              text NOT NULL,
  state_changed_at   timestamptz NOT NULL,
  created_at         timestamptz NOT NULL,
  created_by         text,
  CHECK ((domain = 'cancer') = (category IN ('refractory', 'rare', 'aya', 'hereditary')))
);
CREATE INDEX cases_hospital ON cases (hospital_org_id, created_at DESC);
CREATE INDEX cases_state ON cases (state, state_changed_at);
CREATE INDEX cases_created ON cases (created_at DESC);

CREATE TABLE case_members (
  case_id          text NOT NULL REFERENCES cases(id),
  participant_id   text NOT NULL REFERENCES participants(id),
  relationship     text NOT NULL CHECK (relationship IN ('proband', 'mother', 'father', 'sibling',
                     'child', 'other')),
  affected_status  text NOT NULL CHECK (affected_status IN ('affected', 'unaffected', 'unknown')),
  PRIMARY KEY (case_id, participant_id)
);
CREATE INDEX case_members_participant ON case_members (participant_id);

CREATE TABLE case_events (
  id            bigserial PRIMARY KEY,
  case_id       text NOT NULL REFERENCES cases(id),
  from_state    text,
  to_state      text NOT NULL,
  at            timestamptz NOT NULL,
  actor_id      text,
  actor_org_id  text,
  note          text
);
CREATE INDEX case_events_case ON case_events (case_id, at);
CREATE INDEX case_events_to_state ON case_events (to_state, at);

-- Consent ---------------------------------------------------------------------------------

CREATE TABLE consent_documents (
  id              text PRIMARY KEY,
  code            text NOT NULL,
  version         text NOT NULL,
  title           text NOT NULL,
  title_ja        text NOT NULL,
  effective_from  date NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (code, version)
);

-- Every change of mind is a new row; rows are never updated (history is the record).
CREATE TABLE consent_records (
  id                     text PRIMARY KEY,
  participant_id         text NOT NULL REFERENCES participants(id),
  document_id            text NOT NULL REFERENCES consent_documents(id),
  kind                   text NOT NULL CHECK (kind IN ('consent', 'withdrawal')),
  research_use           boolean NOT NULL,
  industry_use           boolean NOT NULL,
  international_sharing  boolean NOT NULL,
  recontact              boolean NOT NULL,
  secondary_findings     boolean NOT NULL,
  duo_codes              text[] NOT NULL,
  signed_on              date NOT NULL,
  effective_on           date NOT NULL,
  recorded_at            timestamptz NOT NULL,
  recorded_by            text,
  note                   text
);
CREATE INDEX consent_records_participant ON consent_records (participant_id, recorded_at);

-- Specimens and shipments -----------------------------------------------------------------

CREATE TABLE specimens (
  id              text PRIMARY KEY,
  barcode         text NOT NULL UNIQUE,
  case_id         text NOT NULL REFERENCES cases(id),
  participant_id  text NOT NULL REFERENCES participants(id),
  type            text NOT NULL CHECK (type IN ('tumour_ffpe', 'tumour_fresh_frozen', 'blood_normal',
                    'family_blood')),
  status          text NOT NULL CHECK (status IN ('collected', 'shipped', 'received', 'rejected')),
  collected_at    timestamptz NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  created_by      text
);
CREATE INDEX specimens_case ON specimens (case_id);

CREATE TABLE shipments (
  id             text PRIMARY KEY,
  from_org_id    text NOT NULL REFERENCES organisations(id),
  to_org_id      text NOT NULL REFERENCES organisations(id),
  status         text NOT NULL CHECK (status IN ('created', 'dispatched', 'received')),
  tracking_no    text,
  created_at     timestamptz NOT NULL,
  created_by     text,
  dispatched_at  timestamptz,
  received_at    timestamptz,
  received_by    text
);
CREATE INDEX shipments_from ON shipments (from_org_id, created_at DESC);
CREATE INDEX shipments_to ON shipments (to_org_id, created_at DESC);

CREATE TABLE shipment_items (
  shipment_id   text NOT NULL REFERENCES shipments(id),
  specimen_id   text NOT NULL REFERENCES specimens(id),
  check_result  text CHECK (check_result IN ('ok', 'damaged', 'missing', 'mislabelled')),
  check_note    text,
  PRIMARY KEY (shipment_id, specimen_id)
);
CREATE INDEX shipment_items_specimen ON shipment_items (specimen_id);

CREATE TABLE custody_events (
  id           bigserial PRIMARY KEY,
  specimen_id  text NOT NULL REFERENCES specimens(id),
  at           timestamptz NOT NULL,
  event        text NOT NULL CHECK (event IN ('collected', 'packed', 'dispatched', 'received', 'rejected')),
  org_id       text NOT NULL,
  actor_id     text,
  shipment_id  text,
  note         text
);
CREATE INDEX custody_events_specimen ON custody_events (specimen_id, at);
