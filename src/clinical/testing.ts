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
export async function enrol(t: TestApp, patientId: string, user = 'clinician'): Promise<string> {
  const res = await t.app.inject({ method: 'POST', url: '/api/cases', headers: await t.login(user), payload: cancerCaseBody(patientId) });
  if (res.statusCode !== 201) throw new Error(`enrol ${patientId}: ${res.statusCode} ${res.body}`);
  return res.json().id as string;
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

const subject = (pid: string) => ({ reference: `Patient/${pid}` });

/** One valid resource of each supported non-Patient type about Patient/`pid`, with JP Core codes. */
export function clinicalResources(pid: string): Resource[] {
  return [
    {
      resourceType: 'Condition', subject: subject(pid), onsetDateTime: '2024-11-02', recordedDate: '2024-11-10',
      clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
      code: { coding: [{ system: 'http://jpfhir.jp/fhir/core/mhlw/CodeSystem/ICD10-2013-full', code: 'C34.1', display: '上葉，気管支又は肺' }], text: '右上葉肺腺癌' },
    },
    {
      resourceType: 'Observation', status: 'final', subject: subject(pid), effectiveDateTime: '2025-01-15T09:30:00+09:00',
      code: { coding: [{ system: 'http://loinc.org', code: '718-7', display: 'Hemoglobin [Mass/volume] in Blood' }] },
      valueQuantity: { value: 12.9, unit: 'g/dL', system: 'http://unitsofmeasure.org', code: 'g/dL' },
    },
    {
      resourceType: 'Specimen', subject: subject(pid), collection: { collectedDateTime: '2024-11-05' },
      type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0487', code: 'TUMOR', display: 'Tumor' }] },
    },
    {
      resourceType: 'MedicationStatement', status: 'active', subject: subject(pid), effectivePeriod: { start: '2024-12-01' },
      medicationCodeableConcept: { coding: [{ system: 'http://capstandard.jp/iyaku.info/CodeSystem/YJ-code', code: '4291045F1027', display: 'オシメルチニブ錠' }] },
    },
    {
      resourceType: 'MedicationRequest', status: 'active', intent: 'order', subject: subject(pid), authoredOn: '2024-11-30',
      medicationCodeableConcept: { coding: [{ system: 'http://medis.or.jp/CodeSystem/master-HOT9', code: '123456701' }] },
    },
    {
      resourceType: 'Procedure', status: 'completed', subject: subject(pid), performedDateTime: '2024-11-05',
      code: { coding: [{ system: 'http://snomed.info/sct', code: '173171007', display: 'Lobectomy of lung' }] },
    },
    {
      resourceType: 'FamilyMemberHistory', status: 'completed', patient: subject(pid), date: '2024-11-10', name: '山田 花子',
      relationship: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: 'MTH', display: 'mother' }] },
      condition: [{ code: { coding: [{ system: 'http://jpfhir.jp/fhir/core/mhlw/CodeSystem/ICD10-2013-full', code: 'C50.9' }] } }],
    },
    {
      resourceType: 'AllergyIntolerance', patient: subject(pid), recordedDate: '2023-06-01',
      clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' }] },
      code: { coding: [{ system: 'http://snomed.info/sct', code: '91936005', display: 'Allergy to penicillin' }] },
    },
    {
      resourceType: 'DiagnosticReport', status: 'final', subject: subject(pid), effectiveDateTime: '2025-01-15',
      code: { coding: [{ system: 'http://loinc.org', code: '58410-2', display: 'CBC panel - Blood by Automated count' }] },
    },
  ] as Resource[];
}
