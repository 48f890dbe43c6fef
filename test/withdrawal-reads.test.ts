import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { loadedTrioCase, type LoadedTrio } from '../src/intake/test-fixtures.js';
import { openPipelineApp } from '../src/testing/pipeline-app.js';
import { dbKinds, scratchDir } from '../src/testing/test-db.js';
import type { TestApp } from '../src/testing/test-app.js';
import { germlineVcf } from '../src/variant-store/testing/index.js';

/**
 * Withdrawal on every read path (issue 8, docs/consent-withdrawal.md). Three loaded trios: W, whose
 * proband withdraws (the whole case stops), M, whose mother withdraws (the case goes on without
 * her), and K, untouched. Every registered route must be in READS below: either a check that the
 * withdrawn participants' data are absent from what it returns, or the reason it returns none. A
 * new route fails the last test until it is classified.
 */
type Fixture = { t: TestApp; W: LoadedTrio; M: LoadedTrio; K: LoadedTrio };
type Check = (f: Fixture) => Promise<void>;
type Entry = { check: Check } | { exempt: string };

const get = async (f: Fixture, user: string, url: string): Promise<LightMyRequestResponse> =>
  f.t.app.inject({ url: `/api${url}`, headers: await f.t.login(user) });
const json = async (f: Fixture, user: string, url: string) => {
  const res = await get(f, user, url);
  assert.equal(res.statusCode, 200, `${user} GET ${url}: ${res.body}`);
  return res.json();
};
/** The withdrawn participants' ids and samples, none of which may appear in a response. */
const withdrawnIds = (f: Fixture) => [f.W.proband.participantId, f.W.proband.runId, f.W.mother.runId, f.M.mother.participantId, f.M.mother.runId];
const absent = (f: Fixture, body: string, what: string) => {
  for (const id of withdrawnIds(f)) assert.ok(!body.includes(id), `${what}: ${id} is withdrawn but present`);
};
const withdrawnError = (res: LightMyRequestResponse, participantId: string) => {
  assert.equal(res.statusCode, 409, res.body);
  assert.equal(res.json().error.code, 'PARTICIPANT_WITHDRAWN');
  assert.equal(res.json().error.details.participantId, participantId);
};

const NONE = 'returns no individual-level data';
const FHIR = 'clinical data received over FHIR: checked in src/clinical/withdrawal.test.ts';
const WRITE = 'a write: refusals after withdrawal are tested in test/withdrawal-writes.test.ts';

const READS: Record<string, Entry> = {
  'GET /api/docs': { exempt: NONE }, 'GET /api/docs/static/index.html': { exempt: NONE }, 'GET /api/docs/static/swagger-initializer.js': { exempt: NONE },
  'GET /api/docs/json': { exempt: NONE }, 'GET /api/docs/yaml': { exempt: NONE }, 'GET /api/docs/static/*': { exempt: NONE },
  'GET /api/health': { exempt: NONE }, 'POST /api/auth/login': { exempt: NONE }, 'POST /api/auth/logout': { exempt: NONE },
  'GET /api/auth/me': { exempt: NONE }, 'GET /api/organisations': { exempt: NONE }, 'GET /api/consent/documents': { exempt: NONE },
  'GET /api/qc-gates': { exempt: NONE },
  'POST /api/admin/organisations': { exempt: NONE }, 'GET /api/admin/users': { exempt: NONE }, 'POST /api/admin/users': { exempt: NONE },
  'POST /api/admin/users/:id/deactivate': { exempt: NONE }, 'POST /api/admin/users/:id/revoke-sessions': { exempt: NONE },
  'GET /api/admin/tokens': { exempt: NONE }, 'POST /api/admin/tokens': { exempt: NONE }, 'POST /api/admin/tokens/:id/revoke': { exempt: NONE },
  'GET /api/audit': { exempt: 'the audit log is kept as the law requires (who did what, including the withdrawal); operators only' },
  'GET /api/audit/verify': { exempt: NONE },
  'GET /fhir/R4/metadata': { exempt: NONE }, 'GET /fhir/R4/.well-known/smart-configuration': { exempt: NONE },
  'POST /fhir/R4/auth/token': { exempt: NONE }, 'POST /api/admin/smart-clients': { exempt: NONE },
  // FHIR data of a withdrawn participant (searches, reads, history, updates, creates, Bundles) and
  // the case's clinical record built from it: src/clinical/withdrawal.test.ts.
  'GET /fhir/R4/:type': { exempt: FHIR }, 'GET /fhir/R4/:type/:id': { exempt: FHIR }, 'GET /fhir/R4/:type/:id/_history': { exempt: FHIR },
  'GET /fhir/R4/:type/:id/_history/:vid': { exempt: FHIR }, 'POST /fhir/R4': { exempt: FHIR }, 'POST /fhir/R4/:type': { exempt: FHIR },
  'PUT /fhir/R4/:type': { exempt: FHIR }, 'PUT /fhir/R4/:type/:id': { exempt: FHIR }, 'GET /api/cases/:id/clinical-record': { exempt: FHIR },
  'GET /api/auth/permissions': { exempt: NONE }, 'POST /api/admin/users/:id/activate': { exempt: NONE },
  'GET /api/specimens/:id/custody': { exempt: 'the chain of custody of physical material is kept, so the hospital can have it returned or destroyed; no clinical data' },
  'GET /api/shipments': { exempt: 'shipping manifests are logistics records of physical material (specimen ids, barcodes), kept like custody' },
  'GET /api/shipments/:id': { exempt: 'shipping manifests are logistics records of physical material (specimen ids, barcodes), kept like custody' },
  'POST /api/cases': { exempt: WRITE }, 'POST /api/cases/:id/members': { exempt: WRITE }, 'POST /api/cases/:id/transitions': { exempt: WRITE },
  'POST /api/participants/:id/consents': { exempt: WRITE }, 'POST /api/participants/:id/consents/withdraw': { exempt: WRITE },
  'POST /api/cases/:id/specimens': { exempt: WRITE }, 'POST /api/shipments': { exempt: WRITE }, 'POST /api/shipments/:id/dispatch': { exempt: WRITE },
  'POST /api/shipments/:id/cancel': { exempt: WRITE }, 'POST /api/shipments/:id/receive': { exempt: WRITE },
  'POST /api/cases/:id/sequencing-runs': { exempt: WRITE }, 'POST /api/sequencing-runs/:id/references': { exempt: WRITE },
  'POST /api/cases/:id/result-files': { exempt: WRITE },

  'GET /api/variant-status': { check: async (f) => {
    const items = (await json(f, 'analyst', `/variant-status?caseIds=${f.W.caseId},${f.M.caseId},${f.K.caseId}`)).items as Array<{ caseId: string }>;
    assert.deepEqual(items.map((i) => i.caseId).sort(), [f.M.caseId, f.K.caseId].sort());
  } },
  'GET /api/cases': { check: async (f) => {
    for (const user of ['analyst', 'manager']) {
      const ids = (await json(f, user, '/cases?limit=500')).items.map((c: { id: string }) => c.id);
      assert.ok(!ids.includes(f.W.caseId) && ids.includes(f.M.caseId) && ids.includes(f.K.caseId), `${user}: ${ids.join(' ')}`);
    }
    const own = (await json(f, 'clinician', '/cases?limit=500')).items.find((c: { id: string }) => c.id === f.W.caseId);
    assert.deepEqual([own.state, own.diagnosisIcd10, own.diagnosisText, own.oncotreeCode], ['withdrawn', '', '', null], 'a tombstone for its hospital');
  } },
  'GET /api/cases/:id': { check: async (f) => {
    assert.equal((await get(f, 'analyst', `/cases/${f.W.caseId}`)).statusCode, 404);
    const tomb = await json(f, 'clinician', `/cases/${f.W.caseId}`);
    assert.equal(tomb.state, 'withdrawn');
    assert.equal(tomb.diagnosisText, '');
    assert.deepEqual(tomb.members.map((m: { birthYear: null; sex: string }) => [m.birthYear, m.sex]), [[null, 'unknown'], [null, 'unknown'], [null, 'unknown']]);
    assert.equal(tomb.members[0].consent.kind, 'withdrawal', 'the withdrawal record itself is shown');
    const m = await json(f, 'analyst', `/cases/${f.M.caseId}`);
    assert.deepEqual(m.withdrawnMembers.map((x: { participantId: string; relationship: string }) => [x.participantId, x.relationship]), [[f.M.mother.participantId, 'mother']]);
    const mother = m.members.find((x: { participantId: string }) => x.participantId === f.M.mother.participantId);
    assert.deepEqual([mother.birthYear, mother.sex, mother.consent.kind], [null, 'unknown', 'withdrawal']);
  } },
  'GET /api/management/summary': { check: async (f) => {
    const s = await json(f, 'manager', '/management/summary');
    const withdrawn = s.byState.filter((r: { state: string }) => r.state === 'withdrawn').reduce((n: number, r: { count: number }) => n + r.count, 0);
    assert.equal(withdrawn, 1, 'case W counts only as a withdrawal (the record of it), in no working state');
    assert.equal(s.total, 3);
  } },
  'GET /api/management/tat': { check: async (f) => {
    const stages = (await json(f, 'manager', '/management/tat')).stages as Array<{ from: string; to: string; n: number }>;
    assert.equal(stages.find((s) => s.from === 'consented' && s.to === 'specimen_collected')?.n, 2, 'the timelines of M and K, not W');
  } },
  'GET /api/management/delayed': { check: async (f) => {
    const ids = (await json(f, 'manager', '/management/delayed?limit=500')).items.map((d: { caseId: string }) => d.caseId);
    assert.ok(!ids.includes(f.W.caseId), ids.join(' '));
  } },
  'GET /api/participants/:id/consents': { check: async (f) => {
    assert.equal((await get(f, 'analyst', `/participants/${f.W.proband.participantId}/consents`)).statusCode, 404);
    const own = await json(f, 'clinician', `/participants/${f.W.proband.participantId}/consents`);
    assert.deepEqual(own.items.map((r: { kind: string }) => r.kind), ['consent', 'withdrawal'], 'its hospital keeps the record of the withdrawal');
  } },
  'GET /api/cases/:id/specimens': { check: async (f) => {
    withdrawnError(await get(f, 'clinician', `/cases/${f.W.caseId}/specimens`), f.W.proband.participantId);
    assert.equal((await get(f, 'analyst', `/cases/${f.W.caseId}/specimens`)).statusCode, 404);
    const m = (await json(f, 'analyst', `/cases/${f.M.caseId}/specimens`)).items as unknown[];
    assert.equal(m.length, 2, 'proband and father; not the mother');
    absent(f, JSON.stringify(m), 'case M specimens');
  } },
  'GET /api/specimens': { check: async (f) => {
    for (const user of ['clinician', 'analyst']) {
      const body = await json(f, user, '/specimens?limit=500');
      absent(f, JSON.stringify(body), `${user} specimens`);
      assert.ok(!body.items.some((s: { caseId: string }) => s.caseId === f.W.caseId));
    }
  } },
  'GET /api/cases/:id/sequencing': { check: async (f) => {
    withdrawnError(await get(f, 'clinician', `/cases/${f.W.caseId}/sequencing`), f.W.proband.participantId);
    assert.equal((await get(f, 'lab', `/cases/${f.W.caseId}/sequencing`)).statusCode, 404);
    const m = await json(f, 'analyst', `/cases/${f.M.caseId}/sequencing`);
    assert.deepEqual(m.runs.map((r: { id: string }) => r.id), [f.M.proband.runId]);
  } },
  'GET /api/sequencing-runs': { check: async (f) => {
    for (const user of ['lab', 'analyst']) {
      const ids = (await json(f, user, '/sequencing-runs?limit=500')).items.map((r: { id: string }) => r.id).sort();
      assert.deepEqual(ids, [f.M.proband.runId, f.K.proband.runId, f.K.mother.runId].sort(), user);
    }
  } },
  'GET /api/resequencing-requests': { check: async (f) => absent(f, JSON.stringify(await json(f, 'analyst', '/resequencing-requests')), 'requests') },
  'GET /api/cases/:id/variants': { check: async (f) => {
    withdrawnError(await get(f, 'clinician', `/cases/${f.W.caseId}/variants`), f.W.proband.participantId);
    const m = await json(f, 'clinician', `/cases/${f.M.caseId}/variants`);
    assert.deepEqual(m.samples.map((s: { sampleId: string }) => s.sampleId), [f.M.proband.runId], "the mother's sample is gone");
    withdrawnError(await get(f, 'clinician', `/cases/${f.M.caseId}/variants?sampleId=${f.M.mother.runId}`), f.M.mother.participantId);
    const k = await json(f, 'clinician', `/cases/${f.K.caseId}/variants?sort=position`);
    // Other germline samples: M's proband and K's mother; W's two and M's mother are left out.
    assert.equal(k.cohort.samples, 2);
    assert.equal(k.items.find((v: { pos1: number }) => v.pos1 === 2).otherCarriers, 2);
  } },
  'PUT /api/cases/:id/phenotype': { exempt: WRITE }, 'POST /api/cases/:id/interpretations': { exempt: WRITE },
  'GET /api/hpo/terms': { exempt: NONE },
  'GET /api/cases/:id/phenotype': { check: async (f) => {
    withdrawnError(await get(f, 'clinician', `/cases/${f.W.caseId}/phenotype`), f.W.proband.participantId);
    assert.equal((await get(f, 'clinician', `/cases/${f.M.caseId}/phenotype`)).statusCode, 200);
  } },
  'GET /api/cases/:id/interpretations': { check: async (f) => {
    // The analyst's scope no longer holds a case whose proband withdrew: not found.
    const w = await get(f, 'analyst', `/cases/${f.W.caseId}/interpretations`);
    assert.equal(w.statusCode, 404, w.body);
    // No knowledge in this app: no run exists; the family listed leaves M's mother out.
    absent(f, JSON.stringify(await json(f, 'analyst', `/cases/${f.M.caseId}/interpretations`)), 'interpretation runs');
  } },
  'GET /api/interpretations/:runId': { exempt: "a run is read through its case (409 once the proband withdrew); a relative who withdrew is dropped from a stored run's family and genotypes (interpretation/service.ts withoutWithdrawn)" },
  'GET /api/variant-carriers': { check: async (f) => {
    for (const user of ['clinician', 'analyst', 'clinician.osaka']) {
      const body = await json(f, user, '/variant-carriers?chrom=chrT&pos=2&ref=G&alt=C');
      absent(f, JSON.stringify(body), `${user} carriers`);
      assert.equal(body.platformCarriers, 3, `${user}: M's proband and K's two, not the three withdrawn`);
    }
  } },
};

for (const kind of dbKinds()) {
  describe(`withdrawal on every read path on ${kind.name}`, { skip: kind.skip }, () => {
    const dir = scratchDir('kiban-withdrawal');
    const f = {} as Fixture;

    before(async () => {
      // Cell size 1: every count is exact, so a withdrawn sample left in any count shows.
      f.t = await openPipelineApp(kind.name, dir.path, { minCellSize: 1 });
      const vcf = germlineVcf('NA1');
      f.W = await loadedTrioCase(f.t, vcf);
      f.M = await loadedTrioCase(f.t, vcf);
      f.K = await loadedTrioCase(f.t, vcf);
      for (const pid of [f.W.proband.participantId, f.M.mother.participantId]) {
        const res = await f.t.app.inject({
          method: 'POST', url: `/api/participants/${pid}/consents/withdraw`, headers: await f.t.login('clinician'), payload: { effectiveOn: '2026-01-20' },
        });
        assert.equal(res.statusCode, 201, res.body);
      }
    });
    after(async () => {
      await f.t?.close().catch(() => undefined);
      dir.remove();
    });

    test('every route is classified: checked for withdrawn participants, or exempt with a reason', () => {
      const routes = f.t.app.kibanRoutes.filter((r) => r.method !== 'HEAD' && (r.url.startsWith('/api') || r.url.startsWith('/fhir'))).map((r) => `${r.method} ${r.url}`);
      assert.deepEqual(routes.filter((r) => !(r in READS)), [], 'classify these routes in READS');
      assert.deepEqual(Object.keys(READS).filter((r) => !routes.includes(r)), [], 'READS names routes that no longer exist');
    });

    for (const [route, entry] of Object.entries(READS)) {
      if ('check' in entry) test(`${route}: no data of a withdrawn participant`, () => entry.check(f));
    }
  });
}
