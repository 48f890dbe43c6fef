import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/accounts.js';
import { skipReason } from '../../src/testing/skip.js';

/**
 * What every browser test needs: Debian's Chromium with the flags this closed network wants
 * (no background networking, no component updates), and the built SPA in dist/web.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WEB_SRC = join(ROOT, 'web');
export const WEB_DIST = join(ROOT, 'dist', 'web');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic',
];

/** false, or why browser tests are skipped locally (in CI a missing Chromium fails instead). */
export const chromiumSkip = skipReason(existsSync(CHROMIUM), `${CHROMIUM} is not installed (apt-get install chromium)`);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

function newestMtimeMs(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtimeMs(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds dist/web when it is missing or older than web/ (about 2 s with Vite). */
export function ensureWebBuild(): void {
  const index = join(WEB_DIST, 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newestMtimeMs(WEB_SRC)) return;
  const r = spawnSync('npm', ['run', 'build:web'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm run build:web failed:\n${r.stdout}\n${r.stderr}`);
}

/** Logs a demo account in through the login page of the app at `base`. */
export async function signIn(page: Page, base: string, username: string): Promise<void> {
  await page.goto(`${base}/`);
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(DEMO_PASSWORD);
  await page.locator('button[type=submit]').click();
  await page.locator('.app-header').waitFor();
}

export type Kind = 'font' | 'script' | 'style' | 'api' | 'document' | 'other';
export interface Tally { bytes: Record<Kind, number>; requests: number; fonts: string[] }

/**
 * Counts what crosses the wire (CDP Network.loadingFinished encodedDataLength: headers plus the
 * compressed body) into a tally; `next()` starts a new one (one per step of a visit).
 */
export async function countTransfers(page: Page): Promise<{ cdp: CDPSession; next(): Tally }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });
  const urls = new Map<string, string>();
  let tally = emptyTally();
  cdp.on('Network.responseReceived', (e) => urls.set(e.requestId, e.response.url));
  cdp.on('Network.loadingFinished', (e) => {
    const url = urls.get(e.requestId) ?? '';
    const kind = kindOf(url);
    tally.bytes[kind] += e.encodedDataLength;
    tally.requests++;
    if (kind === 'font' && e.encodedDataLength > 0) tally.fonts.push(url.split('/').pop()!);
  });
  return { cdp, next: () => ((tally = emptyTally()), tally) };
}

export function emptyTally(): Tally {
  return { bytes: { font: 0, script: 0, style: 0, api: 0, document: 0, other: 0 }, requests: 0, fonts: [] };
}

function kindOf(url: string): Kind {
  if (/\.(ttf|woff2?)$/.test(url)) return 'font';
  if (url.endsWith('.js')) return 'script';
  if (url.endsWith('.css')) return 'style';
  if (url.includes('/api/')) return 'api';
  if (/\/[^./]*$/.test(new URL(url).pathname)) return 'document';
  return 'other';
}
