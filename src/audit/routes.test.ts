import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dbKinds } from '../testing/test-db.js';
import { openTestApp, type TestApp } from '../testing/test-app.js';
import { audit } from './service.js';

// The operator's audit log screen through the whole stack: filters by actor, action (or prefix),
// case and time; pages newest first; the chain check with its time.
for (const kind of dbKinds()) {
  describe(`audit API on ${kind.name}`, { skip: kind.skip }, () => {
    let t: TestApp;
    let op: Record<string, string>;
    let mid = '';
    before(async () => {
      t = await openTestApp(kind.name);
      op = await t.login('operator');
      await t.login('clinician');
      await audit(t.db, 'system', { action: 'test.alpha', entityType: 'case', entityId: 'K-1' });
      await audit(t.db, 'system', { action: 'case.list', entityType: 'case', details: { ids: ['K-1', 'K-2'] } });
      await new Promise((r) => setTimeout(r, 20));
      mid = new Date().toISOString();
      await new Promise((r) => setTimeout(r, 20));
      await audit(t.db, 'system', { action: 'test.beta', entityType: 'case', entityId: 'K-2' });
    });
    after(() => t?.close());

    const list = async (query: Record<string, string>) => {
      const res = await t.app.inject({ url: `/api/audit?${new URLSearchParams(query).toString()}`, headers: op });
      assert.equal(res.statusCode, 200, res.body);
      return res.json() as { items: Array<{ seq: number; action: string; entityId: string | null; actorName: string | null; actorKind: string }>; nextBeforeSeq: number | null };
    };
    const actions = async (query: Record<string, string>) => (await list(query)).items.map((e) => e.action);

    test('filters by one action and by an action prefix', async () => {
      assert.deepEqual(await actions({ action: 'test.alpha' }), ['test.alpha']);
      assert.deepEqual(await actions({ action: 'test.' }), ['test.beta', 'test.alpha']);
    });

    test('a case filter finds its own events and the case lists that returned it', async () => {
      assert.deepEqual(await actions({ caseId: 'K-1' }), ['case.list', 'test.alpha']);
      assert.deepEqual(await actions({ caseId: 'K-2' }), ['test.beta', 'case.list']);
    });

    test('filters by time, [from, to)', async () => {
      assert.deepEqual(await actions({ from: mid, action: 'test.' }), ['test.beta']);
      assert.deepEqual(await actions({ to: mid, action: 'test.' }), ['test.alpha']);
    });

    test('filters by actor and names the actor', async () => {
      const [clinician] = await t.db.query<{ id: string }>("SELECT id FROM users WHERE username = 'clinician'");
      const page = await list({ actorId: clinician!.id });
      assert.deepEqual(page.items.map((e) => [e.action, e.actorKind, e.actorName]), [['auth.login', 'user', 'clinician']]);
    });

    test('pages newest first with nextBeforeSeq', async () => {
      const first = await list({ action: 'test.', limit: '1' });
      assert.deepEqual(first.items.map((e) => e.action), ['test.beta']);
      assert.equal(first.nextBeforeSeq, first.items[0]!.seq);
      const second = await list({ action: 'test.', limit: '1', beforeSeq: String(first.nextBeforeSeq) });
      assert.deepEqual(second.items.map((e) => e.action), ['test.alpha']);
    });

    test('a malformed filter is a 400 naming the field', async () => {
      const res = await t.app.inject({ url: '/api/audit?action=Case%20READ', headers: op });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().error.details.field, 'querystring.action');
    });

    test('verify walks the chain and says when it checked', async () => {
      const res = await t.app.inject({ url: '/api/audit/verify', headers: op });
      assert.equal(res.statusCode, 200);
      const [count] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log');
      const body = res.json();
      assert.equal(body.ok, true);
      assert.equal(body.entries, count!.n);
      assert.match(body.headHash, /^[0-9a-f]{64}$/);
      assert.ok(Math.abs(Date.parse(body.checkedAt) - Date.now()) < 60_000);
    });

    test('only the operator may read the log', async () => {
      const res = await t.app.inject({ url: '/api/audit', headers: await t.login('manager') });
      assert.equal(res.statusCode, 403);
      assert.deepEqual(res.json().error, {
        code: 'FORBIDDEN', kind: 'forbidden', message: 'platform_operator:central_manager may not call GET /api/audit', details: {},
      });
    });
  });
}
