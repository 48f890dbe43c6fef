import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { JobQueue } from '../jobs/queue.js';
import { assertSampleInUse } from '../intake/index.js';
import { GOOD_GERMLINE, receivedCase, runBody, upload } from '../intake/test-fixtures.js';
import { dbKinds, scratchDir } from '../testing/test-db.js';
import { openTestApp, type TestApp } from '../testing/test-app.js';
import { DuckDbVariantStore, startIngestWorkers } from '../variant-store/index.js';
import { toyReference } from '../variant-store/testing/index.js';
import { HEADER } from '../variant-store/testing/fixtures.js';
import { interpretAfterIngest, startInterpretationWorkers } from './index.js';
import { toyKnowledge } from './testing.js';

/**
 * Interpretation inside the platform, through the real stack: HPO terms set over HTTP, a trio's
 * joint VCF uploaded, QC, ingest of each member into the variant store, the ingest hook queuing
 * the case's interpretation, the worker running it only once all three samples are loaded, and
 * the analyst reading the ranked, explained list with every criterion's evidence.
 */

/** Proband PB, mother MO, father FA: a de novo missense in GENEA (ClinVar pathogenic), an inherited intergenic SNV. */
function trioVcf(): string {
  return [
    ...HEADER,
    '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tPB\tMO\tFA',
    'chrT\t2\t.\tG\tC\t50\tPASS\t.\tGT:AD:DP:GQ\t0/1:20,10:30:99\t0/0:30,0:30:99\t0/0:28,0:28:99',
    'chrT\t20\t.\tA\tT\t50\tPASS\t.\tGT:AD:DP:GQ\t0/1:15,15:30:99\t0/1:14,16:30:99\t0/0:30,0:30:99',
    '',
  ].join('\n');
}

for (const kind of dbKinds()) {
  describe(`interpretation in the platform on ${kind.name}`, { skip: kind.skip }, () => {
    const dir = scratchDir('kiban-interpretation');
    let t: TestApp;
    let queue: JobQueue;
    let store: DuckDbVariantStore;
    let caseId = '';

    before(async () => {
      const knowledge = await toyKnowledge(dir.path);
      t = await openTestApp(kind.name, { dataDir: dir.path }, {
        knowledge,
        variants: async (db) => {
          queue = await JobQueue.start(db, { maintenanceIntervalSeconds: 1, pollingIntervalSeconds: 0.5 });
          store = await DuckDbVariantStore.open({ path: join(dir.path, 'variants.duckdb') });
          await startInterpretationWorkers({ db, variants: store, knowledge, queue });
          await startIngestWorkers({ db, store, reference: toyReference(), queue, sampleInUse: (id) => assertSampleInUse(db, id), onLoaded: interpretAfterIngest({ db, queue }) });
          return { store, queue };
        },
      });
    });
    after(async () => {
      await queue?.stop(false);
      await t?.close().catch(() => undefined);
      await store?.close();
      dir.remove();
    });

    const call = async (user: string, method: 'GET' | 'PUT' | 'POST', url: string, payload?: object) =>
      t.app.inject({ method, url, headers: await t.login(user), ...(payload ? { payload } : {}) });

    test('HPO terms: set by the hospital, alternative ids resolved, unknown terms refused with nothing stored', async () => {
      ({ caseId } = await receivedCase(t, 'rare_disease'));
      const set = await call('clinician', 'PUT', `/api/cases/${caseId}/phenotype`, { terms: ['HP:0002373', 'HP:0007359'] });
      assert.equal(set.statusCode, 200, set.body);
      assert.deepEqual(set.json().terms, [
        { id: 'HP:0002373', label: 'Febrile seizure (within the age range of 3 months to 6 years)' }, { id: 'HP:0001250', label: 'Seizure' },
      ]);
      const bad = await call('clinician', 'PUT', `/api/cases/${caseId}/phenotype`, { terms: ['HP:0001250', 'HP:9999999'] });
      assert.equal(bad.statusCode, 400);
      assert.deepEqual(bad.json().error, { code: 'HPO_TERM_UNKNOWN', kind: 'invalid_input', message: 'terms: not in HPO 2099-01-01: HP:9999999', details: { field: 'body.terms' } });
      const read = await call('analyst', 'GET', `/api/cases/${caseId}/phenotype`);
      assert.deepEqual(read.json().terms.map((x: { id: string }) => x.id), ['HP:0002373', 'HP:0001250']);
      assert.equal((await call('clinician.osaka', 'GET', `/api/cases/${caseId}/phenotype`)).statusCode, 404);
    });

    test('after the trio is loaded the case has a ranked, explained list read from the variant store', async () => {
      const { specimens } = await receivedCase(t, 'rare_disease').then(async (c) => ({ ...c, caseId: (caseId = c.caseId) }));
      await call('clinician', 'PUT', `/api/cases/${caseId}/phenotype`, { terms: ['HP:0002373'] });
      const runs: string[] = [];
      for (const [i, s] of specimens.entries()) {
        const res = await call('lab', 'POST', `/api/cases/${caseId}/sequencing-runs`, runBody(s.id, ['PB', 'MO', 'FA'][i]!, GOOD_GERMLINE));
        runs.push(res.json().id as string);
      }
      const up = await upload(t, 'lab', caseId, trioVcf(), { kind: 'germline_vcf', runIds: runs.join(','), fileName: 'trio.vcf' }, { contentType: 'text/vcf' });
      assert.equal(up.json().caseState, 'qc_passed', up.body);

      let list: { notReady: string | null; items: Array<{ id: string; status: string; family: Array<{ sampleId: string }> }> } = { notReady: '', items: [] };
      for (let i = 0; i < 160 && !list.items.some((r) => r.status === 'completed'); i++) {
        await new Promise((r) => setTimeout(r, 250));
        list = (await call('analyst', 'GET', `/api/cases/${caseId}/interpretations`)).json();
      }
      assert.equal(list.notReady, null);
      // No run starts before all three samples are loaded: every run used the whole trio.
      assert.ok(list.items.length >= 1);
      for (const r of list.items) assert.deepEqual(r.family.map((m) => m.sampleId), runs);

      const detail = await call('analyst', 'GET', `/api/interpretations/${list.items.find((r) => r.status === 'completed')!.id}`);
      assert.equal(detail.statusCode, 200, detail.body);
      const body = detail.json();
      assert.deepEqual([body.run.hpoTerms, body.run.knowledge.curatedVersion, body.run.knowledge.demo], [['HP:0002373'], 0, false]);
      assert.deepEqual(body.candidates.map((c: Record<string, unknown>) => [c.rank, c.gene, c.mode, c.acmgClass]), [[1, 'GENEA', 'de_novo', 'Uncertain significance']]);
      const [c] = body.candidates;
      assert.equal(c.variants.length, 1);
      const v = c.variants[0];
      assert.deepEqual([v.chrom, v.pos1, v.ref, v.alt, v.genotype, v.clinvar, v.af], ['chrT', 2, 'G', 'C', '0/1', 'Pathogenic', 0.001]);
      assert.deepEqual(runs.map((r) => v.calls[r]), [{ gt: '0/1', depth: 30 }, { gt: '0/0' }, { gt: '0/0' }]);
      const pm6 = v.acmgCriteria.find((x: { code: string }) => x.code === 'PM6');
      assert.deepEqual([pm6.met, pm6.strength], [true, 'moderate']);
      assert.deepEqual(c.phenotype.matches.map((m: { query: string; mica: string }) => [m.query, m.mica]), [['HP:0002373', 'HP:0001250']]);
      assert.equal(c.explanation[0], 'de_novo: ' + c.explanation[0].slice('de_novo: '.length));

      const audit = await t.db.query<{ action: string }>("SELECT action FROM audit_log WHERE entity_id = $1 AND action LIKE 'interpretation.%' ORDER BY seq", [caseId]);
      assert.deepEqual([...new Set(audit.map((a) => a.action))].sort(), ['interpretation.read', 'interpretation.run', 'interpretation.runs.read']);
      assert.equal((await call('clinician', 'GET', `/api/interpretations/${body.run.id}`)).statusCode, 403);
    });

    test('a requested run adds a run; earlier runs are kept', async () => {
      const before = (await call('analyst', 'GET', `/api/cases/${caseId}/interpretations`)).json().items.length as number;
      const res = await call('analyst', 'POST', `/api/cases/${caseId}/interpretations`);
      assert.equal(res.statusCode, 202, res.body);
      let n = before;
      for (let i = 0; i < 120 && n === before; i++) {
        await new Promise((r) => setTimeout(r, 250));
        const items = (await call('analyst', 'GET', `/api/cases/${caseId}/interpretations`)).json().items as Array<{ status: string }>;
        n = items.filter((r) => r.status === 'completed').length;
      }
      assert.equal(n, before + 1);
    });
  });
}
