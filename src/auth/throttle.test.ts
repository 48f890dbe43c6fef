import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { configFromEnv } from '../config.js';
import { DEMO_PASSWORD } from '../demo/accounts.js';
import { dbKinds } from '../testing/test-db.js';
import { openTestApp, type TestApp } from '../testing/test-app.js';

const MAX = 5;

for (const kind of dbKinds()) {
  describe(`login throttling on ${kind.name}`, { skip: kind.skip }, () => {
    let t: TestApp;
    before(async () => (t = await openTestApp(kind.name, { loginMaxFailures: MAX, loginMaxFailuresPerAddress: 1000, loginBackoffMs: 30_000 })));
    after(() => t?.close());

    const loginAs = (username: string, password: string, remoteAddress = '10.1.0.1') =>
      t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress });
    const failures = async (username: string) =>
      (await t.db.raw.query<{ n: number }>('SELECT count(*)::int AS n FROM login_failures WHERE username = $1', [username]))[0]!.n;

    test('60 concurrent wrong passwords: exactly the limit is evaluated, the rest are 429, and the right one is then refused', async () => {
      const results = await Promise.all(Array.from({ length: 60 }, (_, i) => loginAs('writer', `wrong-${i}`, `10.2.0.${i}`)));
      const codes = results.map((r) => r.statusCode);
      assert.equal(codes.filter((c) => c === 401).length, MAX, codes.join(','));
      assert.equal(codes.filter((c) => c === 429).length, 60 - MAX);
      assert.equal(await failures('writer'), MAX);
      const right = await loginAs('writer', DEMO_PASSWORD, '10.2.1.1');
      assert.equal(right.statusCode, 429);
      assert.equal(right.json().error.code, 'LOGIN_THROTTLED');
    });

    test('20 concurrent wrong passwords and the right one: at most the limit are evaluated', async () => {
      const attempts = Array.from({ length: 20 }, (_, i) => loginAs('committee', `wrong-${i}`, `10.3.0.${i}`));
      attempts.splice(10, 0, loginAs('committee', DEMO_PASSWORD, '10.3.1.1'));
      const codes = (await Promise.all(attempts)).map((r) => r.statusCode);
      assert.ok(codes.filter((c) => c === 401 || c === 200).length <= MAX, codes.join(','));
      assert.ok(await failures('committee') <= MAX);
    });

    test('failed logins are audited with the source address; unknown user names are not kept', async () => {
      await loginAs('researcher', 'wrong', '10.4.0.1');
      await loginAs('hunter2-typed-into-the-name-field', 'x', '10.4.0.2');
      const rows = await t.db.raw.query<{ action: string; actor_kind: string; ip: string; entity_id: string | null; details: unknown }>(
        "SELECT action, actor_kind, ip, entity_id, details FROM audit_log WHERE action = 'auth.login_failed' AND ip LIKE '10.4.%' ORDER BY seq");
      const [researcher] = await t.db.raw.query<{ id: string }>("SELECT id FROM users WHERE username = 'researcher'");
      assert.deepEqual(rows, [
        { action: 'auth.login_failed', actor_kind: 'system', ip: '10.4.0.1', entity_id: researcher!.id, details: { reason: 'wrong_password', username: 'researcher' } },
        { action: 'auth.login_failed', actor_kind: 'system', ip: '10.4.0.2', entity_id: null, details: { reason: 'unknown_user' } },
      ]);
    });

    test('a successful login keeps the failure history', async () => {
      for (let i = 0; i < 2; i++) assert.equal((await loginAs('manager', 'wrong')).statusCode, 401);
      assert.equal((await loginAs('manager', DEMO_PASSWORD)).statusCode, 200);
      assert.equal(await failures('manager'), 2);
      const [row] = await t.db.raw.query<{ failures: number }>("SELECT failures FROM login_throttle WHERE key = 'user:manager'");
      assert.equal(row!.failures, 2, 'the success gave back only its own attempt');
    });

    test('the lock backs off: the limit locks for 30 s, not 15 min, and doubles with each further failure', async () => {
      for (let i = 0; i < MAX; i++) assert.equal((await loginAs('analyst', 'wrong')).statusCode, 401);
      const locked = await loginAs('analyst', DEMO_PASSWORD);
      assert.equal(locked.statusCode, 429);
      assert.ok(Number(locked.headers['retry-after']) <= 30 && Number(locked.headers['retry-after']) >= 28, String(locked.headers['retry-after']));
      assert.match(locked.json().error.message, /^too many failed logins for this user; try again in \d+ s$/);
      // the lock has passed; one more failure locks for twice as long
      await t.db.raw.query("UPDATE login_throttle SET locked_until = now() - interval '1 second' WHERE key = 'user:analyst'");
      assert.equal((await loginAs('analyst', 'wrong')).statusCode, 401);
      const again = await loginAs('analyst', DEMO_PASSWORD);
      assert.equal(again.statusCode, 429);
      assert.ok(Number(again.headers['retry-after']) > 55 && Number(again.headers['retry-after']) <= 60, String(again.headers['retry-after']));
      const audited = await t.db.raw.query("SELECT 1 FROM audit_log WHERE action = 'auth.login_throttled' AND entity_id = 'user'");
      assert.ok(audited.length >= 2);
    });

    test('one address guessing across many user names is throttled by address', async () => {
      const t2 = await openTestApp(kind.name, { loginMaxFailures: MAX, loginMaxFailuresPerAddress: 3 });
      try {
        const from = (username: string, password: string) =>
          t2.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: '10.9.9.9' });
        for (const u of ['a1', 'a2', 'a3']) assert.equal((await from(u, 'x')).statusCode, 401);
        const res = await from('clinician', DEMO_PASSWORD);
        assert.equal(res.statusCode, 429);
        assert.match(res.json().error.message, /^too many failed logins from this address; try again in \d+ s$/);
        // another address is not affected, nor is the user
        const other = await t2.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'clinician', password: DEMO_PASSWORD }, remoteAddress: '10.9.9.8' });
        assert.equal(other.statusCode, 200);
      } finally {
        await t2.close();
      }
    });

    test('revoke-sessions of a user that does not exist is 404', async () => {
      const h = await t.login('operator');
      const res = await t.app.inject({ method: 'POST', url: '/api/admin/users/no-such-user/revoke-sessions', headers: h });
      assert.equal(res.statusCode, 404);
      assert.deepEqual(res.json().error, {
        code: 'NOT_FOUND', kind: 'not_found', message: 'user no-such-user not found', details: { entity: 'user', id: 'no-such-user' },
      });
    });

    test('the session cookie carries Secure when the config says so', async () => {
      const t2 = await openTestApp(kind.name, { cookieSecure: true });
      try {
        const res = await t2.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'lab', password: DEMO_PASSWORD } });
        assert.equal(res.cookies.find((c) => c.name === 'kiban_session')?.secure, true);
      } finally {
        await t2.close();
      }
    });
  });
}

describe('session cookie Secure default', () => {
  const env = (extra: Record<string, string>) => ({ KIBAN_SECRET: 'x'.repeat(32), KIBAN_DATA_DIR: '/tmp/kiban-cookie-test', ...extra });
  test('Secure unless listening on loopback; KIBAN_COOKIE_SECURE overrides', () => {
    assert.equal(configFromEnv(env({})).cookieSecure, false);
    assert.equal(configFromEnv(env({ KIBAN_HOST: 'localhost' })).cookieSecure, false);
    assert.equal(configFromEnv(env({ KIBAN_HOST: '::1' })).cookieSecure, false);
    assert.equal(configFromEnv(env({ KIBAN_HOST: '0.0.0.0' })).cookieSecure, true);
    assert.equal(configFromEnv(env({ KIBAN_HOST: '192.168.1.10' })).cookieSecure, true);
    assert.equal(configFromEnv(env({ KIBAN_HOST: '0.0.0.0', KIBAN_COOKIE_SECURE: 'false' })).cookieSecure, false);
    assert.equal(configFromEnv(env({ KIBAN_COOKIE_SECURE: 'true' })).cookieSecure, true);
    assert.throws(() => configFromEnv(env({ KIBAN_COOKIE_SECURE: 'yes' })), /configuration cookieSecure/);
  });
});
