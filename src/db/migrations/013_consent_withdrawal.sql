-- Consent withdrawal that holds (issue 8). A withdrawal is final: after it nothing else may be
-- recorded for the participant, and every read of their data stops (docs/consent-withdrawal.md).
--
-- participants.withdrawn_at is the one flag every read path tests ("in use" = NULL). It is kept
-- by the trigger below from consent_records, in the same transaction as the withdrawal row, so the
-- two cannot disagree.
ALTER TABLE participants ADD COLUMN withdrawn_at timestamptz;

UPDATE participants p SET withdrawn_at = w.at
  FROM (SELECT participant_id, min(recorded_at) AS at FROM consent_records WHERE kind = 'withdrawal' GROUP BY participant_id) w
 WHERE w.participant_id = p.id;

CREATE INDEX participants_withdrawn ON participants (id) WHERE withdrawn_at IS NOT NULL;

-- Consent writes are serialised per participant on the participant's row: every insert takes
-- FOR UPDATE on it, so of two concurrent writes the second waits for the first to commit and then
-- sees it (READ COMMITTED re-reads the row). The service takes the same lock first and answers
-- 409 CONSENT_WITHDRAWN; this trigger is the backstop for any other writer.
CREATE FUNCTION consent_records_serialise() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  withdrawn timestamptz;
  last_at timestamptz;
BEGIN
  SELECT withdrawn_at INTO withdrawn FROM participants WHERE id = NEW.participant_id FOR UPDATE;
  IF withdrawn IS NOT NULL THEN
    RAISE EXCEPTION 'participant %: consent was withdrawn; a withdrawal is final', NEW.participant_id
      USING ERRCODE = 'check_violation';
  END IF;
  -- The history's order is recorded_at (the latest row is the one in force). A writer that waited
  -- for the lock may carry a time taken before it: keep it strictly after what is already there.
  SELECT max(recorded_at) INTO last_at FROM consent_records WHERE participant_id = NEW.participant_id;
  IF last_at IS NOT NULL AND NEW.recorded_at <= last_at THEN
    NEW.recorded_at := last_at + interval '1 millisecond';
  END IF;
  IF NEW.kind = 'withdrawal' THEN
    UPDATE participants SET withdrawn_at = NEW.recorded_at WHERE id = NEW.participant_id;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER consent_records_serialise BEFORE INSERT ON consent_records
  FOR EACH ROW EXECUTE FUNCTION consent_records_serialise();

-- The variant reads look up the samples (runs) of withdrawn participants on every request:
-- participants → specimens → runs, from the few withdrawn rows.
CREATE INDEX specimens_participant ON specimens (participant_id);
CREATE INDEX sequencing_runs_specimen ON sequencing_runs (specimen_id);
