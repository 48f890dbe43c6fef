-- The operator's audit log screen filters by actor, action and time (newest first, paged by seq);
-- without these a filter on a long log scans it whole.
CREATE INDEX audit_actor ON audit_log (actor_id, seq);
CREATE INDEX audit_action ON audit_log (action, seq);
CREATE INDEX audit_at ON audit_log (at);
