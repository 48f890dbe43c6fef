import type { CapabilityStatement } from '@medplum/fhirtypes';
import { SEARCH_PARAMS, SUPPORTED_TYPES, searchParameter } from './definitions.js';

/**
 * What this server does, and nothing more: the ten resource types with read, vread, update,
 * history-instance, create and update (both conditional by identifier) and search-type; their
 * search parameters as R4 defines them; transaction and batch. No delete, patch or _include.
 */
export function capabilityStatement(base: string, tokenUrl: string, date: string): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date,
    kind: 'instance',
    software: { name: 'Kiban', version: '0.1.0' },
    implementation: { description: 'Kiban clinical data intake (FHIR R4, JP Core)', url: base },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [{
      mode: 'server',
      security: {
        cors: false,
        service: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'SMART-on-FHIR' }] }],
        description: 'SMART Backend Services (client credentials with a signed JWT assertion); system/<type>.read|write scopes; a hospital reads and writes only its own patients.',
        extension: [{
          url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
          extension: [{ url: 'token', valueUri: tokenUrl }],
        }],
      },
      resource: SUPPORTED_TYPES.map((type) => ({
        type,
        profile: `http://hl7.org/fhir/StructureDefinition/${type}`,
        interaction: ['read', 'vread', 'update', 'history-instance', 'create', 'search-type'].map((code) => ({ code: code as 'read' })),
        versioning: 'versioned',
        readHistory: true,
        updateCreate: false,
        conditionalCreate: true,
        conditionalUpdate: true,
        conditionalDelete: 'not-supported',
        searchParam: [
          { name: '_id', type: 'token' as const, definition: 'http://hl7.org/fhir/SearchParameter/Resource-id' },
          { name: '_lastUpdated', type: 'date' as const, definition: 'http://hl7.org/fhir/SearchParameter/Resource-lastUpdated' },
          ...SEARCH_PARAMS[type].map((name) => {
            const sp = searchParameter(type, name);
            return { name, type: sp.type, ...(sp.url ? { definition: sp.url } : {}) };
          }),
        ],
      })),
      interaction: [{ code: 'transaction' }, { code: 'batch' }],
    }],
  };
}
