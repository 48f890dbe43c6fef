import type { OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';

/**
 * What Kiban keeps of an incoming resource (DESIGN: no names, addresses, contact details or exact
 * birth dates; year of birth and sex are kept). A Patient keeps only an allow-list of elements; every
 * resource loses its narrative (`text`, free XHTML that usually repeats the name), its identifiers
 * (kept only as a keyed HMAC in the search index, enough to match a resend), the `display` of its
 * references (a person's name as often as not) and annotation author names. Each element dropped
 * is reported as an informational OperationOutcome issue with its FHIRPath.
 */
const PATIENT_KEEPS = new Set([
  'resourceType', 'id', 'meta', 'active', 'gender', 'birthDate', 'deceasedBoolean', 'deceasedDateTime',
  'multipleBirthBoolean', 'multipleBirthInteger', 'managingOrganization',
]);
/** Resource types that describe a person and are never kept, not even as contained resources. */
const PERSON_TYPES = new Set(['Patient', 'Practitioner', 'PractitionerRole', 'RelatedPerson', 'Person']);
/** FamilyMemberHistory: the relative's name and exact birth date. */
const FAMILY_DROPS = ['name', 'bornDate', 'bornString', 'bornPeriod'];

export interface Sanitised<T extends Resource = Resource> {
  resource: T;
  /** One informational issue per element not stored. */
  dropped: OperationOutcomeIssue[];
}

function droppedIssue(expression: string, why: string): OperationOutcomeIssue {
  return { severity: 'information', code: 'informational', diagnostics: `${expression}: ${why}`, expression: [expression] };
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export function sanitise<T extends Resource>(input: T, pathPrefix?: string): Sanitised<T> {
  const dropped: OperationOutcomeIssue[] = [];
  const base = pathPrefix ?? input.resourceType;
  const out = structuredClone(input) as unknown as Json;
  const drop = (key: string, why: string) => {
    if (out[key] === undefined) return;
    delete out[key];
    dropped.push(droppedIssue(`${base}.${key}`, why));
  };
  drop('text', 'narrative not stored (it may name the patient)');
  drop('identifier', 'not stored; kept only as a keyed hash for matching');
  if (input.resourceType === 'Patient') {
    const birthDate = out.birthDate;
    if (typeof birthDate === 'string' && birthDate.length > 4) {
      out.birthDate = birthDate.slice(0, 4);
      dropped.push(droppedIssue(`${base}.birthDate`, 'only the year of birth is stored'));
    }
    for (const key of Object.keys(out)) if (!PATIENT_KEEPS.has(key)) drop(key, 'not stored (identifying)');
  }
  if (input.resourceType === 'FamilyMemberHistory') for (const key of FAMILY_DROPS) drop(key, 'not stored (identifying)');
  if (Array.isArray(out.contained)) out.contained = sanitiseContained(out.contained, base, dropped);
  stripNames(out, base, dropped);
  return { resource: out as unknown as T, dropped };
}

function sanitiseContained(contained: unknown[], base: string, dropped: OperationOutcomeIssue[]): unknown[] {
  const kept: unknown[] = [];
  contained.forEach((c, i) => {
    const path = `${base}.contained[${i}]`;
    if (!isObject(c) || PERSON_TYPES.has(String(c.resourceType))) {
      dropped.push(droppedIssue(path, 'contained resources describing a person are not stored'));
      return;
    }
    const inner = sanitise(c as unknown as Resource, path);
    dropped.push(...inner.dropped);
    kept.push(inner.resource);
  });
  return kept;
}

/**
 * A Reference's `display` and an Annotation's `authorString` hold names. A Coding also has a
 * `display` (the term's label, kept); it is told apart by having a `code` or `system`.
 */
function stripNames(node: Json, path: string, dropped: OperationOutcomeIssue[]): void {
  for (const [key, value] of Object.entries(node)) {
    if (key === 'contained') continue; // sanitised on its own
    const items = Array.isArray(value) ? value : [value];
    items.forEach((item, i) => {
      if (!isObject(item)) return;
      const itemPath = Array.isArray(value) ? `${path}.${key}[${i}]` : `${path}.${key}`;
      if (typeof item.display === 'string' && item.code === undefined && item.system === undefined) {
        delete item.display;
        dropped.push(droppedIssue(`${itemPath}.display`, 'reference display not stored (it may be a name)'));
      }
      if (item.identifier !== undefined) {
        delete item.identifier;
        dropped.push(droppedIssue(`${itemPath}.identifier`, 'not stored (an identifier may be the patient id or a barcode)'));
      }
      if (item.authorString !== undefined) {
        delete item.authorString;
        dropped.push(droppedIssue(`${itemPath}.authorString`, 'author name not stored'));
      }
      stripNames(item, itemPath, dropped);
    });
  }
}
