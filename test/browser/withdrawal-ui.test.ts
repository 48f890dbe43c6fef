import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { chromiumSkip, ensureWebBuild, launchChromium, signIn, WEB_DIST } from './harness.js';
import { trioCaseBody } from '../../src/registry/testing.js';
import { openTestApp, type TestApp } from '../../src/testing/test-app.js';

// A trio whose mother withdrew consent, as the hospital clinician sees it: the case page says, in
// Japanese and in English, that no new specimen is taken from her and that the proband's analysis
// goes on without her data, and the specimen form no longer offers her.

describe('a withdrawn family member on the case page in Chromium', { skip: chromiumSkip }, () => {
  let t: TestApp;
  let browser: Browser;
  let base = '';

  before(async () => {
    ensureWebBuild();
    [t, browser] = await Promise.all([openTestApp('pglite', {}, { webDir: WEB_DIST }), launchChromium()]);
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  test('the case says the mother withdrew and the analysis goes on without her; she is not offered for a specimen', async () => {
    const headers = await t.login('clinician');
    const created = await t.app.inject({ method: 'POST', url: '/api/cases', headers, payload: trioCaseBody('UI-WD') });
    const { id: caseId, members } = created.json() as { id: string; members: Array<{ participantId: string }> };
    const [proband, mother, father] = members.map((m) => m.participantId);
    const withdrawn = await t.app.inject({ method: 'POST', url: `/api/participants/${mother}/consents/withdraw`, headers, payload: { effectiveOn: '2026-01-20' } });
    assert.equal(withdrawn.statusCode, 201, withdrawn.body);

    const context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await signIn(page, base, 'clinician');
    await page.goto(`${base}/cases/${caseId}`);
    const line = page.locator('[data-testid=withdrawn-member]');
    await line.waitFor();
    assert.equal(await line.textContent(),
      `母（${mother}）は同意を撤回しました。この方の新たな検体は受け付けず、発端者の解析はこの方のデータを除いて続けます。`);
    const options = await page.locator('select[name=participantId] option').evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value));
    assert.deepEqual(options, [proband, father]);

    await page.getByRole('button', { name: 'English' }).click();
    await page.locator('[data-testid=withdrawn-member]', { hasText: 'withdrew consent' }).waitFor();
    assert.equal(await line.textContent(),
      `Mother (${mother}) withdrew consent: no new specimen is taken from them, and the proband's analysis goes on without their data.`);
    await context.close();
  });
});
