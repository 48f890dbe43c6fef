/**
 * What a first visit downloads: `kiban start` with the demo, as `npm install && npm start` leaves
 * it, and a fresh Chromium (empty cache) that opens the login page, logs in as the clinician and
 * lands on the case list. Bytes are what crossed the wire (CDP Network.loadingFinished
 * encodedDataLength: headers plus compressed body), per step and per kind of resource.
 *
 *   npm run build && node --import tsx bench/first-visit.ts
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../src/demo/accounts.js';
import { countTransfers, emptyTally, launchChromium, type Kind, type Tally } from '../test/browser/harness.js';
import { describeMachine } from './machine.js';

const MiB = 2 ** 20;

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

async function startDemoServer(dataDir: string): Promise<{ base: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(import.meta.dirname, '..', 'bin', 'kiban.js'), 'start'], {
    env: { ...process.env, KIBAN_DATA_DIR: dataDir, KIBAN_PORT: String(port), NODE_ENV: 'production' }, stdio: 'ignore',
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const base = `http://127.0.0.1:${port}`;
  for (let tries = 0; ; tries++) {
    if (child.exitCode !== null) throw new Error(`bench: the server exited (${child.exitCode}); is it built (npm run build)?`);
    if (await fetch(`${base}/api/health`).then((r) => r.ok, () => false)) break;
    if (tries > 3000) throw new Error('bench: the server did not answer /api/health within 300 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  return { base, stop: async () => void (child.kill('SIGTERM'), await exited) };
}

/** Waits until the page has fetched every font face its text needs, and the network is quiet. */
async function settle(page: Page): Promise<void> {
  await page.evaluate('document.fonts.ready');
  await page.waitForLoadState('networkidle');
  await page.evaluate('document.fonts.ready');
}

function line(step: string, t: Tally): string {
  const total = Object.values(t.bytes).reduce((a, b) => a + b, 0);
  const parts = (Object.keys(t.bytes) as Kind[]).filter((k) => t.bytes[k] > 0).map((k) => `${k} ${(t.bytes[k] / 1024).toFixed(0)} KiB`);
  return `${step.padEnd(34)} ${(total / MiB).toFixed(2)} MiB in ${t.requests} requests (${parts.join(', ')}); font slices: ${t.fonts.length}`;
}

async function main(): Promise<void> {
  console.log('command: node --import tsx bench/first-visit.ts');
  console.log(describeMachine());
  const dataDir = mkdtempSync(join(tmpdir(), 'kiban-first-visit-'));
  const server = await startDemoServer(dataDir);
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    const counter = await countTransfers(page);
    const login = counter.next();
    await page.goto(`${server.base}/`);
    await page.locator('input[name=username]').waitFor();
    await settle(page);
    const list = counter.next();
    await page.locator('input[name=username]').fill('clinician');
    await page.locator('input[name=password]').fill(DEMO_PASSWORD);
    await page.locator('button[type=submit]').click();
    await page.locator('.data-table tbody tr').first().waitFor();
    await settle(page);
    const total = emptyTally();
    for (const t of [login, list]) {
      for (const k of Object.keys(t.bytes) as Kind[]) total.bytes[k] += t.bytes[k];
      total.requests += t.requests;
      total.fonts.push(...t.fonts);
    }
    console.log(line('login page', login));
    console.log(line('log in as clinician → case list', list));
    console.log(line('first visit in all', total));
    console.log(`fonts fetched: ${total.fonts.join(' ')}`);
    await context.close();
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
