import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { dbKinds, scratchDir } from '../testing/test-db.js';
import { openTestApp, type TestApp } from '../testing/test-app.js';
import {
  GOOD_GERMLINE, GOOD_TUMOUR, germlineVcf, gz, mutect2Vcf, receivedCase, runBody, sha256, strelka2Vcf, upload, type ReceivedCase,
} from './test-fixtures.js';

/** Every file under a directory, relative, sorted (the object store's whole content). */
function filesUnder(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]).sort();
}

for (const kind of dbKinds()) {
  describe(`intake over HTTP (${kind.name})`, { skip: kind.skip }, () => {
    let t: TestApp;
    const data = scratchDir('kiban-intake');
    const objects = join(data.path, 'objects');
    before(async () => (t = await openTestApp(kind.name, { dataDir: data.path })));
    after(async () => {
      await t.close();
      data.remove();
    });

    const get = async (user: string, url: string) => t.app.inject({ method: 'GET', url, headers: await t.login(user) });
    const post = async (user: string, url: string, payload: object) => t.app.inject({ method: 'POST', url, headers: await t.login(user), payload });
    const caseState = async (id: string) => (await get('analyst', `/api/cases/${id}`)).json().state as string;
    const specimen = (c: ReceivedCase, type: string) => c.specimens.find((s) => s.type === type)!.id;

    async function registerRun(c: ReceivedCase, type: string, sampleName: string, qc: typeof GOOD_GERMLINE, extra = {}) {
      const res = await post('lab', `/api/cases/${c.caseId}/sequencing-runs`, runBody(specimen(c, type), sampleName, qc, extra));
      assert.equal(res.statusCode, 201, res.body);
      return res.json() as { id: string; qcStatus: string; specimenType: string };
    }

    test('cancer, gates pass: received → sequenced → data_received → qc_passed; files queued for the variant store', async () => {
      const c = await receivedCase(t, 'cancer');
      assert.equal(await caseState(c.caseId), 'received');
      const crai = { type: 'CRAI', uri: 's3://seq-a/K/tumour.cram.crai', sha256: 'a'.repeat(64) };
      const tumour = await registerRun(c, 'tumour_fresh_frozen', 'LIB-T1', GOOD_TUMOUR, {
        references: [{ type: 'CRAM', uri: 's3://seq-a/K/tumour.cram', sha256: 'c'.repeat(64), sizeBytes: 61_234_567_890 }, crai],
      });
      assert.deepEqual({ qcStatus: tumour.qcStatus, specimenType: tumour.specimenType }, { qcStatus: 'pending', specimenType: 'tumour_fresh_frozen' });
      assert.equal(await caseState(c.caseId), 'sequenced');
      const normal = await registerRun(c, 'blood_normal', 'LIB-N1', GOOD_GERMLINE);
      assert.equal(await caseState(c.caseId), 'sequenced', 'a second run does not move the case');

      // A supplementary germline VCF from the normal: stored, the case waits for the somatic VCF.
      const germline = gz(germlineVcf(['LIB-N1']));
      const g = await upload(t, 'lab', c.caseId, germline, { kind: 'germline_vcf', runIds: normal.id, fileName: 'normal.hard-filtered.vcf.gz' });
      assert.equal(g.statusCode, 201, g.body);
      assert.deepEqual({ state: g.json().caseState, evaluation: g.json().evaluation, status: g.json().file.pipelineStatus },
        { state: 'sequenced', evaluation: null, status: 'uploaded' });

      const vcf = gz(mutect2Vcf('LIB-T1', 'LIB-N1'));
      const res = await upload(t, 'lab', c.caseId, vcf, { kind: 'somatic_vcf', caller: 'mutect2', runIds: `${tumour.id},${normal.id}`, fileName: 'somatic.vcf.gz' });
      assert.equal(res.statusCode, 201, res.body);
      const body = res.json();
      assert.equal(body.caseState, 'qc_passed');
      assert.equal(body.evaluation.passed, true);
      assert.equal(body.evaluation.gates.length, 12);
      assert.equal(body.resequencingRequest, null);
      assert.deepEqual({ ...body.file, id: '', uploadedAt: '' }, {
        id: '', caseId: c.caseId, kind: 'somatic_vcf', caller: 'mutect2', fileName: 'somatic.vcf.gz', sha256: sha256(vcf), sizeBytes: vcf.length,
        compression: 'gzip', runIds: [tumour.id, normal.id],
        samples: [
          { vcfSample: 'LIB-N1', runId: normal.id, specimenId: specimen(c, 'blood_normal'), participantId: c.specimens[0]!.participantId, role: 'normal' },
          { vcfSample: 'LIB-T1', runId: tumour.id, specimenId: specimen(c, 'tumour_fresh_frozen'), participantId: c.specimens[0]!.participantId, role: 'tumour' },
        ],
        pipeline: { name: 'DRAGEN', version: '4.3.6' }, uploadedAt: '', pipelineStatus: 'queued', pipelineError: null, pipelineUpdatedAt: null,
        replaceable: false, replacesFileId: null, replacedByFileId: null,
      });
      // The object is stored by content, byte for byte.
      assert.deepEqual(readFileSync(join(objects, 'sha256', sha256(vcf).slice(0, 2), sha256(vcf))), vcf);

      // The platform made the two moves after upload, as the system actor.
      const events = (await get('analyst', `/api/cases/${c.caseId}`)).json().events as Array<{ fromState: string; toState: string; actorId: string | null }>;
      assert.deepEqual(events.slice(-3).map((e) => [e.fromState, e.toState, e.actorId === null]), [
        ['received', 'sequenced', false], ['sequenced', 'data_received', true], ['data_received', 'qc_passed', true],
      ]);
      const audit = await t.db.query<{ action: string; actor_kind: string }>(
        "SELECT action, actor_kind FROM audit_log WHERE entity_id = $1 AND action IN ('qc.evaluate', 'case.transition') ORDER BY seq", [c.caseId]);
      assert.deepEqual(audit.slice(-3), [
        { action: 'case.transition', actor_kind: 'system' }, { action: 'qc.evaluate', actor_kind: 'system' }, { action: 'case.transition', actor_kind: 'system' },
      ]);

      // The hospital sees its case's QC per gate, files with checksums and pipeline progress.
      const view = await get('clinician', `/api/cases/${c.caseId}/sequencing`);
      assert.equal(view.statusCode, 200, view.body);
      const seq = view.json();
      assert.equal(seq.state, 'qc_passed');
      assert.deepEqual(seq.runs.map((r: { id: string; qcStatus: string; gates: unknown[] }) => [r.id, r.qcStatus, r.gates.length]), [
        [tumour.id, 'passed', 6], [normal.id, 'passed', 6],
      ]);
      assert.deepEqual(seq.runs[0].gates[0], { metric: 'meanCoverage', value: 98.6, op: 'min', threshold: 80, passed: true });
      assert.deepEqual(seq.runs[0].references.map((r: { type: string; uri: string }) => `${r.type} ${r.uri}`),
        ['CRAM s3://seq-a/K/tumour.cram', 'CRAI s3://seq-a/K/tumour.cram.crai']);
      assert.deepEqual(seq.files.map((f: { kind: string; pipelineStatus: string; sha256: string }) => [f.kind, f.pipelineStatus, f.sha256]), [
        ['germline_vcf', 'queued', sha256(germline)], ['somatic_vcf', 'queued', sha256(vcf)],
      ]);
      const reads = await t.db.query("SELECT 1 FROM audit_log WHERE action = 'sequencing.read' AND entity_id = $1", [c.caseId]);
      assert.equal(reads.length, 1, 'the read is audited');
    });

    test('gates fail: qc_failed with exact reasons, a re-sequencing request for the lab, then a new run re-opens the case', async () => {
      const c = await receivedCase(t, 'cancer');
      const tumour = await registerRun(c, 'tumour_fresh_frozen', 'LIB-T1', { ...GOOD_TUMOUR, meanCoverage: 79.9, contaminationPct: 3.4 });
      const normal = await registerRun(c, 'blood_normal', 'LIB-N1', GOOD_GERMLINE);
      const vcf = strelka2Vcf();
      const res = await upload(t, 'lab', c.caseId, vcf, { kind: 'somatic_vcf', caller: 'strelka2', runIds: `${tumour.id},${normal.id}`, fileName: 'somatic.snvs.vcf' },
        { contentType: 'application/octet-stream' });
      assert.equal(res.statusCode, 201, res.body);
      const body = res.json();
      assert.equal(body.caseState, 'qc_failed');
      assert.equal(body.file.pipelineStatus, 'qc_failed');
      assert.equal(body.file.compression, 'none');
      assert.deepEqual(body.evaluation.gates.filter((g: { passed: boolean }) => !g.passed), [
        { runId: tumour.id, specimenId: specimen(c, 'tumour_fresh_frozen'), specimenType: 'tumour_fresh_frozen', metric: 'meanCoverage', value: 79.9, op: 'min', threshold: 80, passed: false },
        { runId: tumour.id, specimenId: specimen(c, 'tumour_fresh_frozen'), specimenType: 'tumour_fresh_frozen', metric: 'contaminationPct', value: 3.4, op: 'max', threshold: 3, passed: false },
      ]);
      assert.deepEqual(body.resequencingRequest.items, [{
        runId: tumour.id, specimenId: specimen(c, 'tumour_fresh_frozen'), specimenType: 'tumour_fresh_frozen',
        reasons: ['meanCoverage 79.9 < 80 (min)', 'contaminationPct 3.4 > 3 (max)'],
      }]);
      const events = (await get('clinician', `/api/cases/${c.caseId}`)).json().events as Array<{ toState: string; note: string }>;
      assert.equal(events.at(-1)!.toState, 'qc_failed');
      assert.match(events.at(-1)!.note, new RegExp(`${tumour.id} \\(tumour_fresh_frozen\\): meanCoverage 79.9 < 80 \\(min\\); contaminationPct 3.4 > 3 \\(max\\)`));

      const open = (await get('lab', '/api/resequencing-requests?status=open')).json();
      const mine = open.items.find((r: { caseId: string }) => r.caseId === c.caseId);
      assert.deepEqual({ id: mine.id, status: mine.status, seqOrgId: mine.seqOrgId }, { id: body.resequencingRequest.id, status: 'open', seqOrgId: 'SEQ-A' });

      // Re-sequencing from the stored specimen: qc_failed → sequenced, the request is fulfilled.
      const again = await registerRun(c, 'tumour_fresh_frozen', 'LIB-T2', GOOD_TUMOUR);
      assert.equal(await caseState(c.caseId), 'sequenced');
      const seq = (await get('lab', `/api/cases/${c.caseId}/sequencing`)).json();
      assert.deepEqual(seq.resequencingRequests.map((r: { status: string; fulfilledByRun: string }) => [r.status, r.fulfilledByRun]), [['fulfilled', again.id]]);
      assert.deepEqual(seq.runs.map((r: { qcStatus: string }) => r.qcStatus), ['failed', 'passed', 'pending']);

      const vcf2 = gz(mutect2Vcf('LIB-T2', 'LIB-N1'));
      const res2 = await upload(t, 'lab', c.caseId, vcf2, { kind: 'somatic_vcf', caller: 'mutect2', runIds: `${again.id},${normal.id}` });
      assert.equal(res2.statusCode, 201, res2.body);
      assert.equal(res2.json().caseState, 'qc_passed');
    });

    test('rare-disease trio: a joint germline VCF maps every member and passes', async () => {
      const c = await receivedCase(t, 'rare_disease');
      const runs = [];
      for (const [i, s] of c.specimens.entries()) {
        const res = await post('lab', `/api/cases/${c.caseId}/sequencing-runs`, runBody(s.id, `TRIO-${i}`, GOOD_GERMLINE));
        assert.equal(res.statusCode, 201, res.body);
        runs.push(res.json().id as string);
      }
      const gvcf = gz(germlineVcf(['TRIO-0'], { gvcf: true }));
      const g = await upload(t, 'lab', c.caseId, gvcf, { kind: 'germline_gvcf', runIds: runs[0]! });
      assert.equal(g.json().caseState, 'sequenced', g.body);
      const res = await upload(t, 'lab', c.caseId, gz(germlineVcf(['TRIO-0', 'TRIO-1', 'TRIO-2'])), { kind: 'germline_vcf', runIds: runs.join(',') });
      assert.equal(res.statusCode, 201, res.body);
      assert.deepEqual([res.json().caseState, res.json().evaluation.gates.length], ['qc_passed', 18]);
      assert.deepEqual(res.json().file.samples.map((s: { role: string; vcfSample: string }) => `${s.vcfSample}:${s.role}`), ['TRIO-0:germline', 'TRIO-1:germline', 'TRIO-2:germline']);
      const files = (await get('analyst', `/api/cases/${c.caseId}/sequencing`)).json().files;
      assert.deepEqual(files.map((f: { kind: string; pipelineStatus: string }) => [f.kind, f.pipelineStatus]), [['germline_gvcf', 'stored'], ['germline_vcf', 'queued']]);

      // The variant table joins case → samples here and asks the variant store by sample id.
      const table = await get('clinician', `/api/cases/${c.caseId}/variants?gene=BRAF,KRAS&impact=HIGH&maxAf=0.01`);
      assert.deepEqual([table.statusCode, table.json().error.code], [409, 'VARIANT_STORE_UNAVAILABLE']);
      // A consequence the annotation never emits is refused, not answered with an empty table.
      const typo = await get('clinician', `/api/cases/${c.caseId}/variants?consequence=missense_variant,missense`);
      assert.equal(typo.statusCode, 400);
      assert.deepEqual([typo.json().error.code, typo.json().error.details], ['INVALID_INPUT', { field: 'querystring.consequence', rule: 'pattern' }]);
      const known = await get('clinician', `/api/cases/${c.caseId}/variants?consequence=missense_variant,5_prime_UTR_variant`);
      assert.deepEqual([known.statusCode, known.json().error.code], [409, 'VARIANT_STORE_UNAVAILABLE']);
      const seen: unknown[] = [];
      const fake = { async sampleVariants(q: unknown) { seen.push(q); return { total: 0, rows: [] }; } };
      const { caseVariants } = await import('./variants.js');
      const { ctxFor } = await import('./test-fixtures.js');
      const out = await caseVariants({ db: t.db, variants: fake } as never, await ctxFor(t, 'clinician'), c.caseId,
        { gene: 'BRAF,KRAS', impact: 'HIGH,MODERATE', maxAf: 0.01, clinvar: 'pathogenic', sort: 'impact', order: 'desc', limit: 25, offset: 50 });
      assert.deepEqual(out.samples.map((x) => [x.sampleId, x.role, x.kind]), runs.map((r) => [r, 'germline', 'germline']));
      assert.deepEqual(seen, [{
        sampleId: runs[0], genes: ['BRAF', 'KRAS'], impacts: ['HIGH', 'MODERATE'], maxPopulationAf: 0.01, clinvar: ['pathogenic'],
        sort: 'impact', descending: true, limit: 25, offset: 50,
      }]);
    });

    test('checksum mismatch: 400 naming the header, no row, no object, the case stays sequenced', async () => {
      const c = await receivedCase(t, 'cancer');
      const tumour = await registerRun(c, 'tumour_fresh_frozen', 'LIB-T1', GOOD_TUMOUR);
      const normal = await registerRun(c, 'blood_normal', 'LIB-N1', GOOD_GERMLINE);
      const before = filesUnder(objects).filter((f) => !f.startsWith('tmp/'));
      const vcf = gz(mutect2Vcf('LIB-T1', 'LIB-N1'));
      const wrong = sha256('something else');
      const res = await upload(t, 'lab', c.caseId, vcf, { kind: 'somatic_vcf', caller: 'mutect2', runIds: `${tumour.id},${normal.id}` }, { sha: wrong });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(res.json(), { error: {
        code: 'CHECKSUM_MISMATCH', kind: 'invalid_input',
        message: `x-content-sha256: declared ${wrong} but the ${vcf.length} bytes received hash to ${sha256(vcf)}; nothing was stored`,
        details: { field: 'x-content-sha256', rule: 'sha256', declared: wrong, actual: sha256(vcf), sizeBytes: vcf.length },
      } });
      const rows = await t.db.query('SELECT id FROM result_files WHERE case_id = $1', [c.caseId]);
      assert.equal(rows.length, 0);
      assert.deepEqual(filesUnder(objects).filter((f) => !f.startsWith('tmp/')), before);
      assert.deepEqual(filesUnder(join(objects, 'tmp')), []);
      assert.equal(await caseState(c.caseId), 'sequenced');
    });

    test('a VCF whose samples do not match the declared runs: 400 and nothing kept', async () => {
      const c = await receivedCase(t, 'cancer');
      const tumour = await registerRun(c, 'tumour_fresh_frozen', 'LIB-T1', GOOD_TUMOUR);
      const normal = await registerRun(c, 'blood_normal', 'LIB-N1', GOOD_GERMLINE);
      const vcf = gz(mutect2Vcf('OTHER-T', 'LIB-N1'));
      const res = await upload(t, 'lab', c.caseId, vcf, { kind: 'somatic_vcf', caller: 'mutect2', runIds: `${tumour.id},${normal.id}` });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(res.json().error, {
        code: 'VCF_TUMOUR_SAMPLE', kind: 'invalid_input', message: `body: ##tumor_sample is OTHER-T; run ${tumour.id} has sample name LIB-T1`,
        details: { field: 'body', rule: 'vcf_samples' },
      });
      assert.equal(existsSync(join(objects, 'sha256', sha256(vcf).slice(0, 2), sha256(vcf))), false);
      assert.equal((await t.db.query('SELECT 1 FROM result_files WHERE case_id = $1', [c.caseId])).length, 0);
      const notVcf = await upload(t, 'lab', c.caseId, 'hello\n', { kind: 'germline_vcf', runIds: normal.id, fileName: 'x.vcf' }, { contentType: 'text/vcf' });
      assert.deepEqual([notVcf.statusCode, notVcf.json().error.code, notVcf.json().error.message],
        [400, 'VCF_NO_HEADER', 'x.vcf:1: header: missing ##fileformat line (not a VCF file?)']);
    });

    test('scoping: another sequencing company and another hospital get 404; a researcher 403', async () => {
      const c = await receivedCase(t, 'cancer');
      const tumour = await registerRun(c, 'tumour_fresh_frozen', 'LIB-T1', GOOD_TUMOUR);
      const otherLab = await otherSequencerHeaders(t);
      const view = await t.app.inject({ method: 'GET', url: `/api/cases/${c.caseId}/sequencing`, headers: otherLab });
      assert.deepEqual([view.statusCode, view.json().error.message], [404, `case ${c.caseId} not found`]);
      const run = await t.app.inject({ method: 'POST', url: `/api/cases/${c.caseId}/sequencing-runs`, headers: otherLab, payload: runBody(specimen(c, 'blood_normal'), 'X', GOOD_GERMLINE) });
      assert.equal(run.statusCode, 404);
      const refs = await t.app.inject({ method: 'POST', url: `/api/sequencing-runs/${tumour.id}/references`, headers: otherLab, payload: { items: [{ type: 'CRAM', uri: 's3://x/y.cram', sha256: 'b'.repeat(64) }] } });
      assert.deepEqual([refs.statusCode, refs.json().error.message], [404, `sequencing run ${tumour.id} not found`]);
      const list = await t.app.inject({ method: 'GET', url: '/api/sequencing-runs', headers: otherLab });
      assert.equal(list.json().items.some((r: { caseId: string }) => r.caseId === c.caseId), false);
      assert.equal((await get('clinician.osaka', `/api/cases/${c.caseId}/sequencing`)).statusCode, 404);
      assert.equal((await get('researcher', `/api/cases/${c.caseId}/sequencing`)).statusCode, 403);
      assert.equal((await get('manager', `/api/cases/${c.caseId}/sequencing`)).statusCode, 200);
      const byHospital = await post('clinician', `/api/cases/${c.caseId}/sequencing-runs`, runBody(specimen(c, 'blood_normal'), 'X', GOOD_GERMLINE));
      assert.equal(byHospital.statusCode, 403);
    });

    test('bad bodies: 400 naming the field', async () => {
      const c = await receivedCase(t, 'cancer');
      const sp = specimen(c, 'blood_normal');
      const noCoverage = runBody(sp, 'LIB-N1', GOOD_GERMLINE) as Record<string, unknown>;
      noCoverage.qc = { ...GOOD_GERMLINE, meanCoverage: undefined };
      const cases: Array<[object, string, string]> = [
        [noCoverage, 'body.qc.meanCoverage', "body.qc.meanCoverage: must have required property 'meanCoverage'"],
        [runBody(sp, 'LIB-N1', { ...GOOD_GERMLINE, q30Pct: 101 }), 'body.qc.q30Pct', 'body.qc.q30Pct: must be <= 100'],
        [runBody(sp, 'LIB N1', GOOD_GERMLINE), 'body.sampleName', 'body.sampleName: must match pattern "^[A-Za-z0-9._-]+$"'],
        [runBody(sp, 'LIB-N1', GOOD_GERMLINE, { references: [{ type: 'CRAM', uri: 's3://a/b.cram', sha256: 'XYZ' }] }), 'body.references.0.sha256',
          'body.references.0.sha256: must match pattern "^[0-9a-f]{64}$"'],
        [runBody('SP-NOPE', 'LIB-N1', GOOD_GERMLINE), 'specimenId', `specimenId: case ${c.caseId} has no specimen SP-NOPE`],
      ];
      for (const [payload, field, message] of cases) {
        const res = await post('lab', `/api/cases/${c.caseId}/sequencing-runs`, payload);
        assert.equal(res.statusCode, 400, `${field}: ${res.body}`);
        assert.deepEqual([res.json().error.details.field, res.json().error.message], [field, message]);
      }
      const noSha = await t.app.inject({
        method: 'POST', url: `/api/cases/${c.caseId}/result-files?kind=germline_vcf&runIds=SR-X&fileName=a.vcf`,
        headers: { ...(await t.login('lab')), 'content-type': 'application/octet-stream' }, payload: 'x',
      });
      assert.deepEqual([noSha.statusCode, noSha.json().error.details.field], [400, "headers.x-content-sha256"]);
      const badKind = await upload(t, 'lab', c.caseId, 'x', { kind: 'bam', runIds: 'SR-X' });
      assert.deepEqual([badKind.statusCode, badKind.json().error.details.field], [400, 'querystring.kind']);
      assert.equal(await caseState(c.caseId), 'received', 'nothing moved the case');
    });
  });
}

/** A user of the second demo sequencing company (SEQ-B), which received nothing. */
async function otherSequencerHeaders(t: TestApp): Promise<Record<string, string>> {
  const { createUser } = await import('../auth/index.js');
  const { DEMO_PASSWORD } = await import('../demo/accounts.js');
  const { sessionCookie } = await import('../testing/test-app.js');
  await createUser(t.db, 'system', { orgId: 'SEQ-B', username: 'lab.b', displayName: 'Lab B', role: 'lab_technician', password: DEMO_PASSWORD });
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'lab.b', password: DEMO_PASSWORD } });
  return { cookie: sessionCookie(res), 'x-csrf-token': res.json().csrfToken as string };
}
