import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../db/index.js';
import { KibanError } from '../errors.js';
import { checkPolicy } from './policy.js';
import { SESSION_COOKIE, resolveSession, resolveToken, type Actor, type RequestContext } from '../auth/index.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_HEADER = 'x-csrf-token';
/** Optional "why" for reads of individual-level data; recorded in the audit log. */
export const REASON_HEADER = 'x-kiban-reason';

/**
 * Resolves the caller from an API token (Authorization: Bearer kbn_…) or the session cookie.
 * Cookie sessions must echo their CSRF token on state-changing methods; bearer tokens cannot be
 * sent by a browser on its own, so they need none.
 */
export function installAuthentication(app: FastifyInstance, db: Db): void {
  app.addHook('onRequest', async (request) => {
    if (request.is404) return; // unknown paths: the not-found handler answers (SPA fallback or 404)
    await authenticate(request, db);
    checkPolicy(request);
  });
}

async function authenticate(request: FastifyRequest, db: Db): Promise<void> {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) {
    const actor = await resolveToken(db, header.slice(7).trim());
    if (!actor) throw new KibanError('unauthenticated', 'BAD_TOKEN', 'API token is invalid, expired or revoked');
    request.actor = actor;
    return;
  }
  const sessionId = request.cookies[SESSION_COOKIE];
  if (!sessionId) return;
  const session = await resolveSession(db, sessionId);
  if (!session) return; // expired or revoked: the route's policy decides whether that is a 401
  request.actor = session.actor;
  const isPublic = 'public' in (request.routeOptions.config.policy ?? {});
  if (!isPublic && !SAFE_METHODS.has(request.method) && request.headers[CSRF_HEADER] !== session.actor.csrfToken) {
    throw new KibanError('forbidden', 'CSRF', `missing or wrong ${CSRF_HEADER} header`);
  }
}

/** The request's context for services. Only call on routes whose policy requires a caller. */
export function ctx(request: FastifyRequest): RequestContext {
  if (!request.actor) throw new KibanError('unauthenticated', 'UNAUTHENTICATED', 'login required');
  const reason = request.headers[REASON_HEADER];
  return {
    actor: request.actor,
    ip: request.ip,
    ...(typeof reason === 'string' && reason ? { reason: reason.slice(0, 500) } : {}),
  };
}
