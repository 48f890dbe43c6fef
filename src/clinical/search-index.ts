import { createHmac } from 'node:crypto';
import { evalFhirPath, getSearchParameterDetails } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';
import { elementRange } from './dates.js';
import { SEARCH_PARAMS, searchParameter, type SupportedType } from './definitions.js';

/** One row of fhir_search. */
export interface IndexRow {
  param: string;
  system: string | null;
  code: string | null;
  ref: string | null;
  dateLo: Date | null;
  dateHi: Date | null;
}

/**
 * An identifier value as stored: HMAC-SHA256 keyed with the platform secret over
 * `hospital:system|value`. Enough for `identifier=system|value` and If-None-Exist, and a dump
 * reveals nothing; the same identifier at two hospitals gives unrelated values.
 */
export function identifierHmac(secret: string, hospitalOrgId: string, system: string | undefined, value: string): string {
  return createHmac('sha256', secret).update(`${hospitalOrgId}:${system ?? ''}|${value.trim()}`).digest('hex');
}

/** Evaluates a search parameter's R4 FHIRPath expression with Medplum's FHIRPath engine. */
export function evalParam(type: SupportedType, code: string, resource: Resource): unknown[] {
  const details = getSearchParameterDetails(type, searchParameter(type, code));
  return evalFhirPath(details.parsedExpression, resource);
}

const row = (param: string, p: Partial<IndexRow>): IndexRow => ({ param, system: null, code: null, ref: null, dateLo: null, dateHi: null, ...p });

function tokenRows(param: string, value: unknown): IndexRow[] {
  if (typeof value === 'string' || typeof value === 'boolean') return [row(param, { code: String(value) })];
  if (typeof value !== 'object' || value === null) return [];
  const v = value as { coding?: Array<{ system?: string; code?: string }>; system?: string; code?: string };
  if (Array.isArray(v.coding)) return v.coding.filter((c) => c.code).map((c) => row(param, { system: c.system ?? null, code: c.code! }));
  return v.code ? [row(param, { system: v.system ?? null, code: v.code })] : [];
}

/**
 * The index rows of a stored resource. `identifiers` are the incoming ones (the stored resource
 * has none: privacy.ts); their values are indexed only as identifierHmac.
 */
export function indexRows(
  type: SupportedType, stored: Resource, identifiers: Array<{ system?: string; value?: string }>, hmac: (system: string | undefined, value: string) => string,
): IndexRow[] {
  const rows: IndexRow[] = [];
  for (const id of identifiers) if (id.value) rows.push(row('identifier', { system: id.system ?? null, code: hmac(id.system, id.value) }));
  for (const param of SEARCH_PARAMS[type]) {
    if (param === 'identifier') continue;
    const sp = searchParameter(type, param);
    for (const value of evalParam(type, param, stored)) {
      if (sp.type === 'reference') {
        const ref = (value as { reference?: string }).reference;
        if (ref?.startsWith('Patient/')) rows.push(row(param, { ref }));
      } else if (sp.type === 'date') {
        const r = elementRange(value);
        if (r) rows.push(row(param, { dateLo: r.lo, dateHi: r.hi }));
      } else rows.push(...tokenRows(param, value));
    }
  }
  return rows;
}
