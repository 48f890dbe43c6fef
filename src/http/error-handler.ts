import type { FastifyError, FastifyInstance } from 'fastify';
import { HTTP_STATUS, KibanError } from '../errors.js';

/**
 * The one place where errors become HTTP responses (STYLE §4). Body:
 * `{ error: { code, kind, message, details } }`. Validation failures name the field path and rule.
 */
export function installErrorHandler(app: FastifyInstance, opts: { spaFallback?: boolean } = {}): void {
  app.setErrorHandler((err: FastifyError | KibanError | Error, request, reply) => {
    if (err instanceof KibanError) {
      if (err.kind === 'too_many_requests' && typeof err.details.retryAfterSeconds === 'number') {
        void reply.header('retry-after', String(err.details.retryAfterSeconds));
      }
      return reply.status(HTTP_STATUS[err.kind]).send(body(err.code, err.kind, err.message, err.details));
    }
    const fe = err as FastifyError;
    if (fe.validation) {
      const v = fe.validation[0];
      const path = (v?.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.');
      const missing = v?.keyword === 'required' ? String((v.params as { missingProperty?: string }).missingProperty ?? '') : '';
      const field = [fe.validationContext, path, missing].filter(Boolean).join('.');
      const message = `${field}: ${v?.message ?? 'is invalid'}`;
      return reply.status(400).send(body('INVALID_INPUT', 'invalid_input', message, { field, rule: v?.keyword }));
    }
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      return reply.status(fe.statusCode).send(body(fe.code ?? 'BAD_REQUEST', 'invalid_input', fe.message, {}));
    }
    request.log.error({ err }, 'unhandled error');
    return reply.status(500).send(body('INTERNAL', 'internal', 'internal error', {}));
  });
  app.setNotFoundHandler((request, reply) => {
    // The single-page app routes its own paths: unknown non-API GETs get its index.html.
    if (opts.spaFallback && request.method === 'GET' && !request.url.startsWith('/api')) return reply.sendFile('index.html');
    return reply.status(404).send(body('NOT_FOUND', 'not_found', `no route ${request.method} ${request.url.split('?')[0]}`, {}));
  });
}

function body(code: string, kind: string, message: string, details: Record<string, unknown>) {
  return { error: { code, kind, message, details } };
}
