import type { Identifier, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import type { Config } from '../config.js';
import type { Queryable } from '../db/index.js';
import { KibanError, invalidInput } from '../errors.js';
import { findParticipantByHmac, patientIdHmac } from '../registry/index.js';
import { checkRequiredBindings } from './bindings.js';
import { isSupportedType, validateBase, type SupportedType } from './definitions.js';
import { JP_PATIENT_ID_SYSTEM, checkJpCore } from './jp-core.js';
import { invalidResource } from './outcome.js';
import { sanitise } from './privacy.js';
import { parseRelative } from './references.js';
import { evalParam } from './search-index.js';
import * as store from './store.js';

/** An incoming resource checked, linked to its participant and stripped to what Kiban keeps. */
export interface Prepared {
  type: SupportedType;
  participantId: string;
  stored: Resource;
  identifiers: Identifier[];
  /** Validation warnings, and one informational issue per element not stored (privacy.ts). */
  warnings: OperationOutcomeIssue[];
  dropped: OperationOutcomeIssue[];
}

/**
 * Validation order: R4 structure (400), then JP Core and Kiban rules (422). The patient link must
 * resolve to a Patient of the sending hospital; other references are kept as given (a hospital may
 * send an Observation before, or without, the Specimen it names), as for unsupported types.
 * `path` is the resource's FHIRPath root (`Bundle.entry[2].resource` inside a Bundle).
 */
export async function prepare(
  q: Queryable, config: Config, hospital: string, type: string, input: unknown, path?: string, linkedTo?: string,
): Promise<Prepared> {
  const resource = checkShape(type, input, path);
  try {
    const p = await check(q, config, hospital, resource, linkedTo);
    if (!path) return p;
    return { ...p, warnings: rebaseIssues(p.warnings, resource.resourceType, path), dropped: rebaseIssues(p.dropped, resource.resourceType, path) };
  } catch (err) {
    const issues = err instanceof KibanError ? (err.details.issues as OperationOutcomeIssue[] | undefined) : undefined;
    if (!path || !issues || !(err instanceof KibanError)) throw err;
    throw invalidResource(err.kind as 'invalid_input' | 'unprocessable', issues.map((i) => rebase(i, resource.resourceType, path)));
  }
}

/**
 * `linkedTo`: on update, the participant the stored resource is linked to. Kiban never returns a
 * Patient's identifier, so an update may leave it out (read, change, write back) and keeps the link.
 */
async function check(q: Queryable, config: Config, hospital: string, resource: Resource, linkedTo?: string): Promise<Prepared> {
  const { errors, warnings } = validateBase(resource);
  const bindingErrors = errors.length ? [] : checkRequiredBindings(resource);
  if (errors.length || bindingErrors.length) throw invalidResource('invalid_input', [...errors, ...bindingErrors]);
  const keepsLink = linkedTo !== undefined && resource.resourceType === 'Patient' && !hospitalIdentifier(resource);
  const jp = checkJpCore(resource, resource.resourceType as SupportedType, { identifierRequired: !keepsLink });
  const jpErrors = jp.filter((i) => i.severity === 'error');
  if (jpErrors.length) throw invalidResource('unprocessable', jpErrors);
  const participantId = resource.resourceType === 'Patient'
    ? (keepsLink ? linkedTo : await linkPatient(q, config, hospital, resource))
    : await linkSubject(q, hospital, resource);
  const { resource: stored, dropped } = sanitise(resource);
  return {
    type: resource.resourceType as SupportedType, participantId, stored,
    identifiers: (resource as { identifier?: Identifier[] }).identifier ?? [],
    warnings: [...warnings, ...jp.filter((i) => i.severity !== 'error')],
    dropped,
  };
}

/** Issues of a resource inside a Bundle, re-rooted at its entry (`Bundle.entry[2].resource.code`). */
export function rebaseIssues(issues: OperationOutcomeIssue[], type: string, path: string): OperationOutcomeIssue[] {
  return issues.map((i) => rebase(i, type, path));
}

function checkShape(type: string, input: unknown, path: string | undefined): Resource {
  const field = path ?? 'body';
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw invalidInput('FHIR_INVALID', `${field}: expected a FHIR resource (a JSON object)`, { field });
  }
  const rt = (input as { resourceType?: unknown }).resourceType;
  if (rt !== type) {
    throw invalidInput('FHIR_INVALID', `${field}.resourceType: expected ${type}, got ${JSON.stringify(rt ?? null)}`, { field: `${field}.resourceType` });
  }
  if (!isSupportedType(type)) throw invalidInput('FHIR_UNSUPPORTED_TYPE', `${type} is not a resource type Kiban accepts`, { field: `${field}.resourceType` });
  return input as Resource;
}

function rebase(issue: OperationOutcomeIssue, type: string, path: string): OperationOutcomeIssue {
  const expression = issue.expression?.map((e) => (e.startsWith(type) ? `${path}${e.slice(type.length)}` : `${path}.${e}`));
  const diagnostics = issue.diagnostics?.startsWith(type) ? `${path}${issue.diagnostics.slice(type.length)}` : issue.diagnostics;
  return { ...issue, ...(expression ? { expression } : {}), ...(diagnostics ? { diagnostics } : {}) };
}

function rule(expression: string, message: string) {
  return invalidResource('unprocessable', [{ severity: 'error', code: 'business-rule', diagnostics: `${expression}: ${message}`, expression: [expression] }]);
}

/**
 * The hospital identifier is the one in the JP Core patient id system or, failing that, the one
 * typed MR (v2-0203 medical record number). Its keyed hash finds the participant the hospital
 * enrolled (POST /api/cases): clinical data are accepted only for enrolled, consenting patients.
 */
export function hospitalIdentifier(resource: Resource): { index: number; value: string } | undefined {
  const ids = (resource as { identifier?: Identifier[] }).identifier ?? [];
  let index = ids.findIndex((i) => i.value && i.system && JP_PATIENT_ID_SYSTEM.test(i.system));
  if (index < 0) index = ids.findIndex((i) => i.value && i.type?.coding?.some((c) => c.code === 'MR' && c.system === 'http://terminology.hl7.org/CodeSystem/v2-0203'));
  return index < 0 ? undefined : { index, value: ids[index]!.value! };
}

async function linkPatient(q: Queryable, config: Config, hospital: string, resource: Resource): Promise<string> {
  const id = hospitalIdentifier(resource);
  if (!id) throw rule('Patient.identifier', 'needs the hospital patient id (JP Core system urn:oid:1.2.392.100495.20.3.51.1<institution code>, or type MR)');
  const participant = await findParticipantByHmac(q, hospital, patientIdHmac(config.secret, hospital, id.value));
  if (!participant) {
    throw rule(`Patient.identifier[${id.index}]`, `no participant enrolled at ${hospital} has this patient id; register the case first (POST /api/cases)`);
  }
  return participant.id;
}

async function linkSubject(q: Queryable, hospital: string, resource: Resource): Promise<string> {
  const type = resource.resourceType as SupportedType;
  const refs = evalParam(type, 'patient', resource).map((r) => (r as { reference?: string }).reference).filter((r): r is string => Boolean(r));
  const element = type === 'FamilyMemberHistory' || type === 'AllergyIntolerance' ? 'patient' : 'subject';
  const target = refs.length === 1 ? parseRelative(refs[0]!) : undefined;
  if (!target) throw rule(`${type}.${element}`, 'must reference the Patient this is about (Patient/<id>)');
  const patient = await store.getResource(q, 'Patient', target.id);
  if (!patient || patient.hospital_org_id !== hospital) throw rule(`${type}.${element}`, `Patient/${target.id} not found`);
  return patient.participant_id;
}
