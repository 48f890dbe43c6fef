import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import Type from 'typebox';
import { ctx } from '../http/authenticate.js';
import { allow, AUTHENTICATED } from '../http/policy.js';
import { Ok } from '../http/schemas.js';
import type { ModuleOptions } from '../modules.js';
import { ORG_TYPES, type OrgType } from './roles.js';
import { IdParam, Org, OrgBody, SmartClientBody, Token, TokenBody, User, UserBody } from './schemas.js';
import * as service from './service.js';
import { registerSmartClient } from './smart.js';

const OPERATOR = allow('platform_operator:operator');

/** Organisations, users and API tokens: managed by the platform operator (事業実施組織). */
export const adminRoutes: FastifyPluginAsync<ModuleOptions> = async (fastify, { deps }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = deps;
  const toOrg = (o: Awaited<ReturnType<typeof service.listOrgs>>[number]) => ({
    id: o.id, type: o.type, sector: o.sector, name: o.name, nameJa: o.name_ja,
  });

  // Any signed-in caller may list organisations by type: a hospital picks the sequencing company
  // it ships to. Organisations are not individual-level data.
  app.get('/organisations', {
    config: { policy: AUTHENTICATED },
    schema: {
      tags: ['admin'],
      summary: 'List organisations',
      querystring: Type.Object({ type: Type.Optional(Type.Enum(ORG_TYPES)) }),
      response: { 200: Type.Object({ items: Type.Array(Org) }) },
    },
  }, async (request) => ({ items: (await service.listOrgs(db, request.query.type as OrgType | undefined)).map(toOrg) }));

  app.post('/admin/organisations', {
    config: { policy: OPERATOR },
    schema: { tags: ['admin'], summary: 'Create an organisation', body: OrgBody, response: { 201: Org } },
  }, async (request, reply) => {
    const org = await service.createOrg(db, ctx(request), request.body);
    return reply.status(201).send(toOrg(org));
  });

  app.get('/admin/users', {
    config: { policy: OPERATOR },
    schema: {
      tags: ['admin'], summary: 'List users', querystring: Type.Object({ orgId: Type.Optional(Type.String()) }),
      response: { 200: Type.Object({ items: Type.Array(User) }) },
    },
  }, async (request) => ({
    items: (await service.listUsers(db, request.query.orgId)).map((u) => ({
      id: u.id, orgId: u.org_id, username: u.username, displayName: u.display_name, role: u.role, active: u.active,
    })),
  }));

  app.post('/admin/users', {
    config: { policy: OPERATOR },
    schema: { tags: ['admin'], summary: 'Create a user in an organisation with one of its roles', body: UserBody, response: { 201: Type.Object({ id: Type.String() }) } },
  }, async (request, reply) => reply.status(201).send(await service.createUser(db, ctx(request), request.body)));

  app.post('/admin/users/:id/deactivate', {
    config: { policy: OPERATOR },
    schema: { tags: ['admin'], summary: 'Deactivate a user and revoke their sessions', params: IdParam, response: { 200: Ok } },
  }, async (request) => {
    await service.setUserActive(db, ctx(request), request.params.id, false);
    return { ok: true as const };
  });

  app.post('/admin/users/:id/activate', {
    config: { policy: OPERATOR },
    schema: { tags: ['admin'], summary: 'Reactivate a deactivated user', params: IdParam, response: { 200: Ok } },
  }, async (request) => {
    await service.setUserActive(db, ctx(request), request.params.id, true);
    return { ok: true as const };
  });

  app.post('/admin/users/:id/revoke-sessions', {
    config: { policy: OPERATOR },
    schema: { tags: ['admin'], summary: "Revoke all of a user's sessions", params: IdParam, response: { 200: Type.Object({ revoked: Type.Integer() }) } },
  }, async (request) => ({ revoked: await service.revokeUserSessions(db, ctx(request), request.params.id) }));

  app.get('/admin/tokens', {
    config: { policy: OPERATOR },
    schema: { tags: ['admin'], summary: 'List API tokens (never their secrets)', response: { 200: Type.Object({ items: Type.Array(Token) }) } },
  }, async () => ({ items: await service.listTokens(db) }));

  app.post('/admin/tokens', {
    config: { policy: OPERATOR },
    schema: {
      tags: ['admin'],
      summary: 'Create an API token for a system of an organisation; the token is shown once',
      body: TokenBody,
      response: { 201: Type.Object({ id: Type.String(), token: Type.String() }) },
    },
  }, async (request, reply) => {
    const { expiresAt, ...rest } = request.body;
    const created = await service.createToken(db, ctx(request), { ...rest, ...(expiresAt ? { expiresAt: new Date(expiresAt) } : {}) });
    return reply.status(201).send(created);
  });

  app.post('/admin/tokens/:id/revoke', {
    config: { policy: OPERATOR },
    schema: { tags: ['admin'], summary: 'Revoke an API token', params: IdParam, response: { 200: Ok } },
  }, async (request) => {
    await service.revokeToken(db, ctx(request), request.params.id);
    return { ok: true as const };
  });

  app.post('/admin/smart-clients', {
    config: { policy: OPERATOR },
    schema: {
      tags: ['admin'],
      summary: "Register a hospital system for SMART Backend Services with its public JWKS (or JWKS URL) and the most it may be granted",
      body: SmartClientBody,
      response: { 201: Type.Object({ clientId: Type.String() }) },
    },
  }, async (request, reply) => reply.status(201).send(await registerSmartClient(db, ctx(request), request.body)));
};
