import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { GOOD_GERMLINE, receivedCase, runBody, upload, withSecondSample } from '../src/intake/test-fixtures.js';
import { trioCaseBody } from '../src/registry/testing.js';
import { openPipelineApp, type PipelineTestApp } from '../src/testing/pipeline-app.js';
import { dbKinds, scratchDir } from '../src/testing/test-db.js';
import { enqueueIngest, getIngest } from '../src/variant-store/index.js';
import { germlineVcf, writeVcf } from '../src/variant-store/testing/index.js';

/**
 * After a withdrawal nothing new is collected, shipped, sequenced, ingested or analysed for the
 * participant, whichever route asks (UI session, API token, job): 409 PARTICIPANT_WITHDRAWN from
 * the services. A withdrawn mother's trio goes on without her, and the case says so.
 */
for (const kind of dbKinds()) {
  describe(`nothing new after a withdrawal on ${kind.name}`, { skip: kind.skip }, () => {
    const dir = scratchDir('kiban-withdrawal-writes');
    let t: PipelineTestApp;

    before(async () => {
      t = await openPipelineApp(kind.name, dir.path);
    });
    after(async () => {
      await t?.close().catch(() => undefined);
      dir.remove();
    });

    const as = async (user: string, method: 'GET' | 'POST', url: string, payload?: object) =>
      t.app.inject({ method, url: `/api${url}`, headers: await t.login(user), ...(payload ? { payload } : {}) });
    const withdraw = async (pid: string) => assert.equal((await as('clinician', 'POST', `/participants/${pid}/consents/withdraw`, { effectiveOn: '2026-01-20' })).statusCode, 201);
    const refused = (res: { statusCode: number; json(): { error: { code: string; kind: string; message: string; details: unknown } } }, message: string, pid: string) => {
      assert.equal(res.statusCode, 409);
      assert.deepEqual(res.json().error, {
        code: 'PARTICIPANT_WITHDRAWN', kind: 'conflict', message: `${message}: participant ${pid} withdrew consent; their data are no longer used and nothing new is recorded`,
        details: { participantId: pid },
      });
    };
    const specimenCount = async () => Number((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM specimens'))[0]!.n);

    test('a withdrawn mother gives no new specimen, her collected one is not shipped; the proband goes on and the case says so', async () => {
      const c = (await as('clinician', 'POST', '/cases', trioCaseBody('WD-SPEC'))).json() as { id: string; members: Array<{ participantId: string }> };
      const [proband, mother] = [c.members[0]!.participantId, c.members[1]!.participantId];
      const blood = (body: object) => as('clinician', 'POST', `/cases/${c.id}/specimens`, { collectedAt: '2026-01-10T09:00:00Z', ...body });
      const early = (await blood({ participantId: mother, type: 'family_blood', barcode: 'WD-SPEC-M1' })).json().id as string;
      await withdraw(mother);

      const before = await specimenCount();
      refused(await blood({ participantId: mother, type: 'family_blood', barcode: 'WD-SPEC-M2' }), `case ${c.id}`, mother);
      // The same through the hospital EHR's API token: the guard is in the service, not the route.
      const token = (await as('operator', 'POST', '/admin/tokens', { orgId: 'H-TOKYO', name: 'EHR', role: 'ehr_system' })).json().token as string;
      refused(await t.app.inject({
        method: 'POST', url: `/api/cases/${c.id}/specimens`, headers: { authorization: `Bearer ${token}` },
        payload: { participantId: mother, type: 'family_blood', barcode: 'WD-SPEC-M3', collectedAt: '2026-01-10T09:00:00Z' },
      }), `case ${c.id}`, mother);
      assert.equal(await specimenCount(), before, 'nothing stored');
      refused(await as('clinician', 'POST', '/shipments', { toOrgId: 'SEQ-A', specimenIds: [early] }), `specimen ${early}`, mother);

      const p = await blood({ participantId: proband, type: 'blood_normal', barcode: 'WD-SPEC-P1' });
      assert.equal(p.statusCode, 201, p.body);
      const shipment = await as('clinician', 'POST', '/shipments', { toOrgId: 'SEQ-A', specimenIds: [p.json().id] });
      assert.equal(shipment.statusCode, 201, shipment.body);
      const detail = (await as('clinician', 'GET', `/cases/${c.id}`)).json();
      assert.equal(detail.state, 'specimen_collected');
      assert.deepEqual(detail.withdrawnMembers.map((m: { participantId: string; relationship: string }) => [m.participantId, m.relationship]), [[mother, 'mother']]);
      const offered = (await as('clinician', 'GET', '/specimens?shippable=true&limit=500')).json().items.map((s: { id: string }) => s.id);
      assert.ok(!offered.includes(early), 'her specimen is not offered for shipment');

      // Nor is she enrolled again as the mother in a sibling's case.
      const sibling = trioCaseBody('WD-SPEC-SIB');
      sibling.family![0]!.hospitalPatientId = 'WD-SPEC-M';
      const cases = async () => (await t.db.query('SELECT id FROM cases')).length;
      const n = await cases();
      const again = await as('clinician', 'POST', '/cases', sibling);
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().error.code, 'PARTICIPANT_WITHDRAWN');
      assert.equal(again.json().error.details.participantId, mother);
      assert.equal(await cases(), n, 'the whole registration rolled back');
    });

    test('a withdrawn mother is not sequenced or uploaded; the file of the proband alone is accepted', async () => {
      const { caseId, specimens } = await receivedCase(t, 'rare_disease');
      const p = specimens.find((s) => s.type === 'blood_normal')!;
      const m = specimens.find((s) => s.type === 'family_blood')!;
      const r1 = (await as('lab', 'POST', `/cases/${caseId}/sequencing-runs`, runBody(p.id, 'NA1', GOOD_GERMLINE))).json().id as string;
      const r2 = (await as('lab', 'POST', `/cases/${caseId}/sequencing-runs`, runBody(m.id, 'NA2', GOOD_GERMLINE))).json().id as string;
      await withdraw(m.participantId);

      refused(await as('lab', 'POST', `/cases/${caseId}/sequencing-runs`, runBody(m.id, 'NA2B', GOOD_GERMLINE)), `specimen ${m.id}`, m.participantId);
      const trio = `${withSecondSample(germlineVcf('NA1'), 'NA2').join('\n')}\n`;
      const files = async () => (await t.db.query('SELECT id FROM result_files WHERE case_id = $1', [caseId])).length;
      refused(await upload(t, 'lab', caseId, trio, { kind: 'germline_vcf', runIds: `${r1},${r2}`, fileName: 'trio.vcf' }, { contentType: 'text/vcf' }),
        `run ${r2}`, m.participantId);
      assert.equal(await files(), 0, 'nothing stored');
      const alone = await upload(t, 'lab', caseId, `${germlineVcf('NA1').join('\n')}\n`, { kind: 'germline_vcf', runIds: r1, fileName: 'NA1.vcf' }, { contentType: 'text/vcf' });
      assert.equal(alone.statusCode, 201, alone.body);
      assert.equal(alone.json().caseState, 'qc_passed');
    });

    test('an ingest job for a sample whose participant withdrew after the upload fails with PARTICIPANT_WITHDRAWN and loads nothing', async () => {
      const { caseId, specimens } = await receivedCase(t, 'rare_disease');
      const m = specimens.find((s) => s.type === 'family_blood')!;
      const run = (await as('lab', 'POST', `/cases/${caseId}/sequencing-runs`, runBody(m.id, 'NA2', GOOD_GERMLINE))).json().id as string;
      await withdraw(m.participantId);
      const file = writeVcf(dir.path, 'late.vcf', germlineVcf('NA2'));
      await enqueueIngest({ db: t.db, queue: t.queue }, { sampleId: run, path: file.path, sha256: file.sha256 });
      let row = await getIngest(t.db, run, file.sha256);
      for (let i = 0; i < 120 && row?.status !== 'failed' && row?.status !== 'loaded'; i++) {
        await new Promise((r) => setTimeout(r, 250));
        row = await getIngest(t.db, run, file.sha256);
      }
      assert.equal(row?.status, 'failed');
      assert.equal((row?.error as { code: string } | null)?.code, 'PARTICIPANT_WITHDRAWN');
      assert.equal(await t.store.getSample(run), undefined, 'nothing in the variant store');
    });
  });
}
