import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { GOOD_GERMLINE, GOOD_TUMOUR, mutect2Vcf, receivedCase, sha256 } from '../../src/intake/test-fixtures.js';
import { cancerCaseBody } from '../../src/registry/testing.js';
import { openTestApp, type TestApp } from '../../src/testing/test-app.js';
import { scratchDir } from '../../src/testing/test-db.js';
import { chromiumSkip, ensureWebBuild, launchChromium, signIn, WEB_DIST } from './harness.js';

// The screens that existed only as API, walked in Chromium by the roles that use them, in Japanese:
// the sequencing company registers runs and uploads a VCF hashed in the browser; the operator
// creates and revokes an API token, filters the audit log and verifies its chain. Screenshots go to
// /tmp/kiban-ui-<role>-*.png.

describe('role screens in Chromium', { skip: chromiumSkip }, () => {
  const dir = scratchDir('kiban-roles-ui');
  let t: TestApp;
  let browser: Browser;
  let base = '';

  before(async () => {
    ensureWebBuild();
    const [testApp, chromiumBrowser] = await Promise.all([openTestApp('pglite', { dataDir: dir.path }, { webDir: WEB_DIST }), launchChromium()]);
    t = testApp;
    browser = chromiumBrowser;
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });

  after(async () => {
    await browser?.close();
    await t?.close().catch(() => undefined);
    dir.remove();
  });

  async function open(user: string): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, base, user);
    return { context, page, errors };
  }

  async function fillRun(page: Page, sampleName: string, qc: Record<string, number>) {
    const form = page.locator('form.run-form');
    await form.locator('input[name=sampleName]').fill(sampleName);
    await form.locator('input[name=pipelineName]').fill('DRAGEN');
    await form.locator('input[name=pipelineVersion]').fill('4.3.6');
    for (const [metric, value] of Object.entries(qc)) await form.locator(`input[name="qc.${metric}"]`).fill(String(value));
    await form.locator('button[type=submit]').click();
  }

  /** A Mutect2 VCF padded with records to `minBytes`, so that hashing takes several slices. */
  function bigSomaticVcf(tumour: string, normal: string, minBytes: number): string {
    const [header, first] = mutect2Vcf(tumour, normal).split('\nchr7');
    const lines = [`${header}\nchr7${first!.trimEnd()}`];
    let size = lines[0]!.length;
    for (let pos = 140_753_400; size < minBytes; pos += 7) {
      const line = `chr7\t${pos}\t.\tC\tG\t.\tPASS\t.\tGT:AD\t0/0:40,0\t0/1:60,38`;
      lines.push(line);
      size += line.length + 1;
    }
    return `${lines.join('\n')}\n`;
  }

  test('the sequencing company registers its runs from the shipment and uploads the VCF with its SHA-256', async () => {
    const { caseId, specimens } = await receivedCase(t, 'cancer');
    const shipments = await t.app.inject({ url: '/api/shipments?direction=incoming', headers: await t.login('lab') });
    const shipmentId = shipments.json().items[0].id as string;
    const { context, page, errors } = await open('lab');

    await page.goto(`${base}/incoming/${shipmentId}`);
    await page.getByRole('link', { name: caseId }).first().click();
    await page.locator('h1', { hasText: `症例 ${caseId}：シークエンス` }).waitFor();
    await page.locator('p', { hasText: '次の作業：受領した検体のシークエンスラン' }).waitFor();
    // Both of the case's specimens arrived in the shipment; the one followed is preselected.
    assert.equal(await page.locator('.specimen-pick button').count(), 2);
    await page.screenshot({ path: '/tmp/kiban-ui-lab-run.png', fullPage: true });

    const first = specimens.find((s) => page.url().includes(s.id))!;
    const second = specimens.find((s) => s !== first)!;
    const qcOf = (s: { type: string }) => (s.type === 'blood_normal' ? GOOD_GERMLINE : GOOD_TUMOUR);
    const nameOf = (s: { type: string }) => (s.type === 'blood_normal' ? 'K-NORMAL' : 'K-TUMOUR');
    // Required fields are checked before anything is sent.
    await page.locator('form.run-form button[type=submit]').click();
    assert.ok((await page.locator('form.run-form .field-error', { hasText: '必須項目です' }).count()) >= 9);
    await fillRun(page, nameOf(first), { ...qcOf(first) });
    await page.locator('tr[data-run]').first().waitFor();
    // The next specimen without a run comes up by itself.
    await page.locator('form.run-form p', { hasText: second.type === 'blood_normal' ? '-1' : '-0' }).waitFor();
    await fillRun(page, nameOf(second), { ...qcOf(second) });
    await page.locator('tr[data-run]').nth(1).waitFor();
    await page.locator('p', { hasText: '次の作業：結果の VCF をアップロード' }).waitFor();
    const runs = (await t.app.inject({ url: `/api/cases/${caseId}/sequencing`, headers: await t.login('lab') })).json().runs as Array<{ sampleName: string; specimenId: string; qc: { meanCoverage: number } }>;
    assert.deepEqual(runs.map((r) => [r.sampleName, r.specimenId, r.qc.meanCoverage]).sort(), [
      ['K-NORMAL', specimens.find((s) => s.type === 'blood_normal')!.id, GOOD_GERMLINE.meanCoverage],
      ['K-TUMOUR', specimens.find((s) => s.type !== 'blood_normal')!.id, GOOD_TUMOUR.meanCoverage],
    ]);

    // 20 MB: three 8 MiB hashing slices, so the progress is seen moving.
    const vcf = bigSomaticVcf('K-TUMOUR', 'K-NORMAL', 20 * 1024 * 1024);
    const path = join(dir.path, 'K-somatic.vcf');
    writeFileSync(path, vcf);
    const form = page.locator('form.upload-form');
    await form.locator('select[name=kind]').selectOption('somatic_vcf');
    await form.locator('select[name=caller]').selectOption('mutect2');
    assert.equal(await form.locator('input[name=runIds]:checked').count(), 2);
    await form.locator('input[type=file]').setInputFiles(path);
    // Every progress text the page shows, in order (a string: this file is not compiled with the DOM).
    await page.evaluate(`(() => {
      const seen = (window.progressSeen = []);
      new MutationObserver(() => {
        const text = document.querySelector('.upload-progress span')?.textContent;
        if (text && seen[seen.length - 1] !== text) seen.push(text);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    })()`);
    await form.locator('button[type=submit]').click();
    const row = page.locator('table.file-status tbody tr', { hasText: 'K-somatic.vcf' });
    await row.waitFor({ timeout: 60_000 });
    const seen = await page.evaluate<string[]>('window.progressSeen');
    assert.ok(seen.some((s) => /^SHA-256 を計算中：\d+%/.test(s) && !s.startsWith('SHA-256 を計算中：100%')), seen.join(' | '));
    assert.ok(seen.some((s) => s.startsWith('アップロード中：')), seen.join(' | '));
    // The server verified the browser's checksum against the bytes it received.
    assert.equal(await row.locator('code[title]').getAttribute('title'), sha256(vcf));
    assert.equal(await row.locator('.pipeline').textContent(), '処理待ち'); // QC passed; no ingest worker in this app
    await page.locator('.page-head .state', { hasText: 'QC合格' }).waitFor();
    await page.screenshot({ path: '/tmp/kiban-ui-lab-uploaded.png', fullPage: true });

    // The lab's case page shows no section it may not load.
    await page.goto(`${base}/cases/${caseId}`);
    await page.locator('h1', { hasText: caseId }).waitFor();
    await page.locator('#sequencing-title').waitFor();
    assert.equal(await page.locator('.alert-error').count(), 0);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the operator creates and revokes an API token, filters the audit log and verifies it', async () => {
    const { context, page, errors } = await open('operator');
    await page.getByRole('link', { name: 'API トークン' }).click();
    await page.locator('select[name=orgId]').selectOption('SEQ-A');
    await page.locator('select[name=role]').selectOption('lims_system');
    await page.locator('input[name=name]').fill('LIMS gateway');
    await page.getByRole('button', { name: 'トークンを作成' }).click();
    const token = (await page.locator('[data-testid=token-secret]').textContent())!;
    assert.match(token, /^kbn_/);
    await page.screenshot({ path: '/tmp/kiban-ui-operator-tokens.png', fullPage: true });
    const me = await t.app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } });
    assert.equal(me.json().principal, 'sequencing_company:lims_system');

    const row = page.locator('table.tokens tbody tr', { hasText: 'LIMS gateway' });
    await row.getByRole('button', { name: '失効' }).click();
    await row.getByRole('button', { name: '失効させる' }).click();
    await row.locator('td', { hasText: /^失効/ }).waitFor();
    const after = await t.app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } });
    assert.equal(after.statusCode, 401);

    await page.getByRole('link', { name: '監査ログ' }).click();
    await page.locator('input[name=action]').fill('token.');
    await page.getByRole('button', { name: '絞り込む' }).click();
    await page.waitForURL(/action=token\./);
    const actions = page.locator('table.audit-log tbody tr td:nth-child(4)');
    await page.waitForFunction("document.querySelectorAll('table.audit-log tbody tr').length === 2");
    assert.deepEqual(await actions.allTextContents(), ['token.revoke', 'token.create']);
    assert.deepEqual(await page.locator('table.audit-log tbody tr td:nth-child(3) code').allTextContents(), ['operator', 'operator']);

    await page.getByRole('button', { name: 'ハッシュチェーンを検証' }).click();
    const verdict = page.locator('[data-verify]');
    await verdict.waitFor();
    assert.equal(await verdict.getAttribute('data-verify'), 'ok');
    const [count] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log');
    assert.match((await verdict.textContent())!, new RegExp(`^監査ログは改ざんされていません：${count!.n.toLocaleString('ja-JP')} 件を`));
    await page.screenshot({ path: '/tmp/kiban-ui-operator-audit.png', fullPage: true });

    // A case page shows the operator what it may see, without FORBIDDEN boxes for the rest.
    const [someCase] = await t.db.query<{ id: string }>('SELECT id FROM cases ORDER BY id LIMIT 1');
    await page.goto(`${base}/cases/${someCase!.id}`);
    await page.locator('h1', { hasText: someCase!.id }).waitFor();
    await page.locator('.timeline, section.card >> nth=2').first().waitFor();
    await page.waitForTimeout(500);
    assert.equal(await page.locator('.alert-error').count(), 0);
    assert.equal(await page.locator('#sequencing-title').count(), 0);
    assert.equal(await page.locator('h2', { hasText: '次の手続き' }).count(), 0, 'the operator moves no case');
    assert.deepEqual(errors, []);
    await context.close();
  });

  /** The whole stack as a user of `user` would call it; fails on any answer but 2xx. */
  async function api(user: string, method: 'GET' | 'POST', url: string, payload?: object) {
    const res = await t.app.inject({ method, url: `/api${url}`, headers: await t.login(user), ...(payload ? { payload } : {}) });
    assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  }

  test('the hospital sees the damaged specimen with the lab\'s note and collects it again', async () => {
    const created = await api('clinician', 'POST', '/cases', cancerCaseBody(`RECOLLECT-${process.pid}`));
    const caseId = created.id as string;
    const proband = created.members[0].participantId as string;
    const tumour = await api('clinician', 'POST', `/cases/${caseId}/specimens`, { participantId: proband, type: 'tumour_ffpe', barcode: `RC-${process.pid}-T`, collectedAt: '2026-01-10T09:00:00Z' });
    const blood = await api('clinician', 'POST', `/cases/${caseId}/specimens`, { participantId: proband, type: 'blood_normal', barcode: `RC-${process.pid}-N`, collectedAt: '2026-01-10T09:00:00Z' });
    const shipment = await api('clinician', 'POST', '/shipments', { toOrgId: 'SEQ-A', specimenIds: [tumour.id, blood.id] });
    await api('clinician', 'POST', `/shipments/${shipment.id}/dispatch`);
    await api('lab', 'POST', `/shipments/${shipment.id}/receive`, {
      items: [{ specimenId: tumour.id, result: 'damaged', note: 'FFPE block cracked in transit' }, { specimenId: blood.id, result: 'ok' }],
    });

    const { context, page, errors } = await open('clinician');
    await page.goto(`${base}/cases/${caseId}`);
    await page.locator('.page-head .state', { hasText: '検体再採取依頼' }).waitFor();
    const notice = page.locator('.alert.recollection');
    await notice.waitFor();
    assert.equal(await notice.locator('strong').textContent(), 'シークエンス企業が次の検体を受け入れられませんでした。再採取をお願いします。');
    assert.match((await notice.locator('li').textContent())!, new RegExp(`^RC-${process.pid}-T（腫瘍（FFPE））：破損（ゲノムシークエンス株式会社（デモ）、\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2} 検品）FFPE block cracked in transit$`));
    // The stage's clock: the case has its target for re-collection.
    assert.match((await page.locator('.summary dd', { hasText: '日' }).last().textContent())!, /（目標 14日）/);
    await page.screenshot({ path: '/tmp/kiban-ui-hospital-recollection.png', fullPage: true });

    // A new tumour specimen, recorded on the case page.
    const form = page.locator('form', { has: page.locator('input[name=barcode]') });
    await form.locator('select[name=participantId]').selectOption(proband);
    await form.locator('select[name=type]').selectOption('tumour_ffpe');
    await form.locator('input[name=barcode]').fill(`RC-${process.pid}-T2`);
    await form.locator('button[type=submit]').click();
    await page.locator('.page-head .state', { hasText: '検体採取済' }).waitFor();
    assert.equal(await page.locator('.alert.recollection').count(), 0);
    const rows = await page.locator('section.card', { has: page.locator('h2', { hasText: '検体' }) }).locator('tbody tr td:first-child').allTextContents();
    assert.deepEqual(rows, [`RC-${process.pid}-T`, `RC-${process.pid}-N`, `RC-${process.pid}-T2`]);

    // Its shipment's check moves the case on to received.
    const again = (await api('clinician', 'GET', `/cases/${caseId}/specimens`)).items.find((x: { barcode: string }) => x.barcode.endsWith('-T2'));
    const second = await api('clinician', 'POST', '/shipments', { toOrgId: 'SEQ-A', specimenIds: [again.id] });
    await api('clinician', 'POST', `/shipments/${second.id}/dispatch`);
    await api('lab', 'POST', `/shipments/${second.id}/receive`, { items: [{ specimenId: again.id, result: 'ok' }] });
    await page.reload();
    await page.locator('.page-head .state', { hasText: 'シークエンス企業受領' }).waitFor();
    const moves = (await api('clinician', 'GET', `/cases/${caseId}`)).events.map((e: { toState: string }) => e.toState);
    assert.deepEqual(moves.slice(-5), ['shipped', 'recollection_requested', 'specimen_collected', 'shipped', 'received']);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
