-- From here on the audit chain is keyed (HMAC-SHA256 with a key derived from the platform secret,
-- src/audit/keys.ts). Entries already written keep their plain SHA-256 hashes and stay verifiable:
-- keyed_from is the first entry that is keyed. Rewriting an older entry still changes the
-- prev_hash of entry keyed_from, whose HMAC cannot be recomputed without the secret; moving
-- keyed_from is caught by the signed checkpoints outside the database (docs/audit.md).
ALTER TABLE audit_head ADD COLUMN keyed_from bigint NOT NULL DEFAULT 1;
UPDATE audit_head SET keyed_from = seq + 1;
