import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Resource } from '@medplum/fhirtypes';
import { dbKinds } from '../testing/test-db.js';
import { openTestApp, type TestApp } from '../testing/test-app.js';
import { KIBAN_ERROR_SYSTEM } from './outcome.js';
import { clinicalResources, ehrToken, enrol, fhirClient, jpPatient } from './testing.js';

/**
 * Withdrawal on the FHIR side (docs/consent-withdrawal.md): after a participant withdraws, their
 * resources leave every search and the case's clinical record; a read or an update of one tells
 * the hospital why (409 PARTICIPANT_WITHDRAWN); nothing new is stored about them. Another
 * patient's data are untouched. test/withdrawal-reads.test.ts points its /fhir routes here.
 */
for (const kind of dbKinds()) {
  describe(`FHIR after a withdrawal on ${kind.name}`, { skip: kind.skip }, () => {
    let t: TestApp;
    before(async () => (t = await openTestApp(kind.name)));
    after(() => t?.close());

    const withdrawnCode = (res: { statusCode: number; json(): { issue: Array<{ details?: { coding?: Array<{ system?: string; code?: string }> } }> } }) => {
      assert.equal(res.statusCode, 409);
      assert.deepEqual(res.json().issue[0]?.details?.coding?.[0], { system: KIBAN_ERROR_SYSTEM, code: 'PARTICIPANT_WITHDRAWN' });
    };

    test('a withdrawn patient\'s resources are gone from searches and the record; reads, updates and new resources are refused', async () => {
      const token = await ehrToken(t, 'H-TOKYO');
      const fhir = fhirClient(t, token);
      const post = async (resource: Resource) => {
        const res = await fhir.post(`/${resource.resourceType}`, resource);
        assert.equal(res.statusCode, 201, res.body);
        return res.json() as Resource & { id: string };
      };
      const caseW = await enrol(t, 'TKY-WD-1');
      const caseK = await enrol(t, 'TKY-WD-2');
      const patientW = await post(jpPatient('TKY-WD-1'));
      const patientK = await post(jpPatient('TKY-WD-2'));
      const [conditionW] = clinicalResources(patientW.id);
      const [conditionK] = clinicalResources(patientK.id);
      const cW = await post(conditionW!);
      const cK = await post(conditionK!);

      const [{ proband_id: pid }] = await t.db.query<{ proband_id: string }>('SELECT proband_id FROM cases WHERE id = $1', [caseW]) as [{ proband_id: string }];
      const headers = await t.login('clinician');
      const withdrawn = await t.app.inject({ method: 'POST', url: `/api/participants/${pid}/consents/withdraw`, headers, payload: { effectiveOn: '2026-01-20' } });
      assert.equal(withdrawn.statusCode, 201, withdrawn.body);

      const search = await fhir.get('/Condition?code=C34.1');
      assert.equal(search.statusCode, 200, search.body);
      assert.deepEqual((search.json().entry as Array<{ resource: Resource }>).map((e) => e.resource.id), [cK.id]);
      const patients = await fhir.get('/Patient');
      assert.deepEqual((patients.json().entry as Array<{ resource: Resource }>).map((e) => e.resource.id), [patientK.id]);

      withdrawnCode(await fhir.get(`/Condition/${cW.id}`));
      withdrawnCode(await fhir.get(`/Condition/${cW.id}/_history`));
      withdrawnCode(await fhir.get(`/Condition/${cW.id}/_history/1`));
      withdrawnCode(await fhir.put(`/Condition/${cW.id}`, { ...conditionW, id: cW.id }));
      withdrawnCode(await fhir.post('/Condition', clinicalResources(patientW.id)[0]));
      assert.equal((await fhir.get(`/Condition/${cK.id}`)).statusCode, 200);

      const [{ n }] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM fhir_resources WHERE participant_id = $1', [pid]) as [{ n: number }];
      assert.equal(n, 2, 'nothing new was stored about the withdrawn participant');

      const record = await t.app.inject({ method: 'GET', url: `/api/cases/${caseK}/clinical-record`, headers });
      assert.equal(record.statusCode, 200, record.body);
      assert.deepEqual((record.json().facts as Array<{ kind: string }>).map((f) => f.kind).sort(), ['diagnosis', 'patient']);
      assert.equal((await t.app.inject({ method: 'GET', url: `/api/cases/${caseW}/clinical-record`, headers: await t.login('analyst') })).statusCode, 404);
    });
  });
}
