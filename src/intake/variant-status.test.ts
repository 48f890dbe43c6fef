import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dbKinds } from '../testing/test-db.js';
import { openTestApp, type TestApp } from '../testing/test-app.js';
import { GOOD_GERMLINE, germlineVcf, receivedCase, runBody, sha256, upload } from './test-fixtures.js';

// The analyst's desk asks which cases' QC-passed data are loaded in the variant store.
for (const kind of dbKinds()) {
  describe(`GET /variant-status on ${kind.name}`, { skip: kind.skip }, () => {
    let t: TestApp;
    before(async () => (t = await openTestApp(kind.name)));
    after(() => t?.close());

    const status = async (user: string, caseIds: string) => t.app.inject({ url: `/api/variant-status?caseIds=${caseIds}`, headers: await t.login(user) });

    test('a QC-passed file is in progress until the variant store has loaded it; cases without data are not listed', async () => {
      const { caseId, specimens } = await receivedCase(t, 'rare_disease');
      const empty = await receivedCase(t, 'rare_disease');
      const proband = specimens.find((s) => s.type === 'blood_normal')!;
      const run = (await t.app.inject({ method: 'POST', url: `/api/cases/${caseId}/sequencing-runs`, headers: await t.login('lab'), payload: runBody(proband.id, 'NA1', GOOD_GERMLINE) })).json();
      const vcf = germlineVcf(['NA1']);
      const up = await upload(t, 'lab', caseId, vcf, { kind: 'germline_vcf', runIds: run.id, fileName: 'NA1.vcf' }, { contentType: 'text/vcf' });
      assert.equal(up.json().caseState, 'qc_passed', up.body);

      const before = await status('analyst', `${caseId},${empty.caseId}`);
      assert.equal(before.statusCode, 200);
      assert.deepEqual(before.json(), { items: [{ caseId, loaded: 0, inProgress: 1, failed: 0 }] });

      // What the ingest worker records when the sample is in the variant store.
      await t.db.query(
        "INSERT INTO variant_ingests (sample_id, file_sha256, file_path, kind, status) VALUES ($1, $2, 'x', 'germline', 'loaded')", [run.id, sha256(vcf)],
      );
      assert.deepEqual((await status('manager', caseId)).json(), { items: [{ caseId, loaded: 1, inProgress: 0, failed: 0 }] });
    });

    test('only the data center and central management may ask; a malformed list is a 400', async () => {
      assert.equal((await status('clinician', 'K-000001')).statusCode, 403);
      const bad = await status('analyst', 'K-1,,K-2');
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.details.field, 'querystring.caseIds');
    });
  });
}
