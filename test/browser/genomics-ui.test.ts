import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { chromiumSkip, ensureWebBuild, launchChromium, signIn, WEB_DIST } from './harness.js';
import { loadedGermlineCase } from '../../src/intake/test-fixtures.js';
import { assertSampleInUse } from '../../src/intake/index.js';
import { JobQueue } from '../../src/jobs/queue.js';
import { openTestApp, type TestApp } from '../../src/testing/test-app.js';
import { scratchDir } from '../../src/testing/test-db.js';
import { DuckDbVariantStore, startIngestWorkers } from '../../src/variant-store/index.js';
import { germlineVcf, toyReference } from '../../src/variant-store/testing/index.js';

// The genomic side of the web UI as a hospital clinician meets it: a sequencing company's run and
// germline VCF go through the real pipeline (QC gates → job queue → ingest worker → DuckDB variant
// store, toy reference), then the built SPA served by the real server shows the case's Sequencing &
// QC panel and its variant table in Debian's Chromium. One screenshot goes to /tmp for the glyphs.

export const SCREENSHOT = '/tmp/kiban-ui-variants-ja.png';


describe('sequencing panel and variant table in Chromium', { skip: chromiumSkip }, () => {
  const dir = scratchDir('kiban-genomics-ui');
  let t: TestApp;
  let queue: JobQueue;
  let store: DuckDbVariantStore;
  let browser: Browser;
  let base = '';

  before(async () => {
    ensureWebBuild();
    // The server exactly as `kiban start` serves it (SPA included) with the variant pipeline wired in.
    const [testApp, chromiumBrowser] = await Promise.all([
      openTestApp('pglite', { dataDir: dir.path }, {
        webDir: WEB_DIST,
        variants: async (db) => {
          queue = await JobQueue.start(db, { maintenanceIntervalSeconds: 1, pollingIntervalSeconds: 0.5 });
          store = await DuckDbVariantStore.open({ path: join(dir.path, 'variants.duckdb') });
          await startIngestWorkers({ db, store, reference: toyReference(), queue, sampleInUse: (id) => assertSampleInUse(db, id) });
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
    await t?.close().catch(() => undefined);
    await queue?.stop(false);
    await store?.close();
    dir.remove();
  });

  /**
   * Waits until the table lists exactly these positions. The previous page stays on screen while
   * the filtered one loads, so a row count alone can match before the new rows arrive.
   */
  async function showsPositions(page: Page, expected: string[]): Promise<void> {
    const cells = page.locator('table.variant-table tbody tr td:first-child');
    const deadline = Date.now() + 5000;
    let shown = await cells.allTextContents();
    while (JSON.stringify(shown) !== JSON.stringify(expected) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      shown = await cells.allTextContents();
    }
    assert.deepEqual(shown, expected);
  }

  /** GET /api/cases/:id/variants as the clinician, with the same query the page sends. */
  async function apiVariants(caseId: string, query: Record<string, string>) {
    const res = await t.app.inject({
      url: `/api/cases/${encodeURIComponent(caseId)}/variants?${new URLSearchParams(query).toString()}`,
      headers: await t.login('clinician'),
    });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as { total: number; items: Array<{ chrom: string; pos1: number; ref: string; alt: string; impact: string | null; hgvsc: string | null; hgvsp: string | null }> };
  }

  test('the clinician sees the run QC passed, the VCF loaded, and filters the annotated variant table', async () => {
    // Through the API: a received rare-disease case, a run with good QC, the proband's germline VCF, loaded.
    const caseId = await loadedGermlineCase(t, `${germlineVcf('NA1').join('\n')}\n`);

    const context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await signIn(page, base, 'clinician');

    // The case page's Sequencing & QC panel, in Japanese.
    await page.goto(`${base}/cases/${encodeURIComponent(caseId)}`);
    const panel = page.locator('section.card', { has: page.locator('h2', { hasText: 'シークエンス・QC' }) });
    await panel.waitFor();
    const runQc = panel.locator('.run-qc');
    await runQc.locator('h3 .state', { hasText: 'QC 合格' }).waitFor();
    assert.match((await runQc.locator('h3').textContent()) ?? '', /ラン NA1 ·/);
    const coverage = runQc.locator('.qc-table tbody tr', { hasText: '平均カバレッジ（×）' });
    const cells = (await coverage.locator('td').allTextContents()).map((s) => s.trim());
    assert.equal(cells[1], '35.2');
    assert.match(cells[2]!, /以上$/);
    assert.equal(cells[3], '合格');
    // Every gated metric passed: no failing row, and each gate's result reads 合格.
    assert.equal(await runQc.locator('.qc-table tbody tr.overdue').count(), 0);
    assert.equal(await runQc.locator('.qc-table tbody td strong', { hasText: '不合格' }).count(), 0);
    assert.ok((await runQc.locator('.qc-table tbody td strong', { hasText: '合格' }).count()) >= 1);
    const file = panel.locator('.data-table tbody tr', { hasText: 'NA1.vcf' });
    assert.match((await file.textContent()) ?? '', /生殖細胞系列 VCF/);
    assert.equal(await file.locator('.pipeline').textContent(), '登録完了');
    assert.equal(await file.locator('.pipeline').getAttribute('class'), 'pipeline pipeline-loaded');
    assert.deepEqual(await file.locator('ol.steps li.done').allTextContents(), ['受領済み（QC 待ち）', '処理待ち', '処理中', '登録完了']);

    // The variant table, reached through the panel's link.
    await panel.getByRole('link', { name: 'バリアント一覧' }).click();
    await page.waitForURL(/\/variants$/);
    await page.locator('h1', { hasText: `症例 ${caseId} のバリアント` }).waitFor();
    const rows = page.locator('table.variant-table tbody tr');
    const all = await apiVariants(caseId, { sort: 'position', order: 'asc', limit: '50', offset: '0' });
    await showsPositions(page, all.items.map((v) => `${v.chrom}:${v.pos1}`));
    assert.equal(await rows.count(), all.total);
    const g2c = rows.filter({ has: page.locator('td:nth-child(1) code', { hasText: /^chrT:2$/ }) })
      .filter({ has: page.locator('td:nth-child(2) code', { hasText: /^G>C$/ }) });
    assert.equal(await g2c.count(), 1);
    const g2cCells = (await g2c.locator('td').allTextContents()).map((s) => s.trim());
    assert.equal(g2cCells[2], 'GENEA');
    assert.equal(g2cCells[4], '中'); // MODERATE
    assert.equal(g2cCells[6], '0.001');
    assert.equal(g2cCells[7], 'Pathogenic');
    assert.equal(g2cCells[8], '0/1');
    assert.equal(g2cCells[10], 'PASS');
    assert.equal(g2cCells[11], '0'); // no other sample on the platform carries it
    // HGVS: only the notations there are (c. without p. here); none at all reads "—" like the other
    // empty cells, with no empty <code> boxes.
    assert.equal(g2cCells[5], all.items.find((v) => v.pos1 === 2)!.hgvsc);
    assert.equal(await g2c.locator('td:nth-child(6) code').count(), 1);
    const intergenic = all.items.find((v) => v.hgvsc === null && v.hgvsp === null);
    assert.ok(intergenic, 'the toy VCF has a variant outside GENEA');
    const intergenicHgvs = rows.nth(all.items.indexOf(intergenic)).locator('td:nth-child(6)');
    assert.equal(await intergenicHgvs.textContent(), '—');
    assert.equal(await intergenicHgvs.locator('code').count(), 0);
    assert.deepEqual(
      await page.locator('table.variant-table thead th').allTextContents().then((h) => h.map((s) => s.replace(/[▲▼]/g, '').trim())),
      ['位置', '変化', '遺伝子', 'コンシークエンス', '影響度', 'HGVS', '集団 AF', 'ClinVar', 'GT', 'VAF', 'フィルター', '他検体（0中）'],
    );
    await page.mouse.move(1300, 5);
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    // Filter by impact: the page shows exactly the rows the API returns for the same filter.
    const high = await apiVariants(caseId, { impact: 'HIGH', sort: 'position', order: 'asc', limit: '50', offset: '0' });
    assert.ok(high.total > 0 && high.total < all.total, `HIGH narrows the table: ${high.total} of ${all.total}`);
    await page.locator('select[name=impact]').selectOption('HIGH');
    await page.getByRole('button', { name: '適用' }).click();
    await showsPositions(page, high.items.map((v) => `${v.chrom}:${v.pos1}`));
    assert.equal(await rows.count(), high.total);
    assert.deepEqual((await rows.locator('td:nth-child(5)').allTextContents()), high.items.map(() => '高'));
    assert.match((await page.locator('.pager-status').textContent()) ?? '', new RegExp(`${high.total}`));

    // ClinVar "contains": only the pathogenic chrT:2 G>C.
    const patho = await apiVariants(caseId, { clinvar: 'pathogenic', sort: 'position', order: 'asc', limit: '50', offset: '0' });
    await page.locator('select[name=impact]').selectOption('');
    await page.locator('input[name=clinvar]').fill('pathogenic');
    await page.getByRole('button', { name: '適用' }).click();
    await showsPositions(page, patho.items.map((v) => `${v.chrom}:${v.pos1}`));
    assert.equal(await rows.count(), patho.total);
    assert.deepEqual(patho.items.map((v) => `${v.chrom}:${v.pos1} ${v.ref}>${v.alt}`), ['chrT:2 G>C']);

    // The carriers of chrT:2 G>C the clinician may see: this case; the platform count (one sample)
    // is below the minimum cell size and is not shown.
    await page.goto(`${base}/variant-carriers?chrom=chrT&pos=2&ref=G&alt=C&from=${caseId}`);
    await page.locator('h1', { hasText: 'chrT:2 G>C の保有検体' }).waitFor();
    await page.locator('p.muted', { hasText: '基盤全体の数は表示しません。このバリアントを持つ検体が10未満か' }).waitFor();
    const carrier = page.locator('table.carriers-table tbody tr');
    assert.equal(await carrier.count(), 1);
    assert.match((await carrier.textContent()) ?? '', new RegExp(`${caseId}.*0/1.*0\\.333.*PASS`));
    await carrier.getByRole('link', { name: caseId }).waitFor();
    await page.getByRole('link', { name: `症例 ${caseId} のバリアントに戻る` }).click();
    await page.locator('h1', { hasText: `症例 ${caseId} のバリアント` }).waitFor();

    // English: column headers and the impact labels change language.
    await page.getByRole('button', { name: 'English' }).click();
    await page.locator('h1', { hasText: `Variants of case ${caseId}` }).waitFor();
    // The table is fetched after the heading renders; wait for its last header before reading them all.
    await page.locator('table.variant-table thead th', { hasText: 'Others (of' }).waitFor();
    assert.deepEqual(
      await page.locator('table.variant-table thead th').allTextContents().then((h) => h.map((s) => s.replace(/[▲▼]/g, '').trim())),
      ['Position', 'Change', 'Gene', 'Consequence', 'Impact', 'HGVS', 'Pop. AF', 'ClinVar', 'GT', 'VAF', 'Filter', 'Others (of 0)'],
    );
    assert.equal(await rows.locator('td:nth-child(5)').first().textContent(), 'Moderate');
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.deepEqual(pageErrors, []);
    await context.close();
  });
});
