import type { FastifyPluginAsync } from 'fastify';
import Type from 'typebox';
import { ctx } from '../http/authenticate.js';
import { allow } from '../http/policy.js';
import { ErrorResponse } from '../http/schemas.js';
import type { ModuleOptions } from '../modules.js';
import { caseRecord } from './record.js';

const Code = Type.Union([Type.Null(), Type.Object({
  system: Type.Union([Type.String(), Type.Null()]), code: Type.Union([Type.String(), Type.Null()]),
  display: Type.Union([Type.String(), Type.Null()]), text: Type.Union([Type.String(), Type.Null()]),
})]);
const Fact = Type.Object({
  kind: Type.String(), participantId: Type.String(), code: Code,
  start: Type.Union([Type.String(), Type.Null()]), end: Type.Union([Type.String(), Type.Null()]), status: Type.Union([Type.String(), Type.Null()]),
  source: Type.Object({ reference: Type.String(), versionId: Type.Integer(), receivedAt: Type.String(), sentBy: Type.String(), hospitalId: Type.String() }),
});

/** The case's treating hospital and the data center read the longitudinal record. */
const RECORD_READERS = allow('hospital:clinician', 'hospital:ehr_system', 'data_center:analyst');

/** Clinical data under /api: the longitudinal record of a case, built from what hospitals sent over FHIR. */
export const clinicalRoutes: FastifyPluginAsync<ModuleOptions> = async (app, { deps }) => {
  app.get<{ Params: { id: string } }>('/cases/:id/clinical-record', {
    config: { policy: RECORD_READERS },
    schema: {
      tags: ['clinical'], summary: 'The case\'s clinical facts from FHIR (diagnoses, treatments, specimens, results…) with their source resource and provenance',
      params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 40 }) }),
      response: { 200: Type.Object({ caseId: Type.String(), facts: Type.Array(Fact) }), 404: ErrorResponse },
    },
  }, async (request) => caseRecord(deps.db, ctx(request), request.params.id));
};
