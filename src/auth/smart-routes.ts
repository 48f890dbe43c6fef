import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { HTTP_STATUS, KibanError } from '../errors.js';
import { PUBLIC } from '../http/policy.js';
import type { ModuleOptions } from '../modules.js';
import { issueSmartToken, smartConfiguration, type TokenRequest } from './smart.js';

/** The token endpoint's URL as this request reached it: the `aud` a client assertion must carry. */
export function tokenUrl(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}/fhir/R4/auth/token`;
}

/**
 * The OAuth 2.0 token endpoint of the FHIR server and its SMART discovery document, mounted under
 * /fhir/R4 beside the FHIR plugin. Errors are OAuth's (RFC 6749 §5.2), not OperationOutcomes.
 */
export const smartRoutes: FastifyPluginAsync<ModuleOptions> = async (app, { deps }) => {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  app.setErrorHandler((err, request, reply) => {
    void reply.header('cache-control', 'no-store');
    if (err instanceof KibanError) {
      const error = typeof err.details.oauthError === 'string' ? err.details.oauthError : 'invalid_request';
      return reply.status(HTTP_STATUS[err.kind]).send({ error, error_description: err.message });
    }
    const status = (err as { statusCode?: number }).statusCode;
    if (status && status < 500) return reply.status(400).send({ error: 'invalid_request', error_description: (err as Error).message });
    request.log.error({ err }, 'unhandled error');
    return reply.status(500).send({ error: 'server_error', error_description: 'internal error' });
  });

  app.get('/.well-known/smart-configuration', {
    config: { policy: PUBLIC }, schema: { tags: ['fhir'], summary: 'SMART discovery: token endpoint, grant and signing algorithms' },
  }, async (request) => smartConfiguration(tokenUrl(request)));

  app.post('/auth/token', {
    config: { policy: PUBLIC },
    schema: { tags: ['fhir'], summary: 'OAuth 2.0 client credentials with a signed JWT assertion (SMART Backend Services)' },
  }, async (request, reply) => {
    const body = (request.body ?? {}) as TokenRequest;
    return reply.header('cache-control', 'no-store').send(await issueSmartToken(deps.db, body, tokenUrl(request)));
  });
};
