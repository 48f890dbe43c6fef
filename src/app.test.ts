import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { brotliCompressSync, brotliDecompressSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { buildApp, redactIdentifiers, requestLogLine } from './app.js';
import { testConfig } from './config.js';
import { openTestDb, scratchDir, type TestDb } from './testing/test-db.js';

describe('serving the web app', () => {
  const web = scratchDir('kiban-web');
  let db: TestDb;
  let app: FastifyInstance;
  before(async () => {
    writeFileSync(`${web.path}/index.html`, '<!doctype html><script src="/app.js"></script>');
    writeFileSync(`${web.path}/app.js`, 'console.log(1)');
    mkdirSync(`${web.path}/assets`);
    writeFileSync(`${web.path}/assets/page-AbC123.js`, 'console.log("page")');
    writeFileSync(`${web.path}/assets/page-AbC123.js.br`, brotliCompressSync('console.log("page")'));
    db = await openTestDb('pglite');
    app = await buildApp({ config: testConfig(), db }, { webDir: web.path });
  });
  after(async () => {
    await app.close();
    await db.close();
    web.remove();
  });

  test('static files and the SPA fallback for client-side paths', async () => {
    assert.equal((await app.inject({ url: '/app.js' })).body, 'console.log(1)');
    const deep = await app.inject({ url: '/cases/K-000001' });
    assert.equal(deep.statusCode, 200);
    assert.match(deep.body, /<script src="\/app.js">/);
  });

  test('hashed assets are cached for good and sent Brotli-compressed when accepted; pages are revalidated', async () => {
    const br = await app.inject({ url: '/assets/page-AbC123.js', headers: { 'accept-encoding': 'gzip, br' } });
    assert.equal(br.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(br.headers['content-encoding'], 'br');
    assert.match(String(br.headers['content-type']), /javascript/);
    assert.equal(brotliDecompressSync(br.rawPayload).toString(), 'console.log("page")');
    const plain = await app.inject({ url: '/assets/page-AbC123.js' });
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.body, 'console.log("page")');
    for (const url of ['/', '/cases/K-000001']) assert.equal((await app.inject({ url })).headers['cache-control'], 'no-cache', url);
  });

  test('unknown API paths stay JSON 404s, not the SPA', async () => {
    const res = await app.inject({ url: '/api/nope' });
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().error.code, 'NOT_FOUND');
  });
});

describe('request log lines', () => {
  test('identifier values in a query string are redacted, their system kept', () => {
    assert.equal(redactIdentifiers('/fhir/R4/Patient?identifier=urn%3Aoid%3A1.2.392%7CTKY-001&_count=5'),
      '/fhir/R4/Patient?identifier=urn%3Aoid%3A1.2.392%7C[redacted]&_count=5');
    assert.equal(redactIdentifiers('/fhir/R4/Observation?_count=1&identifier=ORDER-9'), '/fhir/R4/Observation?_count=1&identifier=[redacted]');
    assert.equal(redactIdentifiers('/api/cases?q=K-000012'), '/api/cases?q=K-000012');
    assert.deepEqual(requestLogLine({ method: 'GET', url: '/fhir/R4/Patient?identifier=x%7CSECRET', host: 'h', ip: '127.0.0.1', socket: { remotePort: 5 } }),
      { method: 'GET', url: '/fhir/R4/Patient?identifier=x%7C[redacted]', host: 'h', remoteAddress: '127.0.0.1', remotePort: 5 });
  });
});
