-- Clinical data received over FHIR R4 (src/clinical). Resources are stored as the de-identified
-- JSON Kiban keeps (src/clinical/privacy.ts), one current row plus every version in the history.
-- Each resource belongs to the hospital that sent it; a Patient is linked to the Kiban participant
-- found by the keyed HMAC of its hospital identifier (never stored in clear).

CREATE TABLE fhir_resources (
  resource_type    text NOT NULL,
  id               text NOT NULL,
  hospital_org_id  text NOT NULL REFERENCES organisations(id),
  -- The participant this resource is about (the Patient's, or the one its subject/patient names).
  participant_id   text NOT NULL REFERENCES participants(id),
  version_id       integer NOT NULL CHECK (version_id >= 1),
  last_updated     timestamptz NOT NULL,
  content          jsonb NOT NULL,
  -- Provenance of the current version: the system that sent it (SMART client id or API token id).
  sent_by          text NOT NULL,
  PRIMARY KEY (resource_type, id)
);
CREATE INDEX fhir_resources_scope ON fhir_resources (hospital_org_id, resource_type, last_updated, id);
CREATE INDEX fhir_resources_participant ON fhir_resources (participant_id);
-- One FHIR Patient per participant: a resend must update (or use If-None-Exist), not duplicate.
CREATE UNIQUE INDEX fhir_patient_per_participant ON fhir_resources (participant_id) WHERE resource_type = 'Patient';

CREATE TABLE fhir_resource_history (
  resource_type  text NOT NULL,
  id             text NOT NULL,
  version_id     integer NOT NULL,
  last_updated   timestamptz NOT NULL,
  content        jsonb NOT NULL,
  PRIMARY KEY (resource_type, id, version_id),
  FOREIGN KEY (resource_type, id) REFERENCES fhir_resources (resource_type, id)
);
CREATE TRIGGER fhir_resource_history_no_update BEFORE UPDATE OR DELETE ON fhir_resource_history
  FOR EACH ROW EXECUTE FUNCTION history_append_only();

-- Search index of the current version, extracted with FHIRPath (src/clinical/search-index.ts).
-- token: system + code (identifier values are a keyed HMAC, never the value); reference: ref
-- ("Patient/<id>"); date: the instant range [date_lo, date_hi) the element covers.
CREATE TABLE fhir_search (
  resource_type  text NOT NULL,
  id             text NOT NULL,
  param          text NOT NULL,
  system         text,
  code           text,
  ref            text,
  date_lo        timestamptz,
  date_hi        timestamptz,
  FOREIGN KEY (resource_type, id) REFERENCES fhir_resources (resource_type, id)
);
CREATE INDEX fhir_search_token ON fhir_search (param, code, resource_type);
CREATE INDEX fhir_search_ref ON fhir_search (param, ref, resource_type);
CREATE INDEX fhir_search_date ON fhir_search (param, resource_type, date_lo, date_hi);
CREATE INDEX fhir_search_resource ON fhir_search (resource_type, id);
