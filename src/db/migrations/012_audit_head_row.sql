-- The audit chain's head exists from the start (seq 0 and the genesis hash: an empty chain), so an
-- append can lock it and read the latest committed head in one statement (SELECT … FOR UPDATE),
-- where it took an advisory lock and a second statement before.
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, repeat('0', 64)) ON CONFLICT (id) DO NOTHING;
