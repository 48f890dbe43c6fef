import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import Type from 'typebox';
import { allow } from '../http/policy.js';
import type { ModuleOptions } from '../modules.js';
import { verifyChain } from './service.js';
import { listEntries } from './store.js';

const AUDITORS = allow('platform_operator:operator');

export const auditRoutes: FastifyPluginAsync<ModuleOptions> = async (fastify, { deps }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/audit', {
    config: { policy: AUDITORS },
    schema: {
      tags: ['audit'],
      summary: 'Audit entries, newest first',
      querystring: Type.Object({
        entityType: Type.Optional(Type.String()),
        entityId: Type.Optional(Type.String()),
        actorId: Type.Optional(Type.String()),
        beforeSeq: Type.Optional(Type.Integer({ minimum: 1 })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
      }),
    },
  }, async (request) => ({ items: await listEntries(deps.db, { ...request.query, limit: request.query.limit ?? 100 }) }));

  app.get('/audit/verify', {
    config: { policy: AUDITORS },
    schema: { tags: ['audit'], summary: 'Walk the hash chain; names the first altered or removed entry' },
  }, async () => verifyChain(deps.db));
};
