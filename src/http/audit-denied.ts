import type { FastifyInstance } from 'fastify';
import { audit } from '../audit/index.js';
import type { Db } from '../db/index.js';

/** Routes that serve individual-level data, by their first path segment, and the entity each names. */
const INDIVIDUAL_LEVEL: Record<string, string> = {
  cases: 'case',
  participants: 'participant',
  specimens: 'specimen',
  shipments: 'shipment',
  'sequencing-runs': 'sequencing_run',
  'resequencing-requests': 'resequencing_request',
  'variant-carriers': 'variant',
};

/**
 * A refused attempt at individual-level data is audited like a read: who tried, which record, and
 * what they were told (403 not allowed; 404 not found, which is also what a hospital gets for
 * another hospital's case). Done once here, for every such route, rather than in each service:
 * policy refusals happen before any service runs. Written before the response is sent.
 */
export function installDeniedAudit(app: FastifyInstance, db: Db): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const status = reply.statusCode;
    if ((status !== 403 && status !== 404) || request.is404 || !request.actor) return payload;
    const route = request.routeOptions.url ?? '';
    const entityType = INDIVIDUAL_LEVEL[route.split('/')[2] ?? ''];
    if (!route.startsWith('/api/') || !entityType) return payload;
    const id = (request.params as { id?: unknown } | undefined)?.id;
    const event = {
      action: 'access.denied',
      entityType,
      ...(typeof id === 'string' ? { entityId: id } : {}),
      details: { method: request.method, route, status, code: errorCode(payload) },
    };
    try {
      await db.transaction((tx) => audit(tx, { actor: request.actor!, ip: request.ip }, event));
    } catch (err) {
      request.log.error({ err }, 'denied attempt not audited');
    }
    return payload;
  });
}

function errorCode(payload: unknown): string | null {
  if (typeof payload !== 'string') return null;
  try {
    return (JSON.parse(payload) as { error?: { code?: string } }).error?.code ?? null;
  } catch {
    return null;
  }
}
