/** The clinical module: FHIR R4 / JP Core intake at /fhir/R4. Other modules use it through this file. */
export { fhirRoutes } from './routes.js';
export { clinicalRoutes } from './api-routes.js';
export { SUPPORTED_TYPES, loadDefinitions } from './definitions.js';
