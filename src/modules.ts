import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from './app.js';
import { healthRoutes } from './http/health.js';
import { authRoutes } from './auth/routes.js';
import { adminRoutes } from './auth/admin-routes.js';
import { auditRoutes } from './audit/routes.js';
import { registryRoutes } from './registry/index.js';
import { consentRoutes } from './consent/index.js';
import { specimenRoutes } from './specimens/index.js';
import { intakeRoutes } from './intake/index.js';
import { clinicalRoutes, fhirRoutes } from './clinical/index.js';
import { smartRoutes } from './auth/smart-routes.js';
import { interpretationRoutes } from './interpretation/index.js';

export interface ModuleOptions {
  deps: AppDeps;
}

/** Each domain module's encapsulated Fastify plugin, mounted under /api. */
export const modulePlugins: FastifyPluginAsync<ModuleOptions>[] = [healthRoutes, authRoutes, adminRoutes, auditRoutes, registryRoutes, consentRoutes, specimenRoutes, intakeRoutes, clinicalRoutes, interpretationRoutes];

/** The FHIR R4 endpoint, mounted under /fhir/R4 (outside /api: FHIR's own media type and error format). */
export const fhirPlugins: FastifyPluginAsync<ModuleOptions>[] = [smartRoutes, fhirRoutes];
