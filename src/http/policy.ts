import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { KibanError } from '../errors.js';
import { ALL_PRINCIPALS, type OrgType, type Principal } from '../auth/roles.js';

/**
 * Deny by default: every route declares in `config.policy` who may call it. A route without a
 * policy cannot be registered (the onRoute hook throws), and test/route-policy.test.ts lists them.
 * Record-level scoping (a hospital sees only its own cases) is the services' job.
 */
export type Policy =
  | { public: true }
  | { authenticated: true }
  | { allow: readonly Principal[] };

declare module 'fastify' {
  interface FastifyContextConfig {
    policy?: Policy;
  }
}

export const PUBLIC: Policy = { public: true };
export const AUTHENTICATED: Policy = { authenticated: true };
export function allow(...principals: Principal[]): Policy {
  return { allow: principals };
}
/** Every role of the given organisation types, for `allow(...anyRoleOf('hospital'))`. */
export function anyRoleOf(...orgTypes: OrgType[]): Principal[] {
  return ALL_PRINCIPALS.filter((p) => orgTypes.some((t) => p.startsWith(`${t}:`)));
}

/** Routes added by third-party plugins, with the policy Kiban gives them. */
function pluginRoutePolicy(url: string): Policy | undefined {
  if (url === '/api/docs' || url.startsWith('/api/docs/')) return PUBLIC; // OpenAPI document and UI
  if (url.startsWith('/fhir')) return undefined; // the FHIR endpoint declares its own, route by route
  if (!url.startsWith('/api')) return PUBLIC; // the web app's static files
  return undefined;
}

export interface RegisteredRoute {
  method: string;
  url: string;
  policy: Policy | undefined;
}

/**
 * Installs the registration check and returns the live route list. Enforcement (checkPolicy) runs
 * in the onRequest hook right after authentication, before body parsing and validation, so a
 * caller who may not use a route learns nothing from it, not even a validation message.
 */
export function installPolicy(app: FastifyInstance): RegisteredRoute[] {
  const routes: RegisteredRoute[] = [];
  app.addHook('onRoute', (route: RouteOptions) => {
    const config = (route.config ?? {}) as { policy?: Policy };
    const policy = config.policy ?? pluginRoutePolicy(route.url);
    if (!policy) throw new Error(`route ${String(route.method)} ${route.url} declares no access policy`);
    route.config = { ...config, policy } as never;
    for (const method of [route.method].flat()) routes.push({ method, url: route.url, policy });
  });
  return routes;
}

export function checkPolicy(request: FastifyRequest): void {
  const policy = request.routeOptions.config.policy;
  if (!policy) throw new KibanError('forbidden', 'NO_POLICY', 'route has no access policy');
  if ('public' in policy) return;
  const actor = request.actor;
  if (!actor) throw new KibanError('unauthenticated', 'UNAUTHENTICATED', 'login required');
  if ('authenticated' in policy) return;
  if (!policy.allow.includes(actor.principal)) {
    throw new KibanError('forbidden', 'FORBIDDEN', `${actor.principal} may not call ${request.method} ${request.routeOptions.url}`);
  }
}

export function policyAllows(policy: Policy, principal: Principal | undefined): boolean {
  if ('public' in policy) return true;
  if (!principal) return false;
  if ('authenticated' in policy) return true;
  return policy.allow.includes(principal);
}
