import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import { sharedData, skipReason } from '../testing/skip.js';
import { openTestApp, type TestApp } from '../testing/test-app.js';
import { isSupportedType } from './definitions.js';
import { ehrToken, enrol, fhirClient } from './testing.js';

const CORE = sharedData('fhir', 'r4-core-examples');
const SERVER = sharedData('fhir', 'r4-server-test-resources');

/** 13 of the server test files start with a UTF-8 byte-order mark (MANIFEST). */
function readExample(path: string): Resource {
  return JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, '')) as Resource;
}

/** The examples name their patient Patient/example, pat1, f001 …: point them at the stored one. */
function toPatient<T>(resource: T, patientId: string): T {
  return JSON.parse(JSON.stringify(resource).replace(/"Patient\/[A-Za-z0-9\-.]+"/g, `"Patient/${patientId}"`)) as T;
}

/** Examples of supported types, and the one Kiban refuses because it names no patient. */
const CORE_FILES = ['condition-example.json', 'observation-example.json', 'specimen-example.json', 'medicationrequest0301.json',
  'medicationstatementexample1.json', 'familymemberhistory-example.json', 'allergyintolerance-example.json'];
const SERVER_FILES = ['Condition-For-Patient-f001.json', 'ObservationWithTPMTDiplotype.json', 'ObservationWithTPMTHaplotypeOne.json',
  'BloodPressure.json', 'Specimen.json'];
/** Not valid R4: `interpretation` is a single object where R4 has an array (it was 0..1 in STU3). */
const INVALID_SERVER_FILES = ['Observation-For-Patient-f001.json', 'ObservationWithTemperature.json'];

describe('HL7 FHIR R4 examples of the supported types', { skip: skipReason(existsSync(CORE) && existsSync(SERVER), `FHIR examples not found at ${CORE}`) }, () => {
  let t: TestApp;
  let client: ReturnType<typeof fhirClient>;
  let patientId: string;
  before(async () => {
    t = await openTestApp('pglite');
    client = fhirClient(t, await ehrToken(t, 'H-TOKYO'));
    await enrol(t, '12345'); // patient-example.json's medical record number (identifier typed MR)
    const res = await client.post('/Patient', readExample(`${CORE}/patient-example.json`));
    assert.equal(res.statusCode, 201, res.body);
    patientId = res.json().id;
  });
  after(() => t?.close());

  test('patient-example.json is linked by its MR identifier and keeps only gender and year of birth', async () => {
    const stored = (await client.get(`/Patient/${patientId}`)).json();
    assert.deepEqual(Object.keys(stored).sort(), ['active', 'birthDate', 'deceasedBoolean', 'gender', 'id', 'managingOrganization', 'meta', 'resourceType']);
    assert.equal(stored.birthDate, '1974');
    assert.deepEqual(stored.managingOrganization, { reference: 'Organization/1' });
  });

  for (const [dir, files] of [[CORE, CORE_FILES], [SERVER, SERVER_FILES]] as const) {
    for (const file of files) {
      test(`${file} is accepted and reads back with its clinical content`, async () => {
        const example = toPatient(readExample(`${dir}/${file}`), patientId);
        assert.ok(isSupportedType(example.resourceType));
        const res = await client.post(`/${example.resourceType}`, example);
        assert.equal(res.statusCode, 201, res.body);
        const stored = (await client.get(`/${example.resourceType}/${res.json().id}`)).json();
        for (const key of ['code', 'status', 'valueQuantity', 'medicationCodeableConcept', 'relationship', 'type', 'component']) {
          assert.deepEqual(stored[key], (example as unknown as Record<string, unknown>)[key], `${file}: ${key}`);
        }
      });
    }
  }

  for (const file of INVALID_SERVER_FILES) {
    test(`${file} is refused with 400 at Observation.interpretation (STU3 shape)`, async () => {
      const res = await client.post('/Observation', toPatient(readExample(`${SERVER}/${file}`), patientId));
      assert.equal(res.statusCode, 400);
      assert.deepEqual(res.json().issue, [
        { severity: 'error', code: 'structure', details: { text: 'Expected array of values for property' }, expression: ['Observation.interpretation'] },
      ]);
    });
  }

  test('observation-decimal.json names no patient and is refused with 422 at Observation.subject', async () => {
    const res = await client.post('/Observation', readExample(`${CORE}/observation-decimal.json`));
    assert.equal(res.statusCode, 422);
    assert.deepEqual(res.json().issue[0].expression, ['Observation.subject']);
  });

  test('diagnosticreport-example.json (a report with 17 results) posts as one transaction, results resolved by fullUrl', async () => {
    const collection = toPatient(readExample(`${CORE}/diagnosticreport-example.json`) as Bundle, patientId);
    const tx: Bundle = {
      resourceType: 'Bundle', type: 'transaction',
      entry: collection.entry!.map((e): BundleEntry => ({ ...e, request: { method: 'POST', url: e.resource!.resourceType } })),
    };
    const res = await client.post('/', tx);
    assert.equal(res.statusCode, 200, res.body);
    const entries = res.json().entry as BundleEntry[];
    assert.equal(entries.length, 18);
    assert.ok(entries.every((e) => e.response!.status === '201 Created'));
    const report = entries[0]!.resource as { result: Array<{ reference: string }> };
    assert.deepEqual(report.result.map((r) => r.reference), entries.slice(1).map((e) => `Observation/${e.resource!.id}`));
  });

  test('the server test suite\'s Bundle-Transaction.json (DELETE, $lookup, search) is refused whole, naming the first unsupported entry', async () => {
    const before = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM fhir_resources'))[0]!.n;
    const res = await client.post('/', readExample(`${SERVER}/Bundle-Transaction.json`));
    assert.equal(res.statusCode, 400);
    assert.deepEqual(res.json().issue[0].expression, ['Bundle.entry[5].request.method']);
    assert.equal((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM fhir_resources'))[0]!.n, before);
  });
});
