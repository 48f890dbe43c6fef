import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dbKinds } from '../testing/test-db.js';
import { openTestApp, type TestApp } from '../testing/test-app.js';

// What the operator's screens read, and what every screen asks before it shows a section.
for (const kind of dbKinds()) {
  describe(`admin lists and permissions on ${kind.name}`, { skip: kind.skip }, () => {
    let t: TestApp;
    before(async () => (t = await openTestApp(kind.name)));
    after(() => t?.close());

    const permissions = async (username: string) => {
      const res = await t.app.inject({ url: '/api/auth/permissions', headers: await t.login(username) });
      assert.equal(res.statusCode, 200);
      return res.json() as { principal: string; routes: string[] };
    };

    test('permissions follow the route policies: the operator may not load a case\'s specimens or sequencing', async () => {
      const op = await permissions('operator');
      assert.equal(op.principal, 'platform_operator:operator');
      for (const r of ['GET /audit', 'GET /audit/verify', 'POST /admin/tokens', 'GET /cases/:id']) assert.ok(op.routes.includes(r), r);
      for (const r of ['GET /cases/:id/specimens', 'GET /cases/:id/sequencing', 'POST /cases']) assert.ok(!op.routes.includes(r), r);
      const lab = await permissions('lab');
      for (const r of ['POST /cases/:id/sequencing-runs', 'POST /cases/:id/result-files', 'GET /cases/:id/sequencing']) assert.ok(lab.routes.includes(r), r);
      for (const r of ['GET /cases/:id/specimens', 'GET /audit', 'GET /cases']) assert.ok(!lab.routes.includes(r), r);
    });

    test('every route a role is told it may call answers it with something other than 403', async () => {
      const headers = await t.login('lab');
      const { routes } = await permissions('lab');
      for (const r of routes.filter((x) => x.startsWith('GET ') && !x.includes(':'))) {
        const res = await t.app.inject({ url: `/api${r.slice(4)}`, headers });
        assert.notEqual(res.statusCode, 403, r);
      }
    });

    test('users are listed without password hashes', async () => {
      const res = await t.app.inject({ url: '/api/admin/users?orgId=SEQ-A', headers: await t.login('operator') });
      assert.equal(res.statusCode, 200);
      const lab = res.json().items.find((u: { username: string }) => u.username === 'lab');
      assert.deepEqual(Object.keys(lab).sort(), ['active', 'displayName', 'id', 'orgId', 'role', 'username']);
      assert.equal(lab.orgId, 'SEQ-A');
      assert.equal(lab.role, 'lab_technician');
      assert.equal(lab.active, true);
    });

    test('tokens are listed without secrets; a revoked one shows when', async () => {
      const op = await t.login('operator');
      const created = await t.app.inject({ method: 'POST', url: '/api/admin/tokens', headers: op, payload: { orgId: 'SEQ-A', name: 'LIMS', role: 'lims_system' } });
      assert.equal(created.statusCode, 201);
      const { id } = created.json();
      const listed = async () => (await t.app.inject({ url: '/api/admin/tokens', headers: op })).json().items.find((x: { id: string }) => x.id === id);
      const before = await listed();
      assert.deepEqual(Object.keys(before).sort(), ['createdAt', 'createdBy', 'expiresAt', 'id', 'name', 'orgId', 'revokedAt', 'role']);
      assert.equal(before.revokedAt, null);
      assert.equal((await t.app.inject({ method: 'POST', url: `/api/admin/tokens/${id}/revoke`, headers: op })).statusCode, 200);
      assert.ok(Math.abs(Date.parse((await listed()).revokedAt) - Date.now()) < 60_000);
    });
  });
}
