import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { germlineVcf } from '../src/variant-store/testing/index.js';
import { GOOD_GERMLINE, receivedCase, runBody, upload } from '../src/intake/test-fixtures.js';
import { openPipelineApp } from '../src/testing/pipeline-app.js';
import { dbKinds, scratchDir } from '../src/testing/test-db.js';
import type { TestApp } from '../src/testing/test-app.js';

/**
 * A file whose ingest fails must not leave the case stuck (issue 8): the sequencing company sees
 * the failure (without server paths) and uploads a corrected file in its place while the case stays
 * at qc_passed, and the analyst cannot call the case analysed until every sample is loaded.
 */
for (const kind of dbKinds()) {
  describe(`a failed ingest and its replacement on ${kind.name}`, { skip: kind.skip }, () => {
    const dir = scratchDir('kiban-ingest-failure');
    let t: TestApp;

    before(async () => {
      t = await openPipelineApp(kind.name, dir.path);
    });
    after(async () => {
      await t?.close().catch(() => undefined);
      dir.remove();
    });

    const sequencing = async (caseId: string, user = 'lab') =>
      (await t.app.inject({ url: `/api/cases/${caseId}/sequencing`, headers: await t.login(user) })).json() as {
        state: string; files: Array<Record<string, unknown>>;
      };
    async function fileSettles(caseId: string, fileId: string): Promise<Record<string, unknown>> {
      for (let i = 0; i < 160; i++) {
        const f = (await sequencing(caseId)).files.find((x) => x.id === fileId)!;
        if (f.pipelineStatus === 'loaded' || f.pipelineStatus === 'failed') return f;
        await new Promise((r) => setTimeout(r, 250));
      }
      throw new Error(`file ${fileId} did not settle`);
    }
    const analyse = async (caseId: string) =>
      t.app.inject({ method: 'POST', url: `/api/cases/${caseId}/transitions`, headers: await t.login('analyst'), payload: { to: 'analysed' } });

    test('refused with file:line: CHROM, shown without server paths; analysed refused; a replacement loads and unblocks the case', async () => {
      const { caseId, specimens } = await receivedCase(t, 'rare_disease');
      const proband = specimens.find((s) => s.type === 'blood_normal')!;
      const run = await t.app.inject({ method: 'POST', url: `/api/cases/${caseId}/sequencing-runs`, headers: await t.login('lab'),
        payload: runBody(proband.id, 'NA1', GOOD_GERMLINE) });
      const runId = run.json().id as string;
      const good = germlineVcf('NA1');
      const bad = [...good, 'chrUn_typo\t5\t.\tA\tG\t50\tPASS\t.\tGT:AD:DP:GQ\t0/1:5,5:10:20'];
      const first = await upload(t, 'lab', caseId, `${bad.join('\n')}\n`, { kind: 'germline_vcf', runIds: runId, fileName: 'NA1.vcf' }, { contentType: 'text/vcf' });
      assert.equal(first.statusCode, 201, first.body);
      assert.equal(first.json().caseState, 'qc_passed');
      const failedId = first.json().file.id as string;

      const failed = await fileSettles(caseId, failedId);
      assert.deepEqual(
        { status: failed.pipelineStatus, error: failed.pipelineError, replaceable: failed.replaceable },
        { status: 'failed', error: `NA1.vcf:${bad.length}: CHROM: "chrUn_typo" is in neither the VCF header's ##contig lines nor the reference`, replaceable: true },
      );
      assert.equal(String(failed.pipelineError).includes(dir.path), false);

      const refused = await analyse(caseId);
      assert.equal(refused.statusCode, 409);
      assert.deepEqual(refused.json().error, {
        code: 'SAMPLES_NOT_LOADED', kind: 'conflict',
        message: `case ${caseId} cannot be analysed until every sample is loaded: ${runId} of NA1.vcf is failed`,
        details: { caseId, samples: [{ sampleId: runId, fileName: 'NA1.vcf', status: 'failed' }] },
      });

      // an ordinary upload is still refused at qc_passed; one that names the failed file is not
      const plain = await upload(t, 'lab', caseId, `${good.join('\n')}\n`, { kind: 'germline_vcf', runIds: runId, fileName: 'NA1-fixed.vcf' }, { contentType: 'text/vcf' });
      assert.equal(plain.statusCode, 409);
      assert.equal(plain.json().error.code, 'CASE_STATE');
      const replacement = await upload(t, 'lab', caseId, `${good.join('\n')}\n`,
        { kind: 'germline_vcf', runIds: runId, fileName: 'NA1-fixed.vcf', replacesFileId: failedId }, { contentType: 'text/vcf' });
      assert.equal(replacement.statusCode, 201, replacement.body);
      assert.equal(replacement.json().caseState, 'qc_passed');
      assert.equal(replacement.json().file.replacesFileId, failedId);
      const loaded = await fileSettles(caseId, replacement.json().file.id as string);
      assert.equal(loaded.pipelineStatus, 'loaded');
      const old = (await sequencing(caseId)).files.find((f) => f.id === failedId)!;
      assert.deepEqual([old.pipelineStatus, old.replaceable, old.replacedByFileId], ['replaced', false, replacement.json().file.id]);

      const again = await upload(t, 'lab', caseId, `${good.join('\n')}\n`,
        { kind: 'germline_vcf', runIds: runId, fileName: 'NA1-again.vcf', replacesFileId: failedId }, { contentType: 'text/vcf' });
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().error.code, 'FILE_NOT_REPLACEABLE');

      const ok = await analyse(caseId);
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(ok.json().state, 'analysed');
    });
  });
}

describe('errors shown to callers name the uploaded file, not the server path', () => {
  test('withoutServerPath', async () => {
    const { withoutServerPath } = await import('../src/intake/pipeline.js');
    const path = '/srv/kiban/objects/sha256/a2/a2c4e6f8a2c4e6f8a2c4e6f8a2c4e6f8a2c4e6f8a2c4e6f8a2c4e6f8a2c4e6f8';
    assert.equal(withoutServerPath(`${path}:6979: gzip: truncated input`, path, 'tumour.vcf.gz'), 'tumour.vcf.gz:6979: gzip: truncated input');
    assert.equal(withoutServerPath('a2c4e6f8a2c4e6f8a2c4e6f8a2c4e6f8a2c4e6f8a2c4e6f8a2c4e6f8a2c4e6f8:12: CHROM: x', path, 'tumour.vcf.gz'), 'tumour.vcf.gz:12: CHROM: x');
    // a path recorded under another data directory (moved since) is still not shown
    assert.equal(withoutServerPath('/old/dir/objects/sha256/ff/ffee: no such file', path, 'tumour.vcf.gz'), 'tumour.vcf.gz: no such file');
  });
});
