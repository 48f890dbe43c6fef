import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { chromiumSkip, ensureWebBuild, launchChromium, signIn, WEB_DIST } from './harness.js';
import { assertSampleInUse } from '../../src/intake/index.js';
import { loadedGermlineCase } from '../../src/intake/test-fixtures.js';
import { interpretAfterIngest, startInterpretationWorkers } from '../../src/interpretation/index.js';
import { toyKnowledge } from '../../src/interpretation/testing.js';
import { JobQueue } from '../../src/jobs/queue.js';
import { openTestApp, type TestApp } from '../../src/testing/test-app.js';
import { scratchDir } from '../../src/testing/test-db.js';
import { DuckDbVariantStore, startIngestWorkers } from '../../src/variant-store/index.js';
import { germlineVcf, toyReference } from '../../src/variant-store/testing/index.js';

// The analyst's interpretation page in Chromium: a germline VCF is ingested (which queues the
// case's first run, without HPO terms), the analyst adds an HPO term through the search, saves it,
// runs again, and reads the new run's ranked candidate with its phenotype match and ACMG criteria.

describe('interpretation page in Chromium', { skip: chromiumSkip }, () => {
  const dir = scratchDir('kiban-interpretation-ui');
  let t: TestApp;
  let queue: JobQueue;
  let store: DuckDbVariantStore;
  let browser: Browser;
  let base = '';

  before(async () => {
    ensureWebBuild();
    const knowledge = await toyKnowledge(dir.path);
    const [testApp, chromiumBrowser] = await Promise.all([
      openTestApp('pglite', { dataDir: dir.path }, {
        webDir: WEB_DIST,
        knowledge,
        variants: async (db) => {
          queue = await JobQueue.start(db, { maintenanceIntervalSeconds: 1, pollingIntervalSeconds: 0.5 });
          store = await DuckDbVariantStore.open({ path: join(dir.path, 'variants.duckdb') });
          await startInterpretationWorkers({ db, variants: store, knowledge, queue });
          await startIngestWorkers({ db, store, reference: toyReference(), queue, sampleInUse: (id) => assertSampleInUse(db, id), onLoaded: interpretAfterIngest({ db, queue }) });
          return { store, queue };
        },
      }),
      launchChromium(),
    ]);
    t = testApp;
    browser = chromiumBrowser;
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });

  after(async () => {
    await browser?.close();
    await queue?.stop(false);
    await t?.close().catch(() => undefined);
    await store?.close();
    dir.remove();
  });

  test('the analyst adds an HPO term, runs again and reads why GENEA ranks first', async () => {
    const caseId = await loadedGermlineCase(t, `${germlineVcf('NA1').join('\n')}\n`);
    const page = await (await browser.newContext({ locale: 'ja-JP', viewport: { width: 1366, height: 1000 } })).newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await signIn(page, base, 'analyst');

    await page.goto(`${base}/cases/${encodeURIComponent(caseId)}`);
    await page.getByRole('link', { name: '解釈（候補遺伝子の順位）' }).click();
    await page.locator('h1', { hasText: `解釈 — 症例 ${caseId}` }).waitFor();
    // The run the ingest queued, without HPO terms: no phenotype score.
    const first = page.locator('table.candidates tbody tr').first();
    await first.waitFor({ timeout: 30_000 });
    assert.deepEqual((await first.locator('td').allTextContents()).slice(0, 2), ['1', 'GENEA']);
    assert.equal((await first.locator('td').nth(5).textContent())?.trim(), '—');

    await page.getByLabel('HPO 用語を追加').fill('seiz');
    await page.getByRole('button', { name: 'HP:0001250 Seizure' }).click();
    await page.getByRole('button', { name: '用語を保存' }).click();
    await page.locator('ul.chips li', { hasText: 'HP:0001250' }).waitFor();
    await page.getByRole('button', { name: '再実行' }).click();
    await page.getByRole('status').filter({ hasText: '実行を登録しました' }).waitFor();

    // The newest completed run is shown once it ends: it used the term and scores the phenotype.
    await page.locator('dl.summary dd', { hasText: 'HP:0001250' }).waitFor({ timeout: 30_000 });
    const row = page.locator('table.candidates tbody tr').first();
    const cells = (await row.locator('td').allTextContents()).map((s) => s.trim());
    assert.deepEqual(cells.slice(0, 2), ['1', 'GENEA']);
    assert.equal(cells[5], '1');
    assert.equal(await page.locator('select option').count(), 2, 'both runs are kept');
    const match = page.locator('.evidence table').last().locator('tbody tr').first();
    assert.deepEqual((await match.locator('td').allTextContents()).map((s) => s.trim()).slice(0, 3), ['HP:0001250 Seizure', 'HP:0001250', 'HP:0001250 Seizure']);
    const criteria = page.locator('table.criteria').first().locator('tbody tr td:first-child');
    assert.equal((await criteria.allTextContents())[0], 'PVS1');
    await page.screenshot({ path: '/tmp/kiban-ui-interpretation-ja.png', fullPage: true });
    assert.deepEqual(pageErrors, []);
  });
});
