import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dbKinds, type TestDb } from '../testing/test-db.js';
import { openTestApp, type TestApp } from '../testing/test-app.js';
import { DAY_MS } from './tat.js';

/**
 * A hand-built timeline, written as the registry writes them: a case and one case_events row per
 * move, `days` before now. Returns the case id.
 */
let serial = 0;
async function insertTimeline(db: TestDb, steps: Array<[string, number]>, hospital = 'H-TOKYO'): Promise<string> {
  const n = ++serial;
  const id = `K-9${String(n).padStart(5, '0')}`;
  const at = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY_MS);
  await db.query(`INSERT INTO participants (id, hospital_org_id, patient_id_hmac, birth_year, sex) VALUES ($1, $2, $3, 1970, 'female')`,
    [`P-TL${n}`, hospital, `hmac-${n}`]);
  const [lastState, lastDaysAgo] = steps.at(-1)!;
  await db.query(`INSERT INTO cases (id, domain, category, hospital_org_id, proband_id, return_route, diagnosis_icd10, diagnosis_text,
                    oncotree_code, state, state_changed_at, created_at)
                  VALUES ($1, 'cancer', 'refractory', $2, $3, 'B', 'C18.9', 'Colon cancer', 'COAD', $4, $5, $6)`,
    [id, hospital, `P-TL${n}`, lastState, at(lastDaysAgo), at(steps[0]![1])]);
  let from: string | null = null;
  for (const [state, daysAgo] of steps) {
    await db.query('INSERT INTO case_events (case_id, from_state, to_state, at) VALUES ($1, $2, $3, $4)', [id, from, state, at(daysAgo)]);
    from = state;
  }
  return id;
}

const toShipped = (start: number): Array<[string, number]> => [['registered', start], ['consented', start], ['specimen_collected', start - 5], ['shipped', start - 7]];

for (const kind of dbKinds()) {
  describe(`management views on ${kind.name}`, { skip: kind.skip }, () => {
    let t: TestApp;
    let overridden: TestApp;
    const ids: Record<string, string> = {};
    before(async () => {
      t = await openTestApp(kind.name);
      overridden = await openTestApp(kind.name, { tatTargetsDays: { 'shipped->received': 5 } });
      for (const app of [t, overridden]) {
        serial = 0; // the same ids in both databases
        // shipped → received after 1, 2 and 6 days (received half a day ago); one case still in transit 4 days, one 1 day
        ids.a = await insertTimeline(app.db, [...toShipped(8.5), ['received', 0.5]]);
        ids.b = await insertTimeline(app.db, [...toShipped(9.5), ['received', 0.5]]);
        ids.c = await insertTimeline(app.db, [...toShipped(13.5), ['received', 0.5]]);
        ids.late = await insertTimeline(app.db, toShipped(11));
        ids.fresh = await insertTimeline(app.db, [['registered', 2], ['consented', 2], ['specimen_collected', 1.5], ['shipped', 1]], 'H-OSAKA');
        ids.done = await insertTimeline(app.db, [...toShipped(100), ['withdrawn', 80]]);
      }
    });
    after(async () => {
      await t?.close();
      await overridden?.close();
    });

    const as = async (app: TestApp, user: string, url: string) => app.app.inject({ method: 'GET', url: `/api${url}`, headers: await app.login(user) });

    test('TAT per stage from the events: median, quartiles, p90, min and max in days', async () => {
      const res = await as(t, 'manager', '/management/tat');
      assert.equal(res.statusCode, 200);
      const stage = res.json().stages.find((s: { from: string; to: string }) => s.from === 'shipped' && s.to === 'received');
      assert.deepEqual(stage, { from: 'shipped', to: 'received', targetDays: 3, n: 3, medianDays: 2, p25Days: 1.5, p75Days: 4, p90Days: 5.2, minDays: 1, maxDays: 6 });
      const collected = res.json().stages.find((s: { from: string }) => s.from === 'consented');
      assert.equal(collected.n, 6);
      assert.equal(collected.medianDays, 5);
      assert.ok(!res.json().stages.some((s: { to: string }) => s.to === 'withdrawn'), 'withdrawal is no stage');
      const overriddenStage = (await as(overridden, 'analyst', '/management/tat')).json().stages.find((s: { from: string }) => s.from === 'shipped');
      assert.equal(overriddenStage.targetDays, 5);
    });

    test('a case past its stage target is overdue; a config override moves the line', async () => {
      const list = await as(t, 'manager', '/cases?overdue=true');
      assert.deepEqual(list.json().items.map((c: { id: string }) => c.id), [ids.late]);
      assert.equal(list.json().total, 1);
      const notOverdue = await as(t, 'manager', '/cases?overdue=false');
      assert.equal(notOverdue.json().total, 5);
      const delayed = (await as(t, 'manager', '/management/delayed')).json();
      assert.equal(delayed.total, 1);
      const item = delayed.items[0];
      assert.deepEqual([item.caseId, item.hospitalId, item.domain, item.state, item.daysInState, item.targetDays, item.overdueDays],
        [ids.late, 'H-TOKYO', 'cancer', 'shipped', 4, 3, 1]);
      const detail = (await as(t, 'manager', `/cases/${ids.late}`)).json();
      assert.deepEqual([detail.overdue, detail.stageTargetDays, detail.daysInState], [true, 3, 4]);
      // with shipped->received at 5 days, 4 days in transit is on time
      assert.equal((await as(overridden, 'manager', '/cases?overdue=true')).json().total, 0);
      assert.deepEqual((await as(overridden, 'manager', '/management/delayed')).json(), { items: [], total: 0 });
    });

    test('summary counts cases by state and domain', async () => {
      const res = (await as(t, 'operator', '/management/summary')).json();
      assert.equal(res.total, 6);
      assert.deepEqual(res.byState, [
        { state: 'shipped', domain: 'cancer', count: 2 },
        { state: 'received', domain: 'cancer', count: 3 },
        { state: 'withdrawn', domain: 'cancer', count: 1 },
      ]);
    });

    test('management views are for the central manager, operator and data center only', async () => {
      for (const user of ['clinician', 'lab', 'writer', 'researcher']) assert.equal((await as(t, user, '/management/tat')).statusCode, 403, user);
    });
  });
}
