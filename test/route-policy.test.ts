import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Fastify from 'fastify';
import { installPolicy } from '../src/http/policy.js';
import { openTestApp, type TestApp } from '../src/testing/test-app.js';

/**
 * Deny by default: every registered route declares who may call it. This lists every route of the
 * real app and fails on any without a policy, and pins the short list of public API routes.
 */
describe('route policies', () => {
  let t: TestApp;
  before(async () => (t = await openTestApp('pglite')));
  after(() => t?.close());

  test('every registered route has an access policy', () => {
    const routes = t.app.kibanRoutes;
    assert.ok(routes.length > 20, `expected the whole API to be registered, got ${routes.length} routes`);
    const without = routes.filter((r) => !r.policy).map((r) => `${r.method} ${r.url}`);
    assert.deepEqual(without, []);
  });

  test('the only public API routes are health, login and the OpenAPI documentation', () => {
    const publicApi = t.app.kibanRoutes
      .filter((r) => r.url.startsWith('/api') && r.policy && 'public' in r.policy)
      .filter((r) => !r.url.startsWith('/api/docs'))
      .map((r) => `${r.method} ${r.url}`)
      .sort();
    assert.deepEqual(publicApi, ['GET /api/health', 'HEAD /api/health', 'POST /api/auth/login']);
  });

  test('the only public FHIR routes are the CapabilityStatement, SMART discovery and the token endpoint', () => {
    const publicFhir = t.app.kibanRoutes
      .filter((r) => r.url.startsWith('/fhir') && r.policy && 'public' in r.policy)
      .map((r) => `${r.method} ${r.url}`)
      .sort();
    assert.deepEqual(publicFhir, [
      'GET /fhir/R4/.well-known/smart-configuration', 'GET /fhir/R4/metadata',
      'HEAD /fhir/R4/.well-known/smart-configuration', 'HEAD /fhir/R4/metadata', 'POST /fhir/R4/auth/token',
    ]);
  });

  test('a /fhir route without a policy is refused at start-up rather than made public', async () => {
    const app = Fastify();
    installPolicy(app);
    assert.throws(() => app.get('/fhir/R4/forgotten', async () => 'oops'), /route GET \/fhir\/R4\/forgotten declares no access policy/);
    await app.close();
  });

  test('registering a route without a policy fails at start-up', async () => {
    const app = Fastify();
    installPolicy(app);
    assert.throws(() => app.get('/api/forgotten', async () => 'oops'), /route GET \/api\/forgotten declares no access policy/);
    await app.close();
  });

  test('the OpenAPI document lists the API routes', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    assert.equal(res.statusCode, 200);
    const paths = Object.keys(res.json().paths);
    for (const p of ['/api/health', '/api/auth/login', '/api/audit/verify']) assert.ok(paths.includes(p), p);
  });

  test('an unknown API path is a 404 in the error model', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/no-such-thing' });
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().error.code, 'NOT_FOUND');
  });
});
