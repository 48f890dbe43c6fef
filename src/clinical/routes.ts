import type { Resource } from '@medplum/fhirtypes';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleOptions } from '../modules.js';
import { ctx } from '../http/authenticate.js';
import { PUBLIC, allow } from '../http/policy.js';
import { processBundle } from './bundle.js';
import { capabilityStatement } from './capability.js';
import { outcome, toOutcome } from './outcome.js';
import { runSearch, searchBundle } from './search.js';
import * as service from './service.js';

export const FHIR_CONTENT_TYPE = 'application/fhir+json; charset=utf-8';
/** Hospital systems: a SMART backend-services client (scoped) or the hospital EHR's Kiban API token. */
const HOSPITAL_SYSTEMS = allow('hospital:ehr_system');

/** CapabilityStatement.date: when this server process started. */
const STARTED_AT = new Date().toISOString();

type TypeParams = { type: string };
type IdParams = { type: string; id: string };

export function fhirBase(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}/fhir/R4`;
}

function header(request: FastifyRequest, name: string): string | undefined {
  const v = request.headers[name];
  return typeof v === 'string' ? v : undefined;
}

function versionHeaders(reply: FastifyReply, resource: Resource): FastifyReply {
  const meta = resource.meta;
  if (meta?.versionId) void reply.header('etag', `W/"${meta.versionId}"`);
  if (meta?.lastUpdated) void reply.header('last-modified', new Date(meta.lastUpdated).toUTCString());
  return reply.type(FHIR_CONTENT_TYPE);
}

function sendResource(reply: FastifyReply, status: number, resource: Resource): FastifyReply {
  return versionHeaders(reply, resource).status(status).send(resource);
}

/** Prefer: return=minimal | representation (default) | OperationOutcome (FHIR R4 §3.1.0.8.1). */
function sendWrite(request: FastifyRequest, reply: FastifyReply, result: service.WriteResult): FastifyReply {
  const r = result.resource;
  void reply.header('location', `${fhirBase(request)}/${r.resourceType}/${r.id}/_history/${r.meta?.versionId}`);
  const prefer = /return=([A-Za-z]+)/.exec(header(request, 'prefer') ?? '')?.[1];
  if (prefer === 'minimal') return versionHeaders(reply, r).status(result.status).send();
  if (prefer === 'OperationOutcome') {
    const issues = result.issues.length ? result.issues : [{ severity: 'information' as const, code: 'informational' as const, diagnostics: 'stored as sent' }];
    return versionHeaders(reply, r).status(result.status).send(outcome(issues));
  }
  return sendResource(reply, result.status, r);
}

/**
 * FHIR R4 REST API at /fhir/R4 (outside /api): its own JSON media type, and every error as an
 * OperationOutcome, mapped once in this plugin's error handler (STYLE §4).
 */
export const fhirRoutes: FastifyPluginAsync<ModuleOptions> = async (app, { deps }) => {
  app.addContentTypeParser('application/fhir+json', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch (err) {
      done(Object.assign(err as Error, { statusCode: 400, code: 'FHIR_INVALID_JSON' }), undefined);
    }
  });
  app.setErrorHandler((err, request, reply) => {
    const o = toOutcome(err);
    if (o.internal) request.log.error({ err }, 'unhandled error');
    return reply.status(o.status).type(FHIR_CONTENT_TYPE).send(o.body);
  });
  app.setNotFoundHandler((request, reply) => reply.status(404).type(FHIR_CONTENT_TYPE).send(outcome([{
    severity: 'error', code: 'not-supported', diagnostics: `no FHIR interaction ${request.method} ${request.url.split('?')[0]}`,
  }])));

  const tags = ['fhir'];
  app.get('/metadata', { config: { policy: PUBLIC }, schema: { tags, summary: 'CapabilityStatement: exactly what this FHIR server supports' } },
    async (request, reply) => reply.type(FHIR_CONTENT_TYPE).send(capabilityStatement(fhirBase(request), `${fhirBase(request)}/auth/token`, STARTED_AT)));

  app.post('/', { config: { policy: HOSPITAL_SYSTEMS }, schema: { tags, summary: 'transaction (all or nothing) or batch Bundle' } },
    async (request, reply) => reply.type(FHIR_CONTENT_TYPE).send(await processBundle(deps, ctx(request), request.body, fhirBase(request))));

  app.post<{ Params: TypeParams }>('/:type', { config: { policy: HOSPITAL_SYSTEMS }, schema: { tags, summary: 'create; If-None-Exist: identifier=system|value for idempotent resends' } },
    async (request, reply) => sendWrite(request, reply, await service.create(deps, ctx(request), request.params.type, request.body, header(request, 'if-none-exist'))));

  app.get<{ Params: TypeParams; Querystring: Record<string, string | string[]> }>('/:type', { config: { policy: HOSPITAL_SYSTEMS }, schema: { tags, summary: 'search-type, paged with _count/_offset' } },
    async (request, reply) => {
      const page = await runSearch(deps, ctx(request), request.params.type, request.query);
      return reply.type(FHIR_CONTENT_TYPE).send(searchBundle(fhirBase(request), page, request.query));
    });

  app.put<{ Params: TypeParams; Querystring: Record<string, string> }>('/:type', { config: { policy: HOSPITAL_SYSTEMS }, schema: { tags, summary: 'conditional update by identifier=system|value: creates on no match, updates one match' } },
    async (request, reply) => {
      const criteria = new URLSearchParams(request.query).toString();
      return sendWrite(request, reply, await service.conditionalUpdate(deps, ctx(request), request.params.type, criteria, request.body));
    });

  app.get<{ Params: IdParams }>('/:type/:id', { config: { policy: HOSPITAL_SYSTEMS }, schema: { tags, summary: 'read' } },
    async (request, reply) => sendResource(reply, 200, await service.read(deps, ctx(request), request.params.type, request.params.id)));

  app.put<{ Params: IdParams }>('/:type/:id', { config: { policy: HOSPITAL_SYSTEMS }, schema: { tags, summary: 'update (If-Match: W/"versionId" for optimistic locking)' } },
    async (request, reply) => sendWrite(request, reply, await service.update(deps, ctx(request), request.params.type, request.params.id, request.body, header(request, 'if-match'))));

  app.get<{ Params: IdParams }>('/:type/:id/_history', { config: { policy: HOSPITAL_SYSTEMS }, schema: { tags, summary: 'history-instance, newest first' } },
    async (request, reply) => {
      const versions = await service.history(deps, ctx(request), request.params.type, request.params.id);
      const base = fhirBase(request);
      return reply.type(FHIR_CONTENT_TYPE).send({
        resourceType: 'Bundle', type: 'history', total: versions.length,
        entry: versions.map((r) => ({ fullUrl: `${base}/${r.resourceType}/${r.id}`, resource: r, request: { method: r.meta?.versionId === '1' ? 'POST' : 'PUT', url: r.meta?.versionId === '1' ? r.resourceType : `${r.resourceType}/${r.id}` } })),
      });
    });

  app.get<{ Params: IdParams & { vid: string } }>('/:type/:id/_history/:vid', { config: { policy: HOSPITAL_SYSTEMS }, schema: { tags, summary: 'vread' } },
    async (request, reply) => sendResource(reply, 200, await service.vread(deps, ctx(request), request.params.type, request.params.id, request.params.vid)));
};
