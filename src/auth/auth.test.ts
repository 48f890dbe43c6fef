import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dbKinds } from '../testing/test-db.js';
import { openTestApp, sessionCookie, type TestApp } from '../testing/test-app.js';
import { DEMO_PASSWORD } from '../demo/accounts.js';

for (const kind of dbKinds()) {
  describe(`auth on ${kind.name}`, { skip: kind.skip }, () => {
    let t: TestApp;
    before(async () => (t = await openTestApp(kind.name, { loginMaxFailures: 3, sessionTtlMs: 60_000 })));
    after(() => t?.close());

    const loginAs = (username: string, password: string) =>
      t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });

    test('login sets an HttpOnly SameSite=Strict cookie and /auth/me names the caller', async () => {
      const res = await loginAs('clinician', DEMO_PASSWORD);
      assert.equal(res.statusCode, 200);
      const cookie = res.cookies.find((c) => c.name === 'kiban_session');
      assert.equal(cookie?.httpOnly, true);
      assert.equal(cookie?.sameSite, 'Strict');
      const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: sessionCookie(res) } });
      assert.equal(me.statusCode, 200);
      assert.equal(me.json().principal, 'hospital:clinician');
      assert.equal(me.json().orgId, 'H-TOKYO');
      assert.equal(me.json().csrfToken, res.json().csrfToken);
    });

    test('a wrong password is 401 and names no detail of which part was wrong', async () => {
      const res = await loginAs('analyst', 'not-the-password');
      assert.equal(res.statusCode, 401);
      assert.deepEqual(res.json().error, { code: 'BAD_CREDENTIALS', kind: 'unauthenticated', message: 'wrong user name or password', details: {} });
      assert.equal((await loginAs('nobody-here', 'x')).statusCode, 401);
    });

    test('after 3 failures the account is throttled (429 with retry-after) even with the right password', async () => {
      for (let i = 0; i < 3; i++) assert.equal((await loginAs('writer', 'wrong')).statusCode, 401);
      const res = await loginAs('writer', DEMO_PASSWORD);
      assert.equal(res.statusCode, 429);
      assert.equal(res.json().error.code, 'LOGIN_THROTTLED');
      assert.ok(Number(res.headers['retry-after']) > 0);
      // other users are not affected
      assert.equal((await loginAs('committee', DEMO_PASSWORD)).statusCode, 200);
    });

    test('a state-changing request with the cookie but without the CSRF token is refused', async () => {
      const h = await t.login('operator');
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: h.cookie! } });
      assert.equal(res.statusCode, 403);
      assert.equal(res.json().error.code, 'CSRF');
      const wrong = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: h.cookie!, 'x-csrf-token': 'forged' } });
      assert.equal(wrong.statusCode, 403);
    });

    test('logout revokes the session: the same cookie is then unauthenticated', async () => {
      const res = await loginAs('researcher', DEMO_PASSWORD);
      const headers = { cookie: sessionCookie(res), 'x-csrf-token': res.json().csrfToken };
      assert.equal((await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers })).statusCode, 200);
      const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers });
      assert.equal(me.statusCode, 401);
    });

    test('sessions expire: a session past its expiry is not accepted', async () => {
      const res = await loginAs('manager', DEMO_PASSWORD);
      await t.db.query("UPDATE sessions SET expires_at = now() - interval '1 second'");
      const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: sessionCookie(res) } });
      assert.equal(me.statusCode, 401);
    });

    test('an operator can revoke all sessions of a user', async () => {
      const victim = await loginAs('lab', DEMO_PASSWORD);
      const op = await loginAs('operator', DEMO_PASSWORD);
      const opHeaders = { cookie: sessionCookie(op), 'x-csrf-token': op.json().csrfToken };
      const [lab] = await t.db.query<{ id: string }>("SELECT id FROM users WHERE username = 'lab'");
      const r = await t.app.inject({ method: 'POST', url: `/api/admin/users/${lab!.id}/revoke-sessions`, headers: opHeaders });
      assert.equal(r.statusCode, 200);
      assert.ok(r.json().revoked >= 1);
      const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: sessionCookie(victim) } });
      assert.equal(me.statusCode, 401);
    });

    test('API tokens are scoped to their organisation and role, need no CSRF, and can be revoked', async () => {
      const op = await loginAs('operator', DEMO_PASSWORD);
      const opHeaders = { cookie: sessionCookie(op), 'x-csrf-token': op.json().csrfToken };
      const created = await t.app.inject({
        method: 'POST', url: '/api/admin/tokens', headers: opHeaders,
        payload: { orgId: 'H-OSAKA', name: 'EHR gateway', role: 'ehr_system' },
      });
      assert.equal(created.statusCode, 201);
      const { id, token } = created.json();
      assert.match(token, /^kbn_/);
      const bearer = { authorization: `Bearer ${token}` };
      const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer });
      assert.equal(me.json().principal, 'hospital:ehr_system');
      assert.equal(me.json().orgId, 'H-OSAKA');
      const [stored] = await t.db.query<{ token_hash: string }>('SELECT token_hash FROM api_tokens WHERE id = $1', [id]);
      assert.notEqual(stored?.token_hash, token, 'only a hash of the token is stored');
      const badRole = await t.app.inject({
        method: 'POST', url: '/api/admin/tokens', headers: opHeaders,
        payload: { orgId: 'H-OSAKA', name: 'x', role: 'lims_system' },
      });
      assert.equal(badRole.statusCode, 400);
      assert.equal(badRole.json().error.message, 'role: lims_system is not a role of a hospital');
      await t.app.inject({ method: 'POST', url: `/api/admin/tokens/${id}/revoke`, headers: opHeaders });
      const after = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer });
      assert.equal(after.statusCode, 401);
      assert.equal(after.json().error.code, 'BAD_TOKEN');
    });

    test('security headers are set on API responses', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/health' });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-security-policy']), /default-src 'self'/);
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.equal(res.headers['x-frame-options'], 'SAMEORIGIN');
    });

    test('a bad login body is a 400 naming the field and rule', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'x' } });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().error.details.field, 'body.password');
      assert.equal(res.json().error.details.rule, 'required');
    });
  });
}
