import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, test } from 'node:test';
import { buildApp } from './app.js';
import { configFromEnv, testConfig } from './config.js';
import { openTestDb } from './testing/test-db.js';

/** The JSON log lines the app writes while answering one GET /api/health. */
async function logOfOneRequest(requestLogLevel: 'debug' | 'info'): Promise<Array<Record<string, unknown>>> {
  const stream = new PassThrough();
  const lines: string[] = [];
  stream.on('data', (b: Buffer) => lines.push(...b.toString().split('\n').filter(Boolean)));
  const db = await openTestDb('pglite');
  const app = await buildApp({ config: testConfig({ logLevel: 'info', requestLogLevel }), db, logStream: stream }, { webDir: false });
  try {
    assert.equal((await app.inject({ url: '/api/health?probe=1' })).statusCode, 200);
  } finally {
    await app.close();
    await db.close();
  }
  return lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => String(l.msg).includes('request'));
}

describe('request log', () => {
  test('at debug (a terminal), an info-level server writes no request lines', async () => {
    assert.deepEqual(await logOfOneRequest('debug'), []);
  });

  test('at info (production), one line per request: method, path without query, status, time', async () => {
    const [line, ...more] = await logOfOneRequest('info');
    assert.deepEqual(more, []);
    assert.deepEqual([line?.level, line?.msg, line?.method, line?.url, line?.statusCode, typeof line?.responseTimeMs], [30, 'request completed', 'GET', '/api/health', 200, 'number']);
  });

  test('the default: info in production or off a terminal, KIBAN_REQUEST_LOG_LEVEL wins', () => {
    const env = { KIBAN_SECRET: 'x'.repeat(32), KIBAN_DATA_DIR: '/nonexistent' };
    assert.equal(configFromEnv({ ...env, NODE_ENV: 'production' }).requestLogLevel, 'info');
    // node:test runs with stdout piped, as a server under a process manager would.
    assert.equal(configFromEnv(env).requestLogLevel, process.stdout.isTTY ? 'debug' : 'info');
    assert.equal(configFromEnv({ ...env, NODE_ENV: 'production', KIBAN_REQUEST_LOG_LEVEL: 'debug' }).requestLogLevel, 'debug');
  });
});
