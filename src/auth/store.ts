import type { Queryable } from '../db/index.js';
import type { OrgType, Role } from './roles.js';

export interface OrgRow {
  id: string;
  type: OrgType;
  sector: 'academic' | 'industry' | null;
  name: string;
  name_ja: string;
}

export interface UserRow {
  id: string;
  org_id: string;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string;
  active: boolean;
}

export interface PrincipalRow {
  id: string;
  org_id: string;
  org_type: OrgType;
  role: Role;
}

export async function insertOrg(q: Queryable, org: Omit<OrgRow, never>): Promise<void> {
  await q.query('INSERT INTO organisations (id, type, sector, name, name_ja) VALUES ($1, $2, $3, $4, $5)', [
    org.id, org.type, org.sector, org.name, org.name_ja,
  ]);
}

export async function listOrgs(q: Queryable, type?: OrgType): Promise<OrgRow[]> {
  return type
    ? q.query<OrgRow>('SELECT id, type, sector, name, name_ja FROM organisations WHERE type = $1 ORDER BY id', [type])
    : q.query<OrgRow>('SELECT id, type, sector, name, name_ja FROM organisations ORDER BY id');
}

export async function getOrg(q: Queryable, id: string): Promise<OrgRow | undefined> {
  const [row] = await q.query<OrgRow>('SELECT id, type, sector, name, name_ja FROM organisations WHERE id = $1', [id]);
  return row;
}

export async function insertUser(q: Queryable, u: UserRow): Promise<void> {
  await q.query(
    `INSERT INTO users (id, org_id, username, display_name, role, password_hash, active)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [u.id, u.org_id, u.username, u.display_name, u.role, u.password_hash, u.active],
  );
}

export async function findUserByUsername(q: Queryable, username: string): Promise<(UserRow & { org_type: OrgType }) | undefined> {
  const [row] = await q.query<UserRow & { org_type: OrgType }>(
    `SELECT u.*, o.type AS org_type FROM users u JOIN organisations o ON o.id = u.org_id WHERE u.username = $1`,
    [username],
  );
  return row;
}

export async function listUsers(q: Queryable, orgId?: string): Promise<Omit<UserRow, 'password_hash'>[]> {
  const cols = 'id, org_id, username, display_name, role, active';
  return orgId
    ? q.query(`SELECT ${cols} FROM users WHERE org_id = $1 ORDER BY username`, [orgId])
    : q.query(`SELECT ${cols} FROM users ORDER BY org_id, username`);
}

export async function userExists(q: Queryable, userId: string): Promise<boolean> {
  return (await q.query('SELECT 1 FROM users WHERE id = $1', [userId])).length > 0;
}

export async function setUserActive(q: Queryable, userId: string, active: boolean): Promise<boolean> {
  const rows = await q.query('UPDATE users SET active = $2 WHERE id = $1 RETURNING id', [userId, active]);
  return rows.length > 0;
}

// Sessions ---------------------------------------------------------------------------------

export async function insertSession(
  q: Queryable,
  s: { idHash: string; userId: string; csrfToken: string; ip: string | undefined; expiresAt: Date },
): Promise<void> {
  await q.query('INSERT INTO sessions (id_hash, user_id, csrf_token, ip, expires_at) VALUES ($1, $2, $3, $4, $5)', [
    s.idHash, s.userId, s.csrfToken, s.ip ?? null, s.expiresAt,
  ]);
}

export async function findLiveSession(
  q: Queryable,
  idHash: string,
): Promise<(PrincipalRow & { csrf_token: string; username: string; display_name: string }) | undefined> {
  const [row] = await q.query<PrincipalRow & { csrf_token: string; username: string; display_name: string }>(
    `SELECT u.id, u.org_id, o.type AS org_type, u.role, s.csrf_token, u.username, u.display_name
       FROM sessions s JOIN users u ON u.id = s.user_id JOIN organisations o ON o.id = u.org_id
      WHERE s.id_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.active`,
    [idHash],
  );
  return row;
}

export async function revokeSession(q: Queryable, idHash: string): Promise<void> {
  await q.query('UPDATE sessions SET revoked_at = now() WHERE id_hash = $1 AND revoked_at IS NULL', [idHash]);
}

export async function revokeUserSessions(q: Queryable, userId: string): Promise<number> {
  const rows = await q.query('UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL RETURNING 1', [userId]);
  return rows.length;
}

// API tokens -------------------------------------------------------------------------------

export async function insertToken(
  q: Queryable,
  t: { id: string; tokenHash: string; orgId: string; name: string; role: Role; createdBy: string | null; expiresAt: Date | null },
): Promise<void> {
  await q.query(
    `INSERT INTO api_tokens (id, token_hash, org_id, name, role, created_by, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [t.id, t.tokenHash, t.orgId, t.name, t.role, t.createdBy, t.expiresAt],
  );
}

export async function findLiveToken(q: Queryable, tokenHash: string): Promise<PrincipalRow | undefined> {
  const [row] = await q.query<PrincipalRow>(
    `SELECT t.id, t.org_id, o.type AS org_type, t.role
       FROM api_tokens t JOIN organisations o ON o.id = t.org_id
      WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())`,
    [tokenHash],
  );
  return row;
}

export async function revokeToken(q: Queryable, id: string): Promise<boolean> {
  const rows = await q.query('UPDATE api_tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING 1', [id]);
  return rows.length > 0;
}

export interface TokenListRow {
  id: string; orgId: string; name: string; role: string; createdBy: string | null;
  createdAt: string; expiresAt: string | null; revokedAt: string | null;
}

export async function listTokens(q: Queryable): Promise<TokenListRow[]> {
  const rows = await q.query<{ id: string; org_id: string; name: string; role: string; created_by: string | null; created_at: Date; expires_at: Date | null; revoked_at: Date | null }>(
    'SELECT id, org_id, name, role, created_by, created_at, expires_at, revoked_at FROM api_tokens ORDER BY created_at DESC',
  );
  return rows.map((r) => ({
    id: r.id, orgId: r.org_id, name: r.name, role: r.role, createdBy: r.created_by,
    createdAt: r.created_at.toISOString(), expiresAt: r.expires_at?.toISOString() ?? null, revokedAt: r.revoked_at?.toISOString() ?? null,
  }));
}

// Login throttling -------------------------------------------------------------------------

export interface ThrottleRule {
  /** Attempts counted within `windowMs` before the key is locked. */
  maxFailures: number;
  windowMs: number;
  /** The first lock lasts `backoffMs`; each further failure doubles it, up to `maxLockMs`. */
  backoffMs: number;
  maxLockMs: number;
}

/**
 * Counts an attempt against `key` before its password is checked, in one statement: refused
 * (undefined) while the key is locked; otherwise the count goes up, and reaching the limit locks the
 * key for a back-off that doubles with each failure beyond it. A count older than the window
 * starts again at 1. The row lock taken by the upsert serialises concurrent attempts on one key.
 */
export async function reserveAttempt(q: Queryable, key: string, r: ThrottleRule): Promise<boolean> {
  const next = 'CASE WHEN t.last_failure_at < now() - make_interval(secs => $3) THEN 1 ELSE t.failures + 1 END';
  const lockFor = (n: string) => `now() + make_interval(secs => least($5, $4 * power(2, least(${n} - $2, 30))))`;
  const rows = await q.query(
    `INSERT INTO login_throttle AS t (key, failures, last_failure_at, locked_until)
     VALUES ($1, 1, now(), CASE WHEN 1 >= $2 THEN ${lockFor('1')} END)
     ON CONFLICT (key) DO UPDATE SET
       failures = ${next},
       last_failure_at = now(),
       locked_until = CASE WHEN ${next} >= $2 THEN ${lockFor(next)} ELSE t.locked_until END
     WHERE t.locked_until IS NULL OR t.locked_until <= now()
     RETURNING 1`,
    [key, r.maxFailures, r.windowMs / 1000, r.backoffMs / 1000, r.maxLockMs / 1000],
  );
  return rows.length > 0;
}

/** A successful login gives back the attempt it reserved, and lifts the lock it may have set. */
export async function refundAttempt(q: Queryable, key: string): Promise<void> {
  await q.query('UPDATE login_throttle SET failures = greatest(failures - 1, 0), locked_until = NULL WHERE key = $1', [key]);
}

/** Seconds until the key may try again (at least 1). */
export async function lockedForSeconds(q: Queryable, key: string): Promise<number> {
  const [row] = await q.query<{ s: number }>(
    'SELECT ceil(extract(epoch FROM locked_until - now()))::int AS s FROM login_throttle WHERE key = $1', [key]);
  return Math.max(1, row?.s ?? 1);
}

export async function recordFailure(q: Queryable, username: string, ip: string | undefined): Promise<void> {
  await q.query('INSERT INTO login_failures (username, ip) VALUES ($1, $2)', [username, ip ?? null]);
}
