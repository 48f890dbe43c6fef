import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import { dbKinds } from '../testing/test-db.js';
import { openTestApp, type TestApp } from '../testing/test-app.js';
import { JP_PID_SYSTEM, clinicalResources, ehrToken, enrol, fhirClient, jpPatient } from './testing.js';

const PATIENT_URN = 'urn:uuid:6f1d3c2e-0b4a-4c1e-9a57-1f5a2b7c9d01';

/** A JP Core transaction as a hospital EHR sends it: the Patient and one of each other type, linked by urn:uuid. */
function transaction(patientId: string, opts: { conditional?: boolean } = {}): Bundle {
  const resources = JSON.parse(JSON.stringify(clinicalResources('X')).replaceAll('"Patient/X"', JSON.stringify(PATIENT_URN))) as Resource[];
  return {
    resourceType: 'Bundle', type: 'transaction',
    entry: [
      ...resources.map((resource, i) => ({ fullUrl: `urn:uuid:00000000-0000-4000-8000-00000000000${i}`, resource, request: { method: 'POST' as const, url: resource.resourceType } })),
      {
        fullUrl: PATIENT_URN, resource: jpPatient(patientId),
        request: { method: 'POST', url: 'Patient', ...(opts.conditional ? { ifNoneExist: `identifier=${JP_PID_SYSTEM}|${patientId}` } : {}) },
      },
    ],
  };
}

for (const kind of dbKinds()) {
  describe(`FHIR transaction and batch Bundles on ${kind.name}`, { skip: kind.skip }, () => {
    let t: TestApp;
    let tokyo: ReturnType<typeof fhirClient>;
    before(async () => {
      t = await openTestApp(kind.name);
      tokyo = fhirClient(t, await ehrToken(t, 'H-TOKYO'));
    });
    after(() => t?.close());

    const counts = async () => (await t.db.query<{ n: number }>('SELECT (SELECT count(*) FROM fhir_resources) + (SELECT count(*) FROM fhir_search) + (SELECT count(*) FROM fhir_resource_history) AS n'))[0]!.n;

    test('a transaction stores every entry, resolving urn:uuid references to the new Patient whatever the entry order', async () => {
      await enrol(t, 'TKY-TX-1');
      const res = await tokyo.post('/', transaction('TKY-TX-1'));
      assert.equal(res.statusCode, 200, res.body);
      const bundle = res.json() as Bundle;
      assert.equal(bundle.type, 'transaction-response');
      const entries = bundle.entry!;
      assert.deepEqual(entries.map((e) => e.response!.status), Array(10).fill('201 Created'));
      const patientId = entries[9]!.resource!.id!;
      assert.deepEqual(entries[9]!.response!.outcome!.issue.map((i) => i.expression![0]),
        ['Bundle.entry[9].resource.text', 'Bundle.entry[9].resource.identifier', 'Bundle.entry[9].resource.birthDate', 'Bundle.entry[9].resource.name', 'Bundle.entry[9].resource.telecom', 'Bundle.entry[9].resource.address']);
      for (const e of entries.slice(0, 9)) {
        const r = e.resource as Resource & { subject?: { reference: string }; patient?: { reference: string } };
        assert.equal((r.subject ?? r.patient)!.reference, `Patient/${patientId}`, r.resourceType);
        assert.equal(e.response!.location, `http://localhost:80/fhir/R4/${r.resourceType}/${r.id}/_history/1`);
      }
      const everything = (await tokyo.get(`/Condition?patient=${patientId}`)).json();
      assert.equal(everything.total, 1);
    });

    test('one bad entry rolls the whole transaction back and names the entry\'s element', async () => {
      await enrol(t, 'TKY-TX-2');
      const before = await counts();
      const bad = transaction('TKY-TX-2');
      (bad.entry![3]!.resource as { status: unknown }).status = 7;
      const res = await tokyo.post('/', bad);
      assert.equal(res.statusCode, 400);
      assert.deepEqual(res.json(), {
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'error', code: 'structure', details: { text: 'Invalid JSON type: expected string, but got number' }, expression: ['Bundle.entry[3].resource.status'] }],
      });
      assert.equal(await counts(), before, 'nothing stored');
      const dangling = transaction('TKY-TX-2');
      (dangling.entry![5]!.resource as { subject: { reference: string } }).subject.reference = 'urn:uuid:11111111-2222-4333-8444-555555555555';
      const res2 = await tokyo.post('/', dangling);
      assert.equal(res2.statusCode, 422);
      assert.equal(res2.json().issue[0].diagnostics, 'Bundle.entry[5].resource.subject.reference: urn:uuid:11111111-2222-4333-8444-555555555555 is not the fullUrl of an entry in this Bundle');
      assert.equal(await counts(), before, 'nothing stored');
    });

    test('a resent transaction with If-None-Exist on the Patient stores no second Patient', async () => {
      await enrol(t, 'TKY-TX-3');
      const first = await tokyo.post('/', transaction('TKY-TX-3', { conditional: true }));
      assert.equal(first.statusCode, 200, first.body);
      const patientId = first.json().entry[9].resource.id;
      const again = await tokyo.post('/', transaction('TKY-TX-3', { conditional: true }));
      assert.equal(again.statusCode, 200, again.body);
      assert.equal(again.json().entry[9].response.status, '200 OK');
      assert.equal(again.json().entry[9].resource.id, patientId);
      assert.equal(again.json().entry[1].resource.subject.reference, `Patient/${patientId}`, 'entries follow the matched Patient');
      const patients = await t.db.query("SELECT id FROM fhir_resources WHERE resource_type = 'Patient' AND id = $1", [patientId]);
      assert.equal(patients.length, 1);
      assert.equal((await tokyo.get(`/Observation?patient=${patientId}`)).json().total, 2, 'the other entries are plain creates');
    });

    test('a batch runs each entry on its own: good entries are stored, a bad one answers with its outcome', async () => {
      await enrol(t, 'TKY-BATCH-1');
      const pid = (await tokyo.post('/Patient', jpPatient('TKY-BATCH-1'))).json().id as string;
      const [condition, observation] = clinicalResources(pid);
      const res = await tokyo.post('/', {
        resourceType: 'Bundle', type: 'batch',
        entry: [
          { resource: condition, request: { method: 'POST', url: 'Condition' } },
          { resource: { ...observation, status: 'nope!' }, request: { method: 'POST', url: 'Observation' } },
          { request: { method: 'DELETE', url: `Patient/${pid}` } },
          { request: { method: 'GET', url: `Patient/${pid}` } },
        ],
      });
      assert.equal(res.statusCode, 200, res.body);
      const entries = res.json().entry as BundleEntry[];
      assert.deepEqual(entries.map((e) => e.response!.status), ['201 Created', '400', '400', '200 OK']);
      assert.equal(entries[1]!.response!.outcome!.issue[0]!.expression![0], 'Bundle.entry[1].resource.status');
      assert.equal((entries[2]!.response!.outcome as { issue: Array<{ diagnostics: string }> }).issue[0]!.diagnostics, 'Bundle.entry[2].request.method: "DELETE" is not supported (POST, PUT, GET)');
      assert.equal(entries[3]!.resource!.id, pid);
      assert.equal((await tokyo.get(`/Condition?patient=${pid}`)).json().total, 1);
      assert.equal((await tokyo.get(`/Observation?patient=${pid}`)).json().total, 0);
    });

    test('a Bundle that is neither transaction nor batch is 400', async () => {
      const res = await tokyo.post('/', { resourceType: 'Bundle', type: 'collection', entry: [] });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().issue[0].diagnostics, 'Bundle.type: expected transaction or batch, got "collection"');
    });
  });
}
