import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/accounts.js';
import { chromiumSkip, countTransfers, ensureWebBuild, launchChromium, signIn, WEB_DIST } from './harness.js';
import { buildApp } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import { seedDemoAccounts } from '../../src/demo/seed-accounts.js';
import { openTestDb, type TestDb } from '../../src/testing/test-db.js';

// The web UI as a user meets it: the built SPA served by the real server (HTTP, policy, services,
// PGlite), driven in Debian's Chromium. Screenshots go to /tmp for a human to look at the glyphs.

export const SCREENSHOTS = {
  cases: '/tmp/kiban-ui-cases-ja.png', form: '/tmp/kiban-ui-new-case-ja.png', dashboard: '/tmp/kiban-ui-dashboard-ja.png',
  casesEn: '/tmp/kiban-ui-cases-en.png', consent: '/tmp/kiban-ui-consent-history-ja.png',
};

describe('web UI in Chromium', { skip: chromiumSkip }, () => {
  let db: TestDb;
  let app: FastifyInstance;
  let browser: Browser;
  let base = '';
  let caseId = '';

  before(async () => {
    ensureWebBuild();
    // The database (template load + scrypt-hashed demo users) and Chromium start side by side.
    const [testDb, chromiumBrowser] = await Promise.all([
      openTestDb('pglite').then(async (d) => {
        await seedDemoAccounts(d);
        return d;
      }),
      launchChromium(),
    ]);
    db = testDb;
    browser = chromiumBrowser;
    // The server with the built SPA, exactly as `kiban start` serves it.
    app = await buildApp({ config: testConfig(), db }, { webDir: WEB_DIST });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    await db?.close();
  });

  /** Waits until the page's h1 reads exactly `text` (React renders after the click resolves). */
  const CHOICES = ['researchUse', 'industryUse', 'internationalSharing', 'recontact', 'secondaryFindings'];

  async function heading(page: Page, text: string): Promise<void> {
    await page.locator('h1').filter({ hasText: new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }).waitFor();
  }

  test('a clinician registers a rare-disease trio case with consent; a reload keeps the draft; the case is listed', async () => {
    const context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    const fonts: Array<Promise<Record<string, string>>> = [];
    page.on('response', (r) => void (r.url().endsWith('.ttf') && fonts.push(r.allHeaders())));

    await page.goto(`${base}/`);
    await heading(page, 'Kiban にログイン');
    // The Japanese font comes in unicode-range slices, Brotli-compressed, and is cached for good.
    await page.evaluate('document.fonts.ready.then(() => document.fonts.size)');
    const fontHeaders = await Promise.all(fonts);
    assert.ok(fontHeaders.length >= 1, 'the page loads Noto Sans JP');
    for (const h of fontHeaders) assert.deepEqual([h['content-encoding'], h['cache-control']], ['br', 'public, max-age=31536000, immutable']);
    assert.equal(await page.locator('html').getAttribute('lang'), 'ja');
    await signIn(page, base, 'clinician');
    await page.waitForURL(/\/cases$/);
    await heading(page, '症例一覧');
    assert.deepEqual(await page.locator('.main-nav a').allTextContents(), ['症例一覧', '症例登録', '検体・発送']);

    await page.locator('.main-nav a', { hasText: '症例登録' }).click();
    await heading(page, '症例登録');
    await page.locator('input[name=domain][value=rare_disease]').check();
    await page.locator('select[name=category]').selectOption('single_gene');
    await page.locator('input[name=returnRoute][value=B]').check();
    await page.locator('input[name=icd10]').fill('Q87.1');
    await page.locator('input[name=diagnosisText]').fill('ヌーナン症候群の疑い');
    await page.locator('input[name=proband-hospitalPatientId]').fill('TKY-P-0001');
    await page.locator('input[name=proband-birthYear]').fill('2015');
    await page.locator('select[name=proband-sex]').selectOption('female');
    await page.locator('select[name=consent-documentId]').selectOption('WGS-AP-RD-1.0');
    await page.locator('input[name=consent-researchUse]').check();
    await page.locator('input[name=consent-recontact]').check();
    await page.getByRole('button', { name: '母を追加' }).click();
    await page.locator('input[name=family0-hospitalPatientId]').fill('TKY-P-0002');
    await page.locator('input[name=family0-birthYear]').fill('1985');
    assert.equal(await page.locator('select[name=family0-sex]').inputValue(), 'female');
    assert.equal(await page.locator('select[name=family0-documentId]').inputValue(), 'WGS-AP-RD-1.0');
    // The mother's choices start empty although the proband's are ticked; she gives her own.
    for (const c of CHOICES) assert.equal(await page.locator(`input[name=family0-${c}]`).isChecked(), false, `mother ${c} pre-ticked`);
    await page.locator('input[name=family0-researchUse]').check();

    // DESIGN §6: nothing typed is lost. Wait for the draft (with the mother's last tick: the
    // status line already says "saved" from earlier typing), reload, and find every value again.
    await page.locator('.draft-status', { hasText: '下書き保存済' }).waitFor();
    // Polled with page.evaluate (CDP): waitForFunction evaluates its predicate in the page, which
    // the app's CSP (no 'unsafe-eval') refuses.
    const draftHasMother = `Object.keys(localStorage).filter((k) => k.startsWith('kiban.draft')).some((k) =>
      JSON.parse(localStorage.getItem(k)).form.family[0]?.consent.choices.researchUse === true
      && JSON.parse(localStorage.getItem(k)).form.family[0]?.birthYear === '1985')`;
    for (let tries = 0; !(await page.evaluate(draftHasMother)); tries++) {
      assert.ok(tries < 150, 'the draft never held the mother\'s consent');
      await page.waitForTimeout(100);
    }
    await page.reload();
    await page.locator('.alert-info', { hasText: '未送信の下書きを復元しました。' }).waitFor();
    assert.equal(await page.locator('input[name=diagnosisText]').inputValue(), 'ヌーナン症候群の疑い');
    assert.equal(await page.locator('input[name=family0-hospitalPatientId]').inputValue(), 'TKY-P-0002');
    assert.equal(await page.locator('input[name=consent-recontact]').isChecked(), true);
    assert.equal(await page.locator('input[name=consent-industryUse]').isChecked(), false);
    assert.equal(await page.locator('input[name=family0-researchUse]').isChecked(), true);
    assert.equal(await page.locator('input[name=family0-secondaryFindings]').isChecked(), false);
    await page.screenshot({ path: SCREENSHOTS.form, fullPage: true });

    await page.getByRole('button', { name: '症例を登録する' }).click();
    await page.waitForURL(/\/cases\/K-/);
    caseId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    await page.locator('.alert-success', { hasText: '症例を登録しました。' }).waitFor();
    await heading(page, `症例 ${caseId}`);
    assert.equal(await page.locator('.page-head .state').textContent(), '同意取得済');
    const members = page.locator('.card', { hasText: '参加者' }).locator('tbody tr');
    assert.equal(await members.count(), 2);
    assert.match((await members.nth(1).textContent()) ?? '', /母.*非罹患.*1985.*女性.*同意/);
    const stored = await page.evaluate(`fetch('/api/cases/${caseId}').then((r) => r.json())`) as { members: Array<{ relationship: string; consent: { choices: Record<string, boolean> } }> };
    const none = Object.fromEntries(CHOICES.map((c) => [c, false]));
    assert.deepEqual(stored.members.map((m) => [m.relationship, m.consent.choices]), [
      ['proband', { ...none, researchUse: true, recontact: true }], ['mother', { ...none, researchUse: true }],
    ]);
    assert.match((await page.locator('.timeline').textContent()) ?? '', /登録済 → 同意取得済/);
    assert.equal(await page.evaluate("Object.keys(localStorage).filter((k) => k.startsWith('kiban.draft')).length"), 0, 'draft cleared after registering');

    await page.locator('.main-nav a', { hasText: '症例一覧' }).click();
    const row = page.locator('.data-table tbody tr', { hasText: caseId });
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /難病.*Q87\.1.*ヌーナン症候群の疑い.*同意取得済/);
    await page.screenshot({ path: SCREENSHOTS.cases, fullPage: true });

    // Language switch: visible strings change, <html lang> follows, and the choice survives a reload.
    await page.getByRole('button', { name: 'English' }).click();
    await heading(page, 'Cases');
    assert.deepEqual(await page.locator('.main-nav a').allTextContents(), ['Cases', 'New case', 'Specimens & shipments']);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.match((await row.textContent()) ?? '', /Rare disease.*Consented/);
    await page.reload();
    await page.locator('h1', { hasText: 'Cases' }).waitFor();
    await page.screenshot({ path: SCREENSHOTS.casesEn, fullPage: true });
    await page.getByRole('button', { name: '日本語' }).click();
    await heading(page, '症例一覧');
    assert.equal(await page.locator('html').getAttribute('lang'), 'ja');

    // A new draft (it holds a hospital patient id) is said to be cleared on logout, and is.
    await page.locator('.main-nav a', { hasText: '症例登録' }).click();
    await page.locator('.draft-note', { hasText: 'ログアウトしたときに消去されます' }).waitFor();
    await page.locator('input[name=proband-hospitalPatientId]').fill('TKY-P-0099');
    await page.locator('.draft-status', { hasText: '下書き保存済' }).waitFor();
    await page.getByRole('button', { name: 'ログアウト' }).click();
    await page.locator('h1', { hasText: 'Kiban にログイン' }).waitFor();
    assert.equal(await page.evaluate("Object.keys(localStorage).filter((k) => k.startsWith('kiban.draft')).length"), 0, 'drafts cleared on logout');
    assert.deepEqual(pageErrors, []);
    await context.close();
  });

  test('a first visit (login page, log in, case list) transfers at most 1.5 MiB; kanji in data still get their glyphs', async () => {
    const context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    const counter = await countTransfers(page);
    const visit = counter.next();
    await page.goto(`${base}/`);
    await page.locator('input[name=username]').fill('clinician');
    await page.locator('input[name=password]').fill(DEMO_PASSWORD);
    await page.locator('button[type=submit]').click();
    await page.locator('.data-table tbody tr', { hasText: 'ヌーナン症候群の疑い' }).waitFor();
    await page.evaluate('document.fonts.ready');
    await page.waitForLoadState('networkidle');
    await page.evaluate('document.fonts.ready');
    const total = Object.values(visit.bytes).reduce((a, b) => a + b, 0);
    assert.ok(total <= 1.5 * 2 ** 20, `first visit transferred ${(total / 2 ** 20).toFixed(2)} MiB: ${JSON.stringify(visit.bytes)}`);
    // The UI's own characters come in one slice per weight; 候, 群 and 疑 (only in the case's
    // diagnosis) come from the JIS level-1 slices that hold them.
    assert.ok(visit.fonts.some((f) => /^noto-sans-jp-400-ui-/.test(f)), visit.fonts.join(' '));
    assert.ok(visit.fonts.some((f) => /^noto-sans-jp-400-jis1-/.test(f)), visit.fonts.join(' '));
    assert.equal(await page.evaluate(`document.fonts.check("16px '${'Kiban Noto Sans JP'}'", '疑候群')`), true);
    await context.close();
  });

  test('the clinician records a specimen and a change of consent, cancels a shipment and ships the specimen on another; the sequencing company checks it in', async () => {
    assert.ok(caseId, 'needs the case registered by the previous test');
    const context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await signIn(page, base, 'clinician');
    await page.goto(`${base}/cases/${caseId}`);
    await heading(page, `症例 ${caseId}`);
    await page.locator('select[name=participantId]').selectOption({ index: 0 });
    await page.locator('select[name=type]').selectOption('blood_normal');
    await page.locator('input[name=barcode]').fill('tky-2026-000001-n'); // upper-cased as typed
    await page.getByRole('button', { name: '検体を記録する' }).click();
    await page.locator('td code', { hasText: 'TKY-2026-000001-N' }).waitFor();
    await page.locator('.page-head .state', { hasText: '検体採取済' }).waitFor();

    // A change of mind for the proband: industry use now allowed, recontact no longer. A new record
    // joins the history (the first stays), with its own DUO codes; the member row shows it as current.
    const proband = page.locator('.card', { hasText: '参加者' }).locator('tbody tr').first();
    await proband.getByRole('button', { name: '同意内容の変更を記録' }).click();
    assert.equal(await page.locator('select[name=newConsent-documentId]').inputValue(), 'WGS-AP-RD-1.0');
    assert.equal(await page.locator('input[name=newConsent-recontact]').isChecked(), false, 'no choice pre-ticked');
    await page.locator('input[name=newConsent-researchUse]').check();
    await page.locator('input[name=newConsent-industryUse]').check();
    await page.getByRole('button', { name: '同意を記録する' }).click();
    await page.locator('.consent-history .alert-success', { hasText: '同意を記録しました。' }).waitFor();
    const history = page.locator('.consent-history tbody tr');
    await history.nth(1).waitFor();
    assert.equal(await history.count(), 2);
    assert.match((await history.nth(0).textContent()) ?? '', /同意.*WGS-AP-RD-1\.0.*産業利用：不可.*再連絡：可.*DUO:0000046/);
    const latest = (await history.nth(1).textContent()) ?? '';
    assert.match(latest, /同意\s*（現在）.*WGS-AP-RD-1\.0.*産業利用：可.*再連絡：不可/);
    assert.match(latest, /DUO:0000042 GRU/);
    assert.doesNotMatch(latest, /DUO:0000046/, 'industry use allowed: no NCU');
    assert.equal(await history.nth(1).getAttribute('class'), 'highlight');
    await page.locator('.consent-history').screenshot({ path: SCREENSHOTS.consent });
    await proband.locator('.chip.yes', { hasText: '産業利用：可' }).waitFor(); // the case reloaded with the new consent

    // The picker asks the server for shippable specimens, one paged request, none per case.
    const requests: string[] = [];
    page.on('request', (r) => r.url().includes('/api/') && requests.push(new URL(r.url()).pathname + new URL(r.url()).search));
    await page.locator('.main-nav a', { hasText: '検体・発送' }).click();
    await page.getByRole('link', { name: '発送を作成' }).click();
    await heading(page, '発送を作成');
    const pick = page.locator('.pick-case', { hasText: caseId });
    await pick.waitFor();
    assert.match((await pick.textContent()) ?? '', /TKY-2026-000001-N.*血液（正常・生殖細胞系列）/);
    assert.ok(requests.includes('/api/specimens?shippable=true&limit=50&offset=0'), requests.join(' '));
    assert.deepEqual(requests.filter((u) => u.startsWith('/api/cases')), []);
    await page.locator('select[name=toOrgId] option', { hasText: 'ゲノムシークエンス株式会社（デモ）' }).waitFor({ state: 'attached' });
    await page.locator('select[name=toOrgId]').selectOption('SEQ-A');
    await pick.locator('input[name=specimen]').check();
    await page.getByRole('button', { name: '発送を作成する' }).click();
    await page.locator('.page-head .state', { hasText: '作成済' }).waitFor();
    await page.locator('.summary dd', { hasText: 'ゲノムシークエンス株式会社（デモ）' }).waitFor(); // Japanese name, not the API's English one

    // A manifest made by mistake is cancelled before dispatch, with its reason; the specimen is offered again.
    const cancel = page.getByRole('button', { name: 'この発送を取り消す' });
    assert.equal(await cancel.isDisabled(), true, 'a reason is required');
    await page.locator('input[name=reason]').fill('運送業者の手配違い');
    await cancel.click();
    await page.locator('.page-head .state', { hasText: '取消済' }).waitFor();
    await page.locator('.summary dd', { hasText: '運送業者の手配違い' }).waitFor();
    assert.equal(await page.getByRole('button', { name: '発送', exact: true }).count(), 0, 'a cancelled shipment cannot be dispatched');
    await page.locator('.main-nav a', { hasText: '検体・発送' }).click();
    await page.getByRole('link', { name: '発送を作成' }).click();
    await pick.waitFor();
    await page.locator('select[name=toOrgId] option', { hasText: 'ゲノムシークエンス株式会社（デモ）' }).waitFor({ state: 'attached' });
    await page.locator('select[name=toOrgId]').selectOption('SEQ-A');
    await pick.locator('input[name=specimen]').check();
    await page.getByRole('button', { name: '発送を作成する' }).click();
    await page.locator('.page-head .state', { hasText: '作成済' }).waitFor();
    await page.getByRole('button', { name: '発送', exact: true }).click();
    // Dispatch cannot be undone: it asks first, and going back changes nothing.
    const confirm = page.locator('.confirm-dispatch');
    assert.match((await confirm.textContent()) ?? '', /検体 1 本）を ゲノムシークエンス株式会社（デモ） へ発送します。発送後は取り消せません。/);
    await page.getByRole('button', { name: '戻る' }).click();
    assert.equal(await page.locator('.page-head .state').textContent(), '作成済');
    await page.getByRole('button', { name: '発送', exact: true }).click();
    await page.getByRole('button', { name: '発送を確定する' }).click();
    await page.locator('.page-head .state', { hasText: '発送済' }).waitFor();
    await page.getByRole('button', { name: 'ログアウト' }).click();

    await signIn(page, base, 'lab');
    await page.waitForURL(/\/incoming$/);
    await heading(page, '入荷予定の検体');
    await page.locator('.data-table tbody tr td', { hasText: '東京大学医学部附属病院（デモ）' }).waitFor();
    await page.locator('.data-table tbody tr a').first().click();
    await page.getByRole('button', { name: '受領する' }).waitFor();
    assert.equal(await page.getByRole('button', { name: '受領する' }).isDisabled(), true, 'every item must be checked first');
    await page.getByRole('button', { name: '残りをすべて問題なしにする' }).click();
    await page.getByRole('button', { name: '受領する' }).click();
    await page.locator('.page-head .state', { hasText: '受領済' }).waitFor();
    assert.match((await page.locator('.data-table tbody tr').first().textContent()) ?? '', new RegExp(`TKY-2026-000001-N.*${caseId}.*問題なし`));
    await context.close();
  });

  test('the central manager sees the dashboard with the case counted, TAT and delays', async () => {
    assert.ok(caseId, 'needs the case registered by the previous test');
    const context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await signIn(page, base, 'manager');
    await page.waitForURL(/\/management$/);
    await heading(page, '進捗管理ダッシュボード');
    assert.deepEqual(await page.locator('.main-nav a').allTextContents(), ['進捗管理ダッシュボード', '症例一覧']);
    await page.locator('.big-number', { hasText: '合計 1症例' }).waitFor();
    const received = page.locator('table.counts tbody tr', { hasText: 'シークエンス企業受領' });
    assert.deepEqual((await received.locator('td').allTextContents()).slice(1), ['0', '1', '1']);
    await page.locator('h2', { hasText: '工程別の所要日数（TAT）' }).waitFor();
    await page.locator('h2', { hasText: '遅延している症例' }).waitFor();
    await page.mouse.move(1300, 5); // no chart tooltip in the screenshot
    await page.screenshot({ path: SCREENSHOTS.dashboard, fullPage: true });

    await page.locator('.main-nav a', { hasText: '症例一覧' }).click();
    await page.locator('.data-table tbody tr', { hasText: caseId }).waitFor();
    await context.close();
  });
});
