import Type from 'typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ModuleOptions } from '../modules.js';
import { PUBLIC } from './policy.js';

export const healthRoutes: FastifyPluginAsync<ModuleOptions> = async (app, { deps }) => {
  app.withTypeProvider<TypeBoxTypeProvider>().get('/health', {
    config: { policy: PUBLIC },
    schema: {
      tags: ['platform'],
      summary: 'Liveness and database check',
      response: { 200: Type.Object({ status: Type.Literal('ok'), database: Type.String(), version: Type.String() }) },
    },
  }, async () => {
    await deps.db.query('SELECT 1');
    return { status: 'ok' as const, database: deps.db.driver, version: '0.1.0' };
  });
};
