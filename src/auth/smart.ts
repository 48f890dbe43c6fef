import { randomBytes, randomUUID } from 'node:crypto';
import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { audit } from '../audit/index.js';
import type { Db, Queryable } from '../db/index.js';
import { KibanError, invalidInput, notFound } from '../errors.js';
import type { Actor, RequestContext } from './roles.js';
import { allows, parseScope } from './scopes.js';
import * as store from './smart-store.js';
import { sha256 } from './service.js';

/**
 * SMART Backend Services (SMART App Launch 2.0 §5): a hospital system registered with its public
 * keys signs a JWT assertion (RS384 or ES384) and exchanges it, with the client-credentials grant,
 * for an access token that lives SMART_TOKEN_TTL_SECONDS, is bound to its hospital and carries
 * the granted system scopes. Only the token's SHA-256 is stored.
 */
export const SMART_TOKEN_TTL_SECONDS = 300;
export const SMART_TOKEN_PREFIX = 'kbs_';
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const ALGORITHMS = ['RS384', 'ES384'];
/** SMART: an assertion's exp is at most five minutes ahead. */
const MAX_ASSERTION_LIFETIME_S = 300;

/** OAuth 2.0 errors (RFC 6749 §5.2) carry their `error` code in details.oauthError. */
function oauth(error: 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'invalid_scope' | 'unsupported_grant_type', message: string): KibanError {
  const kind = error === 'invalid_client' ? 'unauthenticated' : 'invalid_input';
  return new KibanError(kind, `OAUTH_${error.toUpperCase()}`, message, { oauthError: error });
}

export interface SmartClientInput {
  orgId: string;
  name: string;
  jwks?: { keys: object[] };
  jwksUrl?: string;
  scopes: string[];
}

/** Registers a hospital system's public keys (a JWK Set, or an https/loopback URL serving one). */
export async function registerSmartClient(db: Db, ctx: RequestContext | 'system', input: SmartClientInput): Promise<{ clientId: string }> {
  if (Boolean(input.jwks) === Boolean(input.jwksUrl)) throw invalidInput('INVALID_INPUT', 'jwks: give either jwks or jwksUrl', { field: 'jwks', rule: 'oneOf' });
  if (input.jwksUrl && !/^(https:\/\/|http:\/\/(127\.0\.0\.1|localhost)[:/])/.test(input.jwksUrl)) {
    throw invalidInput('INVALID_INPUT', 'jwksUrl: must be https (or http on loopback)', { field: 'jwksUrl', rule: 'format' });
  }
  input.scopes.forEach((s, i) => {
    if (!parseScope(s)) throw invalidInput('INVALID_INPUT', `scopes.${i}: ${JSON.stringify(s)} is not a SMART system scope`, { field: `scopes.${i}`, rule: 'format' });
  });
  const clientId = randomUUID();
  await db.transaction(async (tx) => {
    const [org] = await tx.query<{ type: string }>('SELECT type FROM organisations WHERE id = $1', [input.orgId]);
    if (!org) throw notFound('organisation', input.orgId);
    if (org.type !== 'hospital') throw invalidInput('INVALID_INPUT', 'orgId: only hospital systems send clinical data', { field: 'orgId', rule: 'enum' });
    await store.insertClient(tx, {
      client_id: clientId, org_id: input.orgId, name: input.name, jwks: input.jwks ?? null, jwks_url: input.jwksUrl ?? null,
      scopes: input.scopes, createdBy: ctx === 'system' ? null : ctx.actor.id,
    });
    await audit(tx, ctx, { action: 'smart.client.register', entityType: 'smart_client', entityId: clientId, details: { orgId: input.orgId, scopes: input.scopes } });
  });
  return { clientId };
}

function keySet(client: store.SmartClientRow): JWTVerifyGetKey {
  return client.jwks ? createLocalJWKSet(client.jwks as Parameters<typeof createLocalJWKSet>[0]) : createRemoteJWKSet(new URL(client.jwks_url!));
}

export interface TokenRequest {
  grant_type?: string;
  scope?: string;
  client_assertion_type?: string;
  client_assertion?: string;
}

/** The client-credentials grant. `tokenUrl` is this endpoint's URL, the assertion's required `aud`. */
export async function issueSmartToken(db: Db, req: TokenRequest, tokenUrl: string): Promise<{ access_token: string; token_type: 'bearer'; expires_in: number; scope: string }> {
  if (req.grant_type !== 'client_credentials') throw oauth('unsupported_grant_type', 'grant_type: must be client_credentials');
  if (req.client_assertion_type !== ASSERTION_TYPE || !req.client_assertion) throw oauth('invalid_request', `client_assertion_type: must be ${ASSERTION_TYPE}, with a client_assertion`);
  const client = await verifiedClient(db, req.client_assertion, tokenUrl);
  const requested = (req.scope ?? '').split(' ').filter(Boolean);
  const granted = requested.filter((s) => {
    const p = parseScope(s);
    return p && (!p.read || allows(client.scopes, p.type, 'read')) && (!p.write || allows(client.scopes, p.type, 'write'));
  });
  if (!granted.length) throw oauth('invalid_scope', `scope: none of ${JSON.stringify(req.scope ?? '')} is granted to this client (${client.scopes.join(' ')})`);
  const token = `${SMART_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  await db.transaction(async (tx) => {
    await store.insertAccessToken(tx, { tokenHash: sha256(token), clientId: client.client_id, scopes: granted, expiresAt: new Date(Date.now() + SMART_TOKEN_TTL_SECONDS * 1000) });
    await audit(tx, 'system', { action: 'smart.token.issue', entityType: 'smart_client', entityId: client.client_id, details: { orgId: client.org_id, scopes: granted } });
  });
  return { access_token: token, token_type: 'bearer', expires_in: SMART_TOKEN_TTL_SECONDS, scope: granted.join(' ') };
}

async function verifiedClient(db: Db, assertion: string, tokenUrl: string): Promise<store.SmartClientRow> {
  let iss: string | undefined;
  try {
    iss = decodeJwt(assertion).iss;
  } catch {
    throw oauth('invalid_client', 'client_assertion: not a JWT');
  }
  const client = iss ? await store.findLiveClient(db, iss) : undefined;
  if (!client) throw oauth('invalid_client', 'client_assertion: iss is not a registered client');
  let payload;
  try {
    ({ payload } = await jwtVerify(assertion, keySet(client), {
      issuer: client.client_id, subject: client.client_id, audience: tokenUrl, algorithms: ALGORITHMS, requiredClaims: ['exp', 'jti'],
    }));
  } catch (err) {
    const why = err instanceof joseErrors.JWTExpired ? 'expired'
      : err instanceof joseErrors.JWSSignatureVerificationFailed || err instanceof joseErrors.JWKSNoMatchingKey ? 'signature does not verify with the registered keys'
        : (err as Error).message;
    throw oauth('invalid_client', `client_assertion: ${why}`);
  }
  if (payload.exp! - Math.floor(Date.now() / 1000) > MAX_ASSERTION_LIFETIME_S) throw oauth('invalid_client', 'client_assertion: exp is more than 5 minutes ahead');
  if (!(await store.useJti(db, client.client_id, payload.jti!, new Date(payload.exp! * 1000)))) throw oauth('invalid_client', 'client_assertion: jti already used');
  return client;
}

/** A live SMART access token → its system's Actor (hospital:ehr_system with the granted scopes). */
export async function resolveSmartToken(q: Queryable, token: string): Promise<Actor | undefined> {
  const row = await store.findLiveAccessToken(q, sha256(token));
  if (!row || row.org_type !== 'hospital') return undefined;
  return { kind: 'token', id: row.client_id, orgId: row.org_id, orgType: 'hospital', role: 'ehr_system', principal: 'hospital:ehr_system', scopes: row.granted };
}

/** /.well-known/smart-configuration (SMART App Launch 2.0 §2.3) for backend services. */
export function smartConfiguration(tokenUrl: string) {
  return {
    token_endpoint: tokenUrl,
    grant_types_supported: ['client_credentials'],
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: ALGORITHMS,
    scopes_supported: ['system/*.read', 'system/*.write', 'system/*.rs', 'system/*.cud'],
    capabilities: ['client-confidential-asymmetric'],
  };
}
