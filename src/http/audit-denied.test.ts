import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { cancerCaseBody } from '../registry/testing.js';
import { dbKinds } from '../testing/test-db.js';
import { openTestApp, type TestApp } from '../testing/test-app.js';

interface Entry { action: string; actor_id: string; entity_type: string | null; entity_id: string | null; details: Record<string, unknown> }

for (const kind of dbKinds()) {
  describe(`audit of denied attempts and of list reads on ${kind.name}`, { skip: kind.skip }, () => {
    let t: TestApp;
    let caseId: string;
    before(async () => {
      t = await openTestApp(kind.name);
      const res = await t.app.inject({ method: 'POST', url: '/api/cases', headers: await t.login('clinician'), payload: cancerCaseBody('AUD-1') });
      assert.equal(res.statusCode, 201, res.body);
      caseId = res.json().id as string;
    });
    after(() => t?.close());

    const last = async (action: string): Promise<Entry> => {
      const [row] = await t.db.raw.query<Entry>(
        'SELECT action, actor_id, entity_type, entity_id, details FROM audit_log WHERE action = $1 ORDER BY seq DESC LIMIT 1', [action]);
      assert.ok(row, `no ${action} entry`);
      return row;
    };
    const userId = async (username: string) =>
      (await t.db.raw.query<{ id: string }>('SELECT id FROM users WHERE username = $1', [username]))[0]!.id;

    test('a role the policy refuses (403) on a case is audited with the case id', async () => {
      const res = await t.app.inject({ method: 'GET', url: `/api/cases/${caseId}`, headers: await t.login('researcher') });
      assert.equal(res.statusCode, 403);
      assert.deepEqual(await last('access.denied'), {
        action: 'access.denied', actor_id: await userId('researcher'), entity_type: 'case', entity_id: caseId,
        details: { method: 'GET', route: '/api/cases/:id', status: 403, code: 'FORBIDDEN' },
      });
    });

    test('another hospital asking for the case (404) is audited', async () => {
      const res = await t.app.inject({ method: 'GET', url: `/api/cases/${caseId}`, headers: await t.login('clinician.osaka') });
      assert.equal(res.statusCode, 404);
      assert.deepEqual(await last('access.denied'), {
        action: 'access.denied', actor_id: await userId('clinician.osaka'), entity_type: 'case', entity_id: caseId,
        details: { method: 'GET', route: '/api/cases/:id', status: 404, code: 'NOT_FOUND' },
      });
      const specimens = await t.app.inject({ method: 'GET', url: `/api/cases/${caseId}/specimens`, headers: await t.login('clinician.osaka') });
      assert.equal(specimens.statusCode, 404);
      assert.equal((await last('access.denied')).details.route, '/api/cases/:id/specimens');
    });

    test('GET /shipments is audited with the ids listed', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/shipments', headers: await t.login('clinician') });
      assert.equal(res.statusCode, 200);
      const entry = await last('shipment.list');
      assert.equal(entry.actor_id, await userId('clinician'));
      assert.deepEqual(entry.details.ids, res.json().items.map((s: { id: string }) => s.id));
    });

    test('GET /sequencing-runs is audited with the ids read', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/sequencing-runs', headers: await t.login('analyst') });
      assert.equal(res.statusCode, 200);
      const entry = await last('sequencing.run.list');
      assert.deepEqual(entry.details, { count: 0, offset: 0, ids: [] });
      assert.equal(entry.entity_type, 'sequencing_run');
    });

    test('reading the audit log is itself audited, with the entries shown', async () => {
      const res = await t.app.inject({ method: 'GET', url: `/api/audit?entityId=${caseId}&limit=5`, headers: await t.login('operator') });
      assert.equal(res.statusCode, 200);
      const entry = await last('audit.read');
      assert.equal(entry.actor_id, await userId('operator'));
      assert.deepEqual(entry.details, { query: { entityId: caseId, limit: 5 }, seqs: res.json().items.map((e: { seq: number }) => e.seq) });
      assert.ok((entry.details.seqs as number[]).length > 0);
    });
  });
}
