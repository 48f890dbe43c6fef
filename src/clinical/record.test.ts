import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { dbKinds } from '../testing/test-db.js';
import { openTestApp, type TestApp } from '../testing/test-app.js';
import { clinicalResources, ehrToken, enrol, fhirClient, jpPatient } from './testing.js';

for (const kind of dbKinds()) {
  describe(`longitudinal clinical record on ${kind.name}`, { skip: kind.skip }, () => {
    let t: TestApp;
    before(async () => (t = await openTestApp(kind.name)));
    after(() => t?.close());

    test('what a hospital system posts in a transaction is the case\'s dated record, each fact with its source and sender', async () => {
      const caseId = await enrol(t, 'TKY-REC-1');
      const token = await ehrToken(t, 'H-TOKYO');
      const tokenId = (await t.db.query<{ id: string }>('SELECT id FROM api_tokens ORDER BY created_at DESC LIMIT 1'))[0]!.id;
      const urn = 'urn:uuid:3b1f7a3c-5d6e-4f70-8a9b-0c1d2e3f4a5b';
      const resources = JSON.parse(JSON.stringify(clinicalResources('X')).replaceAll('"Patient/X"', JSON.stringify(urn))) as Resource[];
      const bundle: Bundle = {
        resourceType: 'Bundle', type: 'transaction',
        entry: [{ fullUrl: urn, resource: jpPatient('TKY-REC-1'), request: { method: 'POST', url: 'Patient' } },
          ...resources.map((resource) => ({ resource, request: { method: 'POST' as const, url: resource.resourceType } }))],
      };
      const posted = await fhirClient(t, token).post('/', bundle);
      assert.equal(posted.statusCode, 200, posted.body);
      const ids = (posted.json().entry as Array<{ resource: Resource }>).map((e) => `${e.resource.resourceType}/${e.resource.id}`);

      const res = await t.app.inject({ method: 'GET', url: `/api/cases/${caseId}/clinical-record`, headers: await t.login('clinician') });
      assert.equal(res.statusCode, 200, res.body);
      const facts = res.json().facts as Array<{ kind: string; code: { code: string } | null; start: string | null; end: string | null; status: string | null; source: { reference: string; sentBy: string; hospitalId: string; versionId: number } }>;
      assert.deepEqual(facts.map((f) => [f.kind, f.code?.code ?? null, f.start, f.end, f.status]), [
        ['allergy', '91936005', '2023-06-01', null, 'active'],
        ['diagnosis', 'C34.1', '2024-11-02', null, 'active'],
        ['specimen', 'TUMOR', '2024-11-05', null, null],
        ['procedure', '173171007', '2024-11-05', null, 'completed'],
        ['family_history', 'MTH', '2024-11-10', null, 'completed'],
        ['medication', '123456701', '2024-11-30', null, 'active'],
        ['medication', '4291045F1027', '2024-12-01', null, 'active'],
        ['report', '58410-2', '2025-01-15', null, 'final'],
        ['observation', '718-7', '2025-01-15T09:30:00+09:00', null, 'final'],
        ['patient', null, null, null, null],
      ]);
      assert.deepEqual(facts.map((f) => f.source.reference).sort(), [...ids].sort());
      assert.ok(facts.every((f) => f.source.sentBy === tokenId && f.source.hospitalId === 'H-TOKYO' && f.source.versionId === 1));

      const osaka = await t.app.inject({ method: 'GET', url: `/api/cases/${caseId}/clinical-record`, headers: await t.login('clinician.osaka') });
      assert.equal(osaka.statusCode, 404);
      const [entry] = await t.db.query<{ action: string; details: { facts: number } }>(
        "SELECT action, details FROM audit_log WHERE entity_id = $1 AND action = 'case.clinical.read'", [caseId]);
      assert.deepEqual(entry, { action: 'case.clinical.read', details: { facts: 10 } });
    });
  });
}
