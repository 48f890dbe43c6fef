import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { ctx } from '../http/authenticate.js';
import { AUTHENTICATED, policyAllows, PUBLIC } from '../http/policy.js';
import { Ok } from '../http/schemas.js';
import type { ModuleOptions } from '../modules.js';
import { LoginBody, Me, Permissions } from './schemas.js';
import * as service from './service.js';
import type { Actor } from './roles.js';

/** Login, logout and "who am I". The session id lives only in an HttpOnly, SameSite=Strict cookie. */
export const authRoutes: FastifyPluginAsync<ModuleOptions> = async (fastify, { deps }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, config } = deps;

  const me = async (actor: Actor, extra: { username: string; displayName: string; expiresAt?: Date }) => {
    const org = await service.getOrg(db, actor.orgId);
    return {
      userId: actor.id,
      username: extra.username,
      displayName: extra.displayName,
      orgId: actor.orgId,
      orgType: actor.orgType,
      orgName: org?.name ?? '',
      orgNameJa: org?.name_ja ?? '',
      role: actor.role,
      principal: actor.principal,
      csrfToken: actor.csrfToken ?? '',
      ...(extra.expiresAt ? { expiresAt: extra.expiresAt.toISOString() } : {}),
    };
  };

  app.post('/auth/login', {
    config: { policy: PUBLIC },
    schema: { tags: ['auth'], summary: 'Password login; sets the session cookie', body: LoginBody, response: { 200: Me } },
  }, async (request, reply) => {
    const result = await service.login(db, config, { ...request.body, ip: request.ip });
    void reply.setCookie(service.SESSION_COOKIE, result.sessionId, {
      httpOnly: true,
      sameSite: 'strict',
      secure: config.cookieSecure,
      path: '/',
      expires: result.expiresAt,
    });
    return me(result.actor, { username: request.body.username, displayName: result.displayName, expiresAt: result.expiresAt });
  });

  app.post('/auth/logout', {
    config: { policy: AUTHENTICATED },
    schema: { tags: ['auth'], summary: 'Revokes the current session', response: { 200: Ok } },
  }, async (request, reply) => {
    await service.logout(db, ctx(request));
    void reply.clearCookie(service.SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });

  app.get('/auth/me', {
    config: { policy: AUTHENTICATED },
    schema: { tags: ['auth'], summary: 'The caller, with the CSRF token to echo in x-csrf-token', response: { 200: Me } },
  }, async (request) => {
    const actor = ctx(request).actor;
    if (actor.kind === 'token') return me(actor, { username: `token:${actor.id}`, displayName: 'API token' });
    const session = await service.resolveSession(db, request.cookies[service.SESSION_COOKIE] ?? '');
    return me(actor, { username: session?.username ?? '', displayName: session?.displayName ?? '' });
  });

  // The web UI shows a page or a section only when the caller may load it: derived from the route
  // policies themselves (src/http/policy.ts), so the UI cannot drift from what the server allows.
  app.get('/auth/permissions', {
    config: { policy: AUTHENTICATED },
    schema: { tags: ['auth'], summary: "The API routes the caller's role may call, as \"METHOD /path\" without the /api prefix", response: { 200: Permissions } },
  }, async (request) => {
    const { principal } = ctx(request).actor;
    const routes = fastify.kibanRoutes
      .filter((r) => r.method !== 'HEAD' && r.url.startsWith('/api/') && r.policy && policyAllows(r.policy, principal))
      .map((r) => `${r.method} ${r.url.slice('/api'.length)}`);
    return { principal, routes: [...new Set(routes)].sort() };
  });
};
