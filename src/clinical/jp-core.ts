import type { OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import type { SupportedType } from './definitions.js';

/**
 * The JP Core (v1.x) rules that matter at intake. Kiban does not load the JP Core
 * StructureDefinitions (the package is not redistributable; see MANIFEST), so it checks what a
 * receiving system must rely on: a claimed JP Core profile fits the resource type, a JP_Patient
 * carries the hospital patient id in the JP Core identifier system, and codes in the Japanese
 * code systems (MEDIS disease, ICD-10 2013, YJ, HOT) have those systems' formats.
 */
export const JP_CORE_PROFILE_BASE = 'http://jpfhir.jp/fhir/core/StructureDefinition/';

/** JP Core profile names per type (JP_Observation_LabResult, JP_Condition_Diagnosis, …). */
const PROFILE_PREFIX: Record<SupportedType, RegExp> = {
  Patient: /^JP_Patient$/,
  Condition: /^JP_Condition(_\w+)?$/,
  Observation: /^JP_Observation_\w+$/,
  Specimen: /^JP_Specimen_\w+$/,
  MedicationStatement: /^JP_MedicationStatement(_\w+)?$/,
  MedicationRequest: /^JP_MedicationRequest(_\w+)?$/,
  Procedure: /^JP_Procedure$/,
  FamilyMemberHistory: /^JP_FamilyMemberHistory$/,
  AllergyIntolerance: /^JP_AllergyIntolerance$/,
  DiagnosticReport: /^JP_DiagnosticReport_\w+$/,
};

/**
 * JP Core patient id system: `urn:oid:1.2.392.100495.20.3.51.` + 1 + the 10-digit insurance
 * medical institution code (prefecture 2, table 1, institution 7), e.g. …51.11311234567.
 */
export const JP_PATIENT_ID_SYSTEM = /^urn:oid:1\.2\.392\.100495\.20\.3\.51\.1\d{10}$/;
const JP_PATIENT_ID_ROOT = 'urn:oid:1.2.392.100495.20.3.51.';

/** Code formats of the JP code systems (the URL and the OID each is also known by). */
const CODE_FORMATS: Array<{ systems: string[]; name: string; pattern: RegExp }> = [
  { systems: ['http://medis.or.jp/CodeSystem/master-disease-exCode', 'urn:oid:1.2.392.200119.4.101.6'], name: 'MEDIS disease exchange code (4 characters)', pattern: /^[0-9A-Z]{4}$/ },
  { systems: ['http://jpfhir.jp/fhir/core/mhlw/CodeSystem/ICD10-2013-full'], name: 'ICD-10 (2013) code', pattern: /^[A-Z][0-9]{2}(\.[0-9A-Z]{1,2})?$/ },
  { systems: ['http://capstandard.jp/iyaku.info/CodeSystem/YJ-code', 'urn:oid:1.2.392.100495.20.1.73'], name: 'YJ code (12 characters)', pattern: /^[0-9A-Z]{12}$/ },
  { systems: ['http://medis.or.jp/CodeSystem/master-HOT9', 'urn:oid:1.2.392.200119.4.403.1'], name: 'HOT9 code (9 digits)', pattern: /^\d{9}$/ },
  { systems: ['http://medis.or.jp/CodeSystem/master-HOT7', 'urn:oid:1.2.392.200119.4.403.2'], name: 'HOT7 code (7 digits)', pattern: /^\d{7}$/ },
  { systems: ['http://medis.or.jp/CodeSystem/master-HOT13', 'urn:oid:1.2.392.200119.4.402.1'], name: 'HOT13 code (13 digits)', pattern: /^\d{13}$/ },
];

function issue(expression: string, diagnostics: string, severity: 'error' | 'warning' = 'error'): OperationOutcomeIssue {
  return { severity, code: severity === 'error' ? 'business-rule' : 'informational', diagnostics, expression: [expression] };
}

export function claimsJpCore(resource: Resource): boolean {
  return (resource.meta?.profile ?? []).some((p) => p.startsWith(JP_CORE_PROFILE_BASE));
}

/** Errors (→ 422) and warnings of the JP Core intake rules. */
export function checkJpCore(resource: Resource, type: SupportedType, opts: { identifierRequired?: boolean } = {}): OperationOutcomeIssue[] {
  const issues: OperationOutcomeIssue[] = [];
  (resource.meta?.profile ?? []).forEach((url, i) => {
    const where = `${type}.meta.profile[${i}]`;
    if (url.startsWith(JP_CORE_PROFILE_BASE)) {
      const name = url.slice(JP_CORE_PROFILE_BASE.length).split('|')[0]!;
      if (!PROFILE_PREFIX[type].test(name)) issues.push(issue(where, `${where}: ${name} is not a JP Core profile of ${type}`));
    } else if (!url.startsWith(`http://hl7.org/fhir/StructureDefinition/${type}`)) {
      issues.push(issue(where, `${where}: profile ${url} is not known to Kiban; checked against R4 and JP Core intake rules only`, 'warning'));
    }
  });
  if (type === 'Patient') issues.push(...checkPatientIdentifier(resource, claimsJpCore(resource) && opts.identifierRequired !== false));
  walkCodings(resource, type, issues);
  return issues;
}

function checkPatientIdentifier(resource: Resource, jp: boolean): OperationOutcomeIssue[] {
  const identifiers = (resource as { identifier?: Array<{ system?: string; value?: string }> }).identifier ?? [];
  const out: OperationOutcomeIssue[] = [];
  identifiers.forEach((id, i) => {
    if (id.system?.startsWith(JP_PATIENT_ID_ROOT) && !JP_PATIENT_ID_SYSTEM.test(id.system)) {
      out.push(issue(`Patient.identifier[${i}].system`,
        `Patient.identifier[${i}].system: ${id.system} is not a JP Core patient id system (urn:oid:1.2.392.100495.20.3.51.1 + 10-digit institution code)`));
    }
  });
  if (jp && !identifiers.some((id) => id.system && JP_PATIENT_ID_SYSTEM.test(id.system) && id.value)) {
    out.push(issue('Patient.identifier', 'Patient.identifier: a JP_Patient needs the hospital patient id in the JP Core system urn:oid:1.2.392.100495.20.3.51.1<institution code>'));
  }
  return out;
}

function walkCodings(node: unknown, path: string, issues: OperationOutcomeIssue[]): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => walkCodings(item, `${path}[${i}]`, issues));
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const o = node as Record<string, unknown>;
  if (typeof o.system === 'string' && typeof o.code === 'string') {
    const format = CODE_FORMATS.find((f) => f.systems.includes(o.system as string));
    if (format && !format.pattern.test(o.code)) issues.push(issue(`${path}.code`, `${path}.code: ${JSON.stringify(o.code)} is not a ${format.name}`));
  }
  for (const [key, value] of Object.entries(o)) if (typeof value === 'object') walkCodings(value, `${path}.${key}`, issues);
}
