import type { Resource } from '@medplum/fhirtypes';
import { createToken } from '../auth/service.js';
import { cancerCaseBody } from '../registry/testing.js';
import type { TestApp } from '../testing/test-app.js';

/** JP Core patient id system of a (fictional) Tokyo institution, code 1311234567. */
export const JP_PID_SYSTEM = 'urn:oid:1.2.392.100495.20.3.51.11311234567';

/** A JP_Patient as a hospital EHR would send it: names, telecom, address, exact birth date. */
export function jpPatient(patientId: string): Resource {
  return {
    resourceType: 'Patient',
    meta: { profile: ['http://jpfhir.jp/fhir/core/StructureDefinition/JP_Patient'] },
    text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">山田 太郎 (ヤマダ タロウ)</div>' },
    identifier: [{ system: JP_PID_SYSTEM, value: patientId }],
    name: [
      { use: 'usual', text: '山田 太郎', family: '山田', given: ['太郎'] },
      { use: 'usual', text: 'ヤマダ タロウ', family: 'ヤマダ', given: ['タロウ'] },
    ],
    telecom: [{ system: 'phone', value: '0312345678', use: 'home' }],
    gender: 'male',
    birthDate: '1958-04-17',
    address: [{ postalCode: '160-0023', text: '東京都新宿区西新宿1-1-1' }],
  } as Resource;
}

/** Enrols a patient through the registry (as the clinician) so that FHIR data can link to it. */
export async function enrol(t: TestApp, patientId: string, user = 'clinician'): Promise<void> {
  const res = await t.app.inject({ method: 'POST', url: '/api/cases', headers: await t.login(user), payload: cancerCaseBody(patientId) });
  if (res.statusCode !== 201) throw new Error(`enrol ${patientId}: ${res.statusCode} ${res.body}`);
}

/** A Kiban API token of a hospital's EHR system (hospital:ehr_system). */
export async function ehrToken(t: TestApp, orgId: string): Promise<string> {
  return (await createToken(t.db, 'system', { orgId, name: `EHR ${orgId}`, role: 'ehr_system' })).token;
}

export function fhirClient(t: TestApp, token: string) {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/fhir+json' };
  return {
    post: (url: string, body: unknown, extra: Record<string, string> = {}) =>
      t.app.inject({ method: 'POST', url: `/fhir/R4${url}`, headers: { ...headers, ...extra }, payload: JSON.stringify(body) }),
    put: (url: string, body: unknown, extra: Record<string, string> = {}) =>
      t.app.inject({ method: 'PUT', url: `/fhir/R4${url}`, headers: { ...headers, ...extra }, payload: JSON.stringify(body) }),
    get: (url: string) => t.app.inject({ method: 'GET', url: `/fhir/R4${url}`, headers: { authorization: headers.authorization } }),
  };
}
