import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { allow } from '../http/policy.js';
import type { ModuleOptions } from '../modules.js';
import { AuditPage, AuditQuery, VerifyResponse } from './schemas.js';
import { ctx } from '../http/authenticate.js';
import { audit, listAudit, verifyChain } from './service.js';

const AUDITORS = allow('platform_operator:operator');

export const auditRoutes: FastifyPluginAsync<ModuleOptions> = async (fastify, { deps }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/audit', {
    config: { policy: AUDITORS },
    schema: {
      tags: ['audit'],
      summary: 'Audit entries, newest first: filter by actor, action (or action prefix), case, entity and time; paged by beforeSeq',
      querystring: AuditQuery,
      response: { 200: AuditPage },
    },
  }, async (request) => deps.db.transaction(async (tx) => {
    const page = await listAudit(tx, request.query);
    // Reading the log is itself logged: who looked at whose trail. The seqs name what was shown.
    await audit(tx, ctx(request), { action: 'audit.read', entityType: 'audit_log', details: { query: request.query, seqs: page.items.map((e) => e.seq) } });
    return page;
  }));

  app.get('/audit/verify', {
    config: { policy: AUDITORS },
    schema: { tags: ['audit'], summary: 'Walk the keyed hash chain and check the signed checkpoints; names the first altered or removed entry', response: { 200: VerifyResponse } },
  }, async () => ({ ...(await verifyChain(deps.db, { checkpointFile: deps.config.auditCheckpointFile })), checkedAt: new Date().toISOString() }));
};
