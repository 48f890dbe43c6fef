import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Config } from '../config.js';
import type { Db, Queryable } from '../db/index.js';
import { KibanError, invalidInput, notFound } from '../errors.js';
import { audit } from '../audit/index.js';
import { DUMMY_HASH, hashPassword, verifyPassword } from './password.js';
import { isRoleOf, type Actor, type OrgType, type Principal, type RequestContext, type Role } from './roles.js';
import * as store from './store.js';
import { SMART_TOKEN_PREFIX, resolveSmartToken } from './smart.js';

export const SESSION_COOKIE = 'kiban_session';
export const TOKEN_PREFIX = 'kbn_';

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function toActor(row: store.PrincipalRow, kind: Actor['kind'], extra: Partial<Actor> = {}): Actor {
  return {
    kind,
    id: row.id,
    orgId: row.org_id,
    orgType: row.org_type,
    role: row.role,
    principal: `${row.org_type}:${row.role}` as Principal,
    ...extra,
  };
}

export interface LoginResult {
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
  actor: Actor;
  displayName: string;
}

/**
 * Password login, throttled per user name and per source address. Each attempt is counted before
 * its password is checked (store.reserveAttempt), so concurrent guesses cannot outrun the count.
 * Reaching `loginMaxFailures` for a user (or `loginMaxFailuresPerAddress` for an address) locks
 * that key for `loginBackoffMs`, doubling with each further failure up to `loginLockoutMs`: five
 * wrong guesses shut a colleague out for seconds, not a quarter of an hour. Every failure is
 * audited and kept in login_failures; a success does not erase them.
 */
export async function login(
  db: Db,
  config: Config,
  input: { username: string; password: string; ip?: string },
): Promise<LoginResult> {
  const keys = await reserveLoginAttempt(db, config, input);
  const user = await store.findUserByUsername(db, input.username);
  const ok = await verifyPassword(input.password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !ok || !user.active) {
    await db.transaction(async (tx) => {
      await store.recordFailure(tx, input.username, input.ip);
      await auditLoginFailure(tx, input, user, !user ? 'unknown_user' : !ok ? 'wrong_password' : 'inactive');
    });
    throw new KibanError('unauthenticated', 'BAD_CREDENTIALS', 'wrong user name or password');
  }
  const sessionId = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(Date.now() + config.sessionTtlMs);
  const actor = toActor({ id: user.id, org_id: user.org_id, org_type: user.org_type, role: user.role }, 'user', {
    csrfToken,
    sessionIdHash: sha256(sessionId),
  });
  await db.transaction(async (tx) => {
    for (const key of keys) await store.refundAttempt(tx, key);
    await store.insertSession(tx, { idHash: sha256(sessionId), userId: user.id, csrfToken, ip: input.ip, expiresAt });
    await audit(tx, { actor, ip: input.ip }, { action: 'auth.login', entityType: 'user', entityId: user.id });
  });
  return { sessionId, csrfToken, expiresAt, actor, displayName: user.display_name };
}

/** Reserves an attempt on the user key and the address key; refused (429) if either is locked. */
async function reserveLoginAttempt(db: Db, config: Config, input: { username: string; ip?: string }): Promise<string[]> {
  const rule = { windowMs: config.loginLockoutMs, backoffMs: config.loginBackoffMs, maxLockMs: config.loginLockoutMs };
  const wanted: Array<[string, number]> = [[`user:${input.username}`, config.loginMaxFailures]];
  if (input.ip) wanted.push([`ip:${input.ip}`, config.loginMaxFailuresPerAddress]);
  const reserved: string[] = [];
  for (const [key, maxFailures] of wanted) {
    if (await store.reserveAttempt(db, key, { ...rule, maxFailures })) {
      reserved.push(key);
      continue;
    }
    for (const k of reserved) await store.refundAttempt(db, k);
    const retryAfterSeconds = await store.lockedForSeconds(db, key);
    await db.transaction((tx) => audit(tx, { unauthenticated: true, ip: input.ip }, {
      action: 'auth.login_throttled', entityType: 'login_throttle', entityId: key.split(':')[0], details: { retryAfterSeconds },
    }));
    throw new KibanError('too_many_requests', 'LOGIN_THROTTLED',
      `too many failed logins ${key.startsWith('ip:') ? 'from this address' : 'for this user'}; try again in ${formatWait(retryAfterSeconds)}`,
      { retryAfterSeconds });
  }
  return reserved;
}

function formatWait(seconds: number): string {
  return seconds < 120 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`;
}

/**
 * A failed login is recorded with its source address. The user name is kept only when it names an
 * account: people type passwords into the user name field, and the audit log must not keep them.
 */
async function auditLoginFailure(
  tx: Queryable,
  input: { username: string; ip?: string },
  user: store.UserRow | undefined,
  reason: 'unknown_user' | 'wrong_password' | 'inactive',
): Promise<void> {
  await audit(tx, { unauthenticated: true, ip: input.ip }, {
    action: 'auth.login_failed', entityType: 'user', ...(user ? { entityId: user.id } : {}),
    details: { reason, ...(user ? { username: user.username } : {}) },
  });
}

export async function logout(db: Db, ctx: RequestContext): Promise<void> {
  const idHash = ctx.actor.sessionIdHash;
  if (!idHash) return;
  await db.transaction(async (tx) => {
    await store.revokeSession(tx, idHash);
    await audit(tx, ctx, { action: 'auth.logout', entityType: 'user', entityId: ctx.actor.id });
  });
}

export interface SessionInfo {
  actor: Actor;
  username: string;
  displayName: string;
}

export async function resolveSession(q: Queryable, sessionId: string): Promise<SessionInfo | undefined> {
  const idHash = sha256(sessionId);
  const row = await store.findLiveSession(q, idHash);
  if (!row) return undefined;
  return {
    actor: toActor(row, 'user', { csrfToken: row.csrf_token, sessionIdHash: idHash }),
    username: row.username,
    displayName: row.display_name,
  };
}

export async function resolveToken(q: Queryable, token: string): Promise<Actor | undefined> {
  if (token.startsWith(SMART_TOKEN_PREFIX)) return resolveSmartToken(q, token);
  if (!token.startsWith(TOKEN_PREFIX)) return undefined;
  const row = await store.findLiveToken(q, sha256(token));
  return row ? toActor(row, 'token') : undefined;
}

// Administration (platform operator) ------------------------------------------------------

export async function createOrg(
  db: Db,
  ctx: RequestContext | 'system',
  org: { id: string; type: OrgType; sector?: 'academic' | 'industry'; name: string; nameJa: string },
): Promise<store.OrgRow> {
  if ((org.type === 'research_org') !== Boolean(org.sector)) {
    throw invalidInput('INVALID_INPUT', 'sector: required for research organisations, and only for them', { field: 'sector', rule: 'required' });
  }
  const row: store.OrgRow = { id: org.id, type: org.type, sector: org.sector ?? null, name: org.name, name_ja: org.nameJa };
  return db.transaction(async (tx) => {
    if (await store.getOrg(tx, org.id)) throw new KibanError('conflict', 'ORG_EXISTS', `organisation ${org.id} already exists`, { orgId: org.id });
    await store.insertOrg(tx, row);
    const event = { action: 'org.create', entityType: 'organisation', entityId: org.id, details: { type: org.type } };
    await audit(tx, ctx, event);
    return row;
  });
}

export async function createUser(
  db: Db,
  ctx: RequestContext | 'system',
  u: { orgId: string; username: string; displayName: string; role: string; password: string },
): Promise<{ id: string }> {
  const org = await store.getOrg(db, u.orgId);
  if (!org) throw notFound('organisation', u.orgId);
  if (!isRoleOf(org.type, u.role)) {
    throw invalidInput('INVALID_INPUT', `role: ${u.role} is not a role of a ${org.type}`, { field: 'role', rule: 'enum' });
  }
  const id = randomUUID();
  const passwordHash = await hashPassword(u.password);
  await db.transaction(async (tx) => {
    if (await store.findUserByUsername(tx, u.username)) {
      throw new KibanError('conflict', 'USERNAME_TAKEN', `user name ${u.username} is taken`, { field: 'username', username: u.username });
    }
    await store.insertUser(tx, { id, org_id: u.orgId, username: u.username, display_name: u.displayName, role: u.role as Role, password_hash: passwordHash, active: true });
    const event = { action: 'user.create', entityType: 'user', entityId: id, details: { orgId: u.orgId, role: u.role } };
    await audit(tx, ctx, event);
  });
  return { id };
}

export async function setUserActive(db: Db, ctx: RequestContext, userId: string, active: boolean): Promise<void> {
  await db.transaction(async (tx) => {
    if (!(await store.setUserActive(tx, userId, active))) throw notFound('user', userId);
    if (!active) await store.revokeUserSessions(tx, userId);
    await audit(tx, ctx, { action: active ? 'user.activate' : 'user.deactivate', entityType: 'user', entityId: userId });
  });
}

export async function revokeUserSessions(db: Db, ctx: RequestContext, userId: string): Promise<number> {
  return db.transaction(async (tx) => {
    if (!(await store.userExists(tx, userId))) throw notFound('user', userId);
    const n = await store.revokeUserSessions(tx, userId);
    await audit(tx, ctx, { action: 'user.sessions.revoke', entityType: 'user', entityId: userId, details: { revoked: n } });
    return n;
  });
}

/** The token is shown once; only its SHA-256 is kept. */
export async function createToken(
  db: Db,
  ctx: RequestContext | 'system',
  t: { orgId: string; name: string; role: string; expiresAt?: Date },
): Promise<{ id: string; token: string }> {
  const org = await store.getOrg(db, t.orgId);
  if (!org) throw notFound('organisation', t.orgId);
  if (!isRoleOf(org.type, t.role)) {
    throw invalidInput('INVALID_INPUT', `role: ${t.role} is not a role of a ${org.type}`, { field: 'role', rule: 'enum' });
  }
  const id = randomUUID();
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  await db.transaction(async (tx) => {
    await store.insertToken(tx, {
      id, tokenHash: sha256(token), orgId: t.orgId, name: t.name, role: t.role as Role,
      createdBy: ctx === 'system' ? null : ctx.actor.id, expiresAt: t.expiresAt ?? null,
    });
    const event = { action: 'token.create', entityType: 'api_token', entityId: id, details: { orgId: t.orgId, role: t.role } };
    await audit(tx, ctx, event);
  });
  return { id, token };
}

export async function revokeToken(db: Db, ctx: RequestContext, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    if (!(await store.revokeToken(tx, id))) throw notFound('api token', id);
    await audit(tx, ctx, { action: 'token.revoke', entityType: 'api_token', entityId: id });
  });
}

export const listOrgs = store.listOrgs;
export const listUsers = store.listUsers;
export const listTokens = store.listTokens;
export const getOrg = store.getOrg;
