-- Login throttling state, one row per throttled key ('user:<name>' or 'ip:<address>'). An attempt
-- is counted here *before* its password is checked, in one statement that also refuses it when the
-- key is locked, so concurrent guesses cannot all pass a count taken before any of them failed.
-- login_failures stays the history of failed attempts; a successful login no longer deletes it.
CREATE TABLE login_throttle (
  key              text PRIMARY KEY,
  failures         integer NOT NULL,
  last_failure_at  timestamptz NOT NULL,
  locked_until     timestamptz
);
