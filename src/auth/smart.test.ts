import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import { clinicalResources, enrol, fhirClient, jpPatient } from '../clinical/testing.js';
import { dbKinds } from '../testing/test-db.js';
import { openTestApp, type TestApp } from '../testing/test-app.js';

const TOKEN_URL = 'http://localhost:80/fhir/R4/auth/token';

interface Keys { privateKey: CryptoKey; jwks: { keys: object[] } }

async function keys(alg: 'RS384' | 'ES384' = 'RS384'): Promise<Keys> {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  const jwk = { ...(await exportJWK(publicKey)), kid: randomUUID(), alg, use: 'sig' };
  return { privateKey, jwks: { keys: [jwk] } };
}

function assertion(k: Keys, clientId: string, opts: { exp?: string | number; aud?: string; jti?: string; alg?: string } = {}): Promise<string> {
  const kid = (k.jwks.keys[0] as { kid: string }).kid;
  return new SignJWT({})
    .setProtectedHeader({ alg: opts.alg ?? 'RS384', kid, typ: 'JWT' })
    .setIssuer(clientId).setSubject(clientId).setAudience(opts.aud ?? TOKEN_URL)
    .setExpirationTime(opts.exp ?? '4m').setJti(opts.jti ?? randomUUID())
    .sign(k.privateKey);
}

for (const kind of dbKinds()) {
  describe(`SMART Backend Services on ${kind.name}`, { skip: kind.skip }, () => {
    let t: TestApp;
    let tokyoKeys: Keys;
    let osakaKeys: Keys;
    let tokyoClient: string;
    let osakaClient: string;
    let readOnlyClient: string;
    before(async () => {
      t = await openTestApp(kind.name);
      [tokyoKeys, osakaKeys] = [await keys(), await keys('ES384')];
      tokyoClient = await register({ orgId: 'H-TOKYO', name: 'Tokyo EHR', jwks: tokyoKeys.jwks, scopes: ['system/*.read', 'system/*.write'] });
      osakaClient = await register({ orgId: 'H-OSAKA', name: 'Osaka EHR', jwks: osakaKeys.jwks, scopes: ['system/*.read', 'system/*.write'] });
      readOnlyClient = await register({ orgId: 'H-TOKYO', name: 'Tokyo registry reader', jwks: tokyoKeys.jwks, scopes: ['system/Observation.read', 'system/Patient.read'] });
    });
    after(() => t?.close());

    async function register(body: object): Promise<string> {
      const res = await t.app.inject({ method: 'POST', url: '/api/admin/smart-clients', headers: await t.login('operator'), payload: body });
      assert.equal(res.statusCode, 201, res.body);
      return res.json().clientId;
    }
    const tokenRequest = (clientAssertion: string, scope = 'system/*.read system/*.write') => t.app.inject({
      method: 'POST', url: '/fhir/R4/auth/token', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        grant_type: 'client_credentials', scope,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: clientAssertion,
      }).toString(),
    });
    const accessToken = async (k: Keys, clientId: string, scope?: string) => {
      const res = await tokenRequest(await assertion(k, clientId, k === osakaKeys ? { alg: 'ES384' } : {}), scope);
      assert.equal(res.statusCode, 200, res.body);
      return res.json().access_token as string;
    };

    test('a signed assertion gets a 5-minute bearer token with the granted scopes; the discovery document names the endpoint', async () => {
      const res = await tokenRequest(await assertion(tokyoKeys, tokyoClient));
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.headers['cache-control'], 'no-store');
      const body = res.json();
      assert.match(body.access_token, /^kbs_[A-Za-z0-9_-]{43}$/);
      assert.deepEqual({ ...body, access_token: 'x' }, { access_token: 'x', token_type: 'bearer', expires_in: 300, scope: 'system/*.read system/*.write' });
      const [row] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM smart_access_tokens WHERE token_hash = $1', [body.access_token]);
      assert.equal(row!.n, 0, 'only the hash is stored');
      const conf = (await t.app.inject({ method: 'GET', url: '/fhir/R4/.well-known/smart-configuration' })).json();
      assert.equal(conf.token_endpoint, TOKEN_URL);
      assert.deepEqual(conf.token_endpoint_auth_signing_alg_values_supported, ['RS384', 'ES384']);
    });

    test('expired, wrongly signed, replayed, mis-addressed and unknown assertions are refused', async () => {
      const jti = randomUUID();
      assert.equal((await tokenRequest(await assertion(tokyoKeys, tokyoClient, { jti }))).statusCode, 200);
      const cases: Array<[string, string]> = [
        [await assertion(tokyoKeys, tokyoClient, { exp: Math.floor(Date.now() / 1000) - 60 }), 'client_assertion: expired'],
        [await assertion(osakaKeys, tokyoClient, { alg: 'ES384' }), 'client_assertion: signature does not verify with the registered keys'],
        [await assertion(tokyoKeys, tokyoClient, { jti }), 'client_assertion: jti already used'],
        [await assertion(tokyoKeys, tokyoClient, { aud: 'https://elsewhere.example/token' }), 'client_assertion: unexpected "aud" claim value'],
        [await assertion(tokyoKeys, tokyoClient, { exp: '30m' }), 'client_assertion: exp is more than 5 minutes ahead'],
        [await assertion(tokyoKeys, randomUUID()), 'client_assertion: iss is not a registered client'],
        ['not-a-jwt', 'client_assertion: not a JWT'],
      ];
      for (const [jwt, description] of cases) {
        const res = await tokenRequest(jwt);
        assert.equal(res.statusCode, 401, description);
        assert.deepEqual(res.json(), { error: 'invalid_client', error_description: description });
      }
      const grant = await t.app.inject({ method: 'POST', url: '/fhir/R4/auth/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'grant_type=password' });
      assert.equal(grant.statusCode, 400);
      assert.deepEqual(grant.json(), { error: 'unsupported_grant_type', error_description: 'grant_type: must be client_credentials' });
    });

    test('scopes beyond the client\'s registration are not granted; a read-only token cannot write', async () => {
      const none = await tokenRequest(await assertion(tokyoKeys, readOnlyClient), 'system/*.write');
      assert.equal(none.statusCode, 400);
      assert.equal(none.json().error, 'invalid_scope');
      const partial = await tokenRequest(await assertion(tokyoKeys, readOnlyClient), 'system/Observation.read system/Condition.read');
      assert.equal(partial.json().scope, 'system/Observation.read');
      const reader = fhirClient(t, partial.json().access_token);
      const write = await reader.post('/Observation', clinicalResources('x')[1]);
      assert.equal(write.statusCode, 403);
      assert.equal(write.json().issue[0].diagnostics, 'the access token\'s scopes (system/Observation.read) do not allow write of Observation');
      assert.equal((await reader.get('/Condition?patient=x')).statusCode, 403);
      assert.equal((await reader.get('/Observation?patient=x')).statusCode, 200);
    });

    test('hospital A\'s system cannot read or write hospital B\'s patient; its reads are audited under its client id', async () => {
      const tokyo = fhirClient(t, await accessToken(tokyoKeys, tokyoClient));
      const osaka = fhirClient(t, await accessToken(osakaKeys, osakaClient));
      await enrol(t, 'TKY-SMART-1');
      const pid = (await tokyo.post('/Patient', jpPatient('TKY-SMART-1'))).json().id as string;
      const obs = await tokyo.post('/Observation', clinicalResources(pid)[1]);
      assert.equal(obs.statusCode, 201, obs.body);
      assert.equal((await osaka.get(`/Patient/${pid}`)).statusCode, 404);
      assert.equal((await osaka.get(`/Observation/${obs.json().id}`)).statusCode, 404);
      assert.equal((await osaka.get(`/Observation?patient=${pid}`)).json().total, 0);
      const write = await osaka.post('/Observation', clinicalResources(pid)[1]);
      assert.equal(write.statusCode, 422);
      assert.equal((await tokyo.get(`/Patient/${pid}`)).statusCode, 200);
      const [entry] = await t.db.query<{ actor_kind: string; actor_id: string; actor_org_id: string }>(
        "SELECT actor_kind, actor_id, actor_org_id FROM audit_log WHERE action = 'fhir.read' AND entity_id = $1 ORDER BY seq DESC LIMIT 1", [`Patient/${pid}`]);
      assert.deepEqual(entry, { actor_kind: 'token', actor_id: tokyoClient, actor_org_id: 'H-TOKYO' });
    });

    test('an expired access token is 401', async () => {
      const token = await accessToken(tokyoKeys, tokyoClient);
      await t.db.raw.query("UPDATE smart_access_tokens SET expires_at = now() - interval '1 second'");
      const res = await fhirClient(t, token).get('/Patient');
      assert.equal(res.statusCode, 401);
      assert.equal(res.json().issue[0].details.coding[0].code, 'BAD_TOKEN');
    });

    test('keys can come from a JWKS URL (on loopback here)', async () => {
      const k = await keys();
      const server: Server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(k.jwks)));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
        const clientId = await register({ orgId: 'H-TOKYO', name: 'Tokyo EHR (JWKS URL)', jwksUrl: url, scopes: ['system/*.read'] });
        const res = await tokenRequest(await assertion(k, clientId), 'system/*.read');
        assert.equal(res.statusCode, 200, res.body);
      } finally {
        server.close();
      }
    });

    test('registration refuses a non-hospital organisation and a bad scope', async () => {
      const headers = await t.login('operator');
      const seq = await t.app.inject({ method: 'POST', url: '/api/admin/smart-clients', headers, payload: { orgId: 'SEQ-A', name: 'LIMS', jwks: tokyoKeys.jwks, scopes: ['system/*.read'] } });
      assert.equal(seq.statusCode, 400);
      assert.equal(seq.json().error.message, 'orgId: only hospital systems send clinical data');
      const scope = await t.app.inject({ method: 'POST', url: '/api/admin/smart-clients', headers, payload: { orgId: 'H-TOKYO', name: 'x', jwks: tokyoKeys.jwks, scopes: ['patient/*.read'] } });
      assert.equal(scope.json().error.message, 'scopes.0: "patient/*.read" is not a SMART system scope');
    });
  });
}
