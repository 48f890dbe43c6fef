import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { ctx } from '../http/authenticate.js';
import { allow, AUTHENTICATED } from '../http/policy.js';
import type { ModuleOptions } from '../modules.js';
import {
  CaseIdParam, HpoSearchQuery, HpoSearchResult, Phenotype, PhenotypeBody, RunDetail, RunDetailQuery, RunIdParam, RunList, RunRequested,
} from './schemas.js';
import * as service from './service.js';

const HOSPITAL = ['hospital:clinician', 'hospital:ehr_system'] as const;
const ANALYST = 'data_center:analyst' as const;

/** HPO terms: the hospital enters them for its own cases, the data center's analyst for any. */
const PHENOTYPE_WRITE = allow(...HOSPITAL, ANALYST);
const PHENOTYPE_READ = allow(...HOSPITAL, ANALYST, 'report_writer:report_writer');
/** Ranked candidates are read by the analyst and the report writer (cases at the report stage). */
const RESULTS_READ = allow(ANALYST, 'report_writer:report_writer');

export const interpretationRoutes: FastifyPluginAsync<ModuleOptions> = async (fastify, { deps }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const svc: service.InterpretationDeps = {
    db: deps.db, variants: deps.variants?.store ?? null, queue: deps.variants?.queue ?? null, knowledge: deps.knowledge ?? null,
  };
  const tags = ['interpretation'];

  app.get('/cases/:id/phenotype', {
    config: { policy: PHENOTYPE_READ },
    schema: { tags, summary: "The case's HPO terms (current set)", params: CaseIdParam, response: { 200: Phenotype } },
  }, async (request) => service.getPhenotype(svc, ctx(request), request.params.id));

  app.put('/cases/:id/phenotype', {
    config: { policy: PHENOTYPE_WRITE },
    schema: { tags, summary: "Replace the case's HPO terms (earlier sets are kept)", params: CaseIdParam, body: PhenotypeBody, response: { 200: Phenotype } },
  }, async (request) => service.setPhenotype(svc, ctx(request), request.params.id, request.body.terms));

  app.get('/hpo/terms', {
    config: { policy: AUTHENTICATED },
    schema: { tags, summary: 'Search HPO terms of the loaded knowledge by id or label', querystring: HpoSearchQuery, response: { 200: HpoSearchResult } },
  }, async (request) => service.searchHpo(svc.knowledge, request.query.q, request.query.limit ?? 20));

  app.get('/cases/:id/interpretations', {
    config: { policy: RESULTS_READ },
    schema: { tags, summary: "The case's interpretation runs, newest first", params: CaseIdParam, response: { 200: RunList } },
  }, async (request) => service.listRuns(svc, ctx(request), request.params.id));

  app.post('/cases/:id/interpretations', {
    config: { policy: allow(ANALYST) },
    schema: { tags, summary: 'Queue a new interpretation run of the case', params: CaseIdParam, response: { 202: RunRequested } },
  }, async (request, reply) => reply.status(202).send(await service.requestRun(svc, ctx(request), request.params.id)));

  app.get('/interpretations/:runId', {
    config: { policy: RESULTS_READ },
    schema: { tags, summary: 'A run with its ranked candidates and their evidence', params: RunIdParam, querystring: RunDetailQuery, response: { 200: RunDetail } },
  }, async (request) => service.getRunDetail(svc, ctx(request), request.params.runId, request.query.limit ?? 100));
};
