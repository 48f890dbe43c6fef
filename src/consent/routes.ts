import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import Type from 'typebox';
import type { Principal } from '../auth/roles.js';
import { ctx } from '../http/authenticate.js';
import { allow, AUTHENTICATED } from '../http/policy.js';
import { ErrorResponse } from '../http/schemas.js';
import type { ModuleOptions } from '../modules.js';
import { ConsentBody, ConsentDocument, ConsentRecord, ParticipantParam, WithdrawBody } from './schemas.js';
import * as service from './service.js';

const HOSPITAL: Principal[] = ['hospital:clinician', 'hospital:ehr_system'];
/** The report writer reads consent for secondary findings; each reader only in its case scope. */
const CONSENT_READERS: Principal[] = [...HOSPITAL, 'data_center:analyst', 'report_writer:report_writer',
  'platform_operator:central_manager', 'platform_operator:operator'];
const errors = { 400: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };

/** Consent documents, a participant's consent history, changes of mind and withdrawal. */
export const consentRoutes: FastifyPluginAsync<ModuleOptions> = async (fastify, { deps }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = deps;

  // The programme's consent document versions are public texts, not individual-level data.
  app.get('/consent/documents', {
    config: { policy: AUTHENTICATED },
    schema: { tags: ['consent'], summary: 'Consent document versions', response: { 200: Type.Object({ items: Type.Array(ConsentDocument) }) } },
  }, async () => ({ items: await service.listDocuments(db) }));

  app.get('/participants/:id/consents', {
    config: { policy: allow(...CONSENT_READERS) },
    schema: { tags: ['consent'], summary: 'Consent history, oldest first', params: ParticipantParam, response: { 200: Type.Object({ items: Type.Array(ConsentRecord) }), 404: ErrorResponse } },
  }, async (request) => ({ items: await service.listConsents(db, ctx(request), request.params.id) }));

  app.post('/participants/:id/consents', {
    config: { policy: allow(...HOSPITAL) },
    schema: { tags: ['consent'], summary: 'Record a change of mind (a new consent record; history is kept)', params: ParticipantParam, body: ConsentBody, response: { 201: ConsentRecord, ...errors } },
  }, async (request, reply) => reply.status(201).send(await service.addConsent(db, ctx(request), request.params.id, request.body)));

  app.post('/participants/:id/consents/withdraw', {
    config: { policy: allow(...HOSPITAL) },
    schema: { tags: ['consent'], summary: 'Withdraw consent; every case of the participant as proband becomes withdrawn', params: ParticipantParam, body: WithdrawBody, response: { 201: ConsentRecord, ...errors } },
  }, async (request, reply) => reply.status(201).send(await service.withdraw(db, ctx(request), request.params.id, request.body)));
};
