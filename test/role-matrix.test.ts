import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ALL_PRINCIPALS, type Principal } from '../src/auth/roles.js';
import { createToken } from '../src/auth/service.js';
import { policyAllows } from '../src/http/policy.js';
import { DEMO_ORGS } from '../src/demo/accounts.js';
import { openTestApp, type TestApp } from '../src/testing/test-app.js';

/**
 * Tries every principal (each role of each organisation type) and an anonymous caller on every
 * API route (under /api and /fhir). A caller the route's policy does not name must get exactly 403 (401 when anonymous),
 * before any validation or lookup; a caller it names must never get 401/403 from the policy layer.
 * Path parameters are dummies, so allowed calls end in 400/404 without changing anything.
 */
describe('role × route matrix', () => {
  let t: TestApp;
  const tokens = new Map<Principal, string>();

  before(async () => {
    t = await openTestApp('pglite');
    for (const principal of ALL_PRINCIPALS) {
      const [orgType, role] = principal.split(':') as [string, string];
      const org = DEMO_ORGS.find((o) => o.type === orgType);
      assert.ok(org, `a demo organisation of type ${orgType}`);
      const { token } = await createToken(t.db, 'system', { orgId: org.id, name: `matrix ${principal}`, role });
      tokens.set(principal, token);
    }
  });
  after(() => t?.close());

  test('each principal gets exactly what each route policy says', async () => {
    const routes = t.app.kibanRoutes.filter(
      (r) => (r.url.startsWith('/api') || r.url.startsWith('/fhir')) && !r.url.startsWith('/api/docs') && r.method !== 'HEAD',
    );
    const failures: string[] = [];
    let allowedCalls = 0;
    let deniedCalls = 0;
    for (const route of routes) {
      const url = route.url.replace(/:[A-Za-z]+/g, 'MATRIX-0');
      const payload = ['POST', 'PUT', 'PATCH'].includes(route.method) ? {} : undefined;
      for (const principal of [undefined, ...ALL_PRINCIPALS]) {
        const headers = principal ? { authorization: `Bearer ${tokens.get(principal)}` } : {};
        const res = await t.app.inject({ method: route.method as 'GET', url, headers, ...(payload ? { payload } : {}) });
        const allowed = policyAllows(route.policy!, principal);
        const who = principal ?? 'anonymous';
        if (allowed) {
          allowedCalls++;
          if (res.statusCode === 401 || res.statusCode === 403) failures.push(`${who} ${route.method} ${route.url}: allowed but got ${res.statusCode} ${res.body}`);
        } else {
          deniedCalls++;
          const expected = principal ? 403 : 401;
          if (res.statusCode !== expected) failures.push(`${who} ${route.method} ${route.url}: expected ${expected}, got ${res.statusCode}`);
        }
        if (res.statusCode >= 500) failures.push(`${who} ${route.method} ${route.url}: server error ${res.body}`);
      }
    }
    assert.deepEqual(failures, []);
    assert.ok(allowedCalls > 50 && deniedCalls > 100, `matrix exercised both sides (${allowedCalls} allowed, ${deniedCalls} denied)`);
  });

  test('a denied caller gets the error model naming principal and route', async () => {
    const res = await t.app.inject({
      method: 'GET', url: '/api/admin/users', headers: { authorization: `Bearer ${tokens.get('hospital:clinician')}` },
    });
    assert.equal(res.statusCode, 403);
    assert.deepEqual(res.json().error, {
      code: 'FORBIDDEN', kind: 'forbidden', message: 'hospital:clinician may not call GET /api/admin/users', details: {},
    });
  });
});
