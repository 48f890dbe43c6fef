import type { Queryable } from '../db/index.js';
import type { OrgType } from './roles.js';

export interface SmartClientRow {
  client_id: string;
  org_id: string;
  org_type: OrgType;
  name: string;
  jwks: { keys: object[] } | null;
  jwks_url: string | null;
  scopes: string[];
}

export async function insertClient(q: Queryable, c: Omit<SmartClientRow, 'org_type'> & { createdBy: string | null }): Promise<void> {
  await q.query(`INSERT INTO smart_clients (client_id, org_id, name, jwks, jwks_url, scopes, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [c.client_id, c.org_id, c.name, c.jwks, c.jwks_url, c.scopes, c.createdBy]);
}

export async function findLiveClient(q: Queryable, clientId: string): Promise<SmartClientRow | undefined> {
  const [row] = await q.query<SmartClientRow>(
    `SELECT c.client_id, c.org_id, o.type AS org_type, c.name, c.jwks, c.jwks_url, c.scopes
       FROM smart_clients c JOIN organisations o ON o.id = c.org_id
      WHERE c.client_id = $1 AND c.revoked_at IS NULL`, [clientId]);
  return row;
}

/** False when the (client, jti) pair was already used: the assertion is a replay. */
export async function useJti(q: Queryable, clientId: string, jti: string, expiresAt: Date): Promise<boolean> {
  await q.query('DELETE FROM smart_assertion_jtis WHERE expires_at < now()');
  const rows = await q.query('INSERT INTO smart_assertion_jtis (client_id, jti, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1',
    [clientId, jti, expiresAt]);
  return rows.length > 0;
}

export async function insertAccessToken(q: Queryable, t: { tokenHash: string; clientId: string; scopes: string[]; expiresAt: Date }): Promise<void> {
  await q.query('DELETE FROM smart_access_tokens WHERE expires_at < now()');
  await q.query('INSERT INTO smart_access_tokens (token_hash, client_id, scopes, expires_at) VALUES ($1, $2, $3, $4)',
    [t.tokenHash, t.clientId, t.scopes, t.expiresAt]);
}

export async function findLiveAccessToken(q: Queryable, tokenHash: string): Promise<(SmartClientRow & { granted: string[] }) | undefined> {
  const [row] = await q.query<SmartClientRow & { granted: string[] }>(
    `SELECT c.client_id, c.org_id, o.type AS org_type, c.name, c.jwks, c.jwks_url, c.scopes, t.scopes AS granted
       FROM smart_access_tokens t JOIN smart_clients c ON c.client_id = t.client_id JOIN organisations o ON o.id = c.org_id
      WHERE t.token_hash = $1 AND t.expires_at > now() AND c.revoked_at IS NULL`, [tokenHash]);
  return row;
}
