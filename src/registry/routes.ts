import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { Principal } from '../auth/roles.js';
import { ctx } from '../http/authenticate.js';
import { allow } from '../http/policy.js';
import { ErrorResponse } from '../http/schemas.js';
import type { ModuleOptions } from '../modules.js';
import { invalidInput } from '../errors.js';
import { unknownTargetKeys } from './tat.js';
import { TRANSITIONS } from './lifecycle.js';
import * as management from './management.js';
import {
  CaseDetail, CaseIdParam, CaseList, CaseListQuery, CreateCaseBody, DelayedQuery, DelayedResponse, FamilyMemberBody,
  ManagementSummary, TatResponse, TransitionBody,
} from './schemas.js';
import * as service from './service.js';

const HOSPITAL: Principal[] = ['hospital:clinician', 'hospital:ehr_system'];
/** Who may list cases; each sees only its own scope (registry/store.ts addCaseScope). */
const CASE_LISTERS: Principal[] = [...HOSPITAL, 'data_center:analyst', 'report_writer:report_writer',
  'platform_operator:central_manager', 'platform_operator:operator'];
/** Sequencing companies open the cases whose specimens were shipped to them, but list none. */
const CASE_READERS: Principal[] = [...CASE_LISTERS, 'sequencing_company:lab_technician', 'sequencing_company:lims_system'];
const TRANSITIONERS: Principal[] = [...new Set(TRANSITIONS.flatMap((t) => t.by))];
const MANAGEMENT: Principal[] = ['platform_operator:central_manager', 'platform_operator:operator', 'data_center:analyst'];

const errors = { 400: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };

/** Cases: registration with consent, the case list and detail, family members, lifecycle moves. */
export const registryRoutes: FastifyPluginAsync<ModuleOptions> = async (fastify, { deps }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, config } = deps;
  // A mistyped override key would silently change nothing: refuse to start instead.
  const unknown = unknownTargetKeys(config.tatTargetsDays);
  if (unknown.length) {
    throw invalidInput('INVALID_CONFIG', `tatTargetsDays: unknown stage ${unknown.join(', ')} (stages are listed in docs/tat.md)`,
      { field: `tatTargetsDays.${unknown[0]}`, rule: 'enum' });
  }

  app.get('/cases', {
    config: { policy: allow(...CASE_LISTERS) },
    schema: {
      tags: ['registry'], summary: 'List cases in the caller\'s scope: filter, sort, page; returns the total',
      querystring: CaseListQuery, response: { 200: CaseList, 400: ErrorResponse },
    },
  }, async (request) => service.listCases(db, config, ctx(request), request.query));

  app.post('/cases', {
    config: { policy: allow(...HOSPITAL) },
    schema: {
      tags: ['registry'], summary: 'Register a case with its proband, consent and family (one transaction)',
      body: CreateCaseBody, response: { 201: CaseDetail, ...errors },
    },
  }, async (request, reply) => reply.status(201).send(await service.createCase(db, config, ctx(request), request.body)));

  app.get('/cases/:id', {
    config: { policy: allow(...CASE_READERS) },
    schema: { tags: ['registry'], summary: 'A case with members, consent, events and allowed moves', params: CaseIdParam, response: { 200: CaseDetail, 404: ErrorResponse } },
  }, async (request) => service.getCase(db, config, ctx(request), request.params.id));

  app.post('/cases/:id/members', {
    config: { policy: allow(...HOSPITAL) },
    schema: { tags: ['registry'], summary: 'Add a family member (rare disease: trio, …)', params: CaseIdParam, body: FamilyMemberBody, response: { 201: CaseDetail, ...errors } },
  }, async (request, reply) => reply.status(201).send(await service.addMember(db, config, ctx(request), request.params.id, request.body)));

  app.post('/cases/:id/transitions', {
    config: { policy: allow(...TRANSITIONERS) },
    schema: {
      tags: ['registry'], summary: 'Move a case to its next lifecycle state; 409 CASE_ILLEGAL_TRANSITION names the allowed ones',
      params: CaseIdParam, body: TransitionBody, response: { 200: CaseDetail, 403: ErrorResponse, ...errors },
    },
  }, async (request) => service.requestTransition(db, config, ctx(request), request.params.id, request.body));

  app.get('/management/summary', {
    config: { policy: allow(...MANAGEMENT) },
    schema: { tags: ['management'], summary: 'Case counts by state and domain', response: { 200: ManagementSummary } },
  }, async () => management.summary(db));

  app.get('/management/tat', {
    config: { policy: allow(...MANAGEMENT) },
    schema: { tags: ['management'], summary: 'Turnaround per lifecycle stage against its target (docs/tat.md)', response: { 200: TatResponse } },
  }, async () => management.tat(db, config));

  app.get('/management/delayed', {
    config: { policy: allow(...MANAGEMENT) },
    schema: { tags: ['management'], summary: 'Cases past the target of their current stage, longest overdue first', querystring: DelayedQuery, response: { 200: DelayedResponse } },
  }, async (request) => management.delayed(db, config, ctx(request), request.query.limit ?? 50, request.query.offset ?? 0));
};
