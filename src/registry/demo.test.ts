import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { seedDemoAccounts } from '../demo/seed-accounts.js';
import { dbKinds, openTestDb, type TestDb } from '../testing/test-db.js';
import { registryDemoStep } from './demo.js';
import { CASE_STATES } from './lifecycle.js';
import { CATEGORIES } from './schemas.js';
import { nextStates } from './lifecycle.js';

for (const kind of dbKinds()) {
  describe(`registry demo step on ${kind.name}`, { skip: kind.skip }, () => {
    let db: TestDb;
    let loadMs = 0;
    before(async () => {
      db = await openTestDb(kind.name);
      await seedDemoAccounts(db);
      const t0 = performance.now();
      await registryDemoStep(db, { seed: 20261125, cases: 300 });
      loadMs = performance.now() - t0;
    });
    after(() => db?.close());

    const count = async (sql: string, params: unknown[] = []) => (await db.query<{ n: number }>(sql, params))[0]!.n;

    test('300 cases load in bulk, fast', () => {
      assert.ok(loadMs < 10_000, `took ${Math.round(loadMs)} ms`);
    });

    test('every lifecycle state, both domains and every category appear', async () => {
      assert.equal(await count('SELECT count(*) AS n FROM cases'), 300);
      const states = (await db.query<{ state: string }>('SELECT DISTINCT state FROM cases')).map((r) => r.state).sort();
      assert.deepEqual(states, [...CASE_STATES].filter((s) => s !== 'registered').sort(), 'all but registered (POST /cases consents at once)');
      const categories = (await db.query<{ category: string }>('SELECT DISTINCT category FROM cases')).map((r) => r.category).sort();
      assert.deepEqual(categories, [...CATEGORIES].sort());
    });

    test('rare-disease trios, changed and withdrawn consents, overdue cases', async () => {
      const trios = await count(`SELECT count(*) AS n FROM cases c WHERE c.domain = 'rare_disease'
        AND EXISTS (SELECT 1 FROM case_members m WHERE m.case_id = c.id AND m.relationship = 'mother')
        AND EXISTS (SELECT 1 FROM case_members m WHERE m.case_id = c.id AND m.relationship = 'father')`);
      assert.ok(trios >= 30, `${trios} trios`);
      const changed = await count(`SELECT count(*) AS n FROM (SELECT participant_id FROM consent_records WHERE kind = 'consent'
        GROUP BY participant_id HAVING count(*) > 1) x`);
      assert.ok(changed >= 5, `${changed} changes of mind`);
      const withdrawn = await count("SELECT count(*) AS n FROM cases WHERE state = 'withdrawn'");
      const withdrawals = await count(`SELECT count(*) AS n FROM cases c JOIN consent_records r ON r.participant_id = c.proband_id AND r.kind = 'withdrawal'`);
      assert.equal(withdrawals, withdrawn, 'each withdrawn case has its withdrawal record');
      const overdue = await count("SELECT count(*) AS n FROM cases WHERE state = 'shipped' AND state_changed_at < now() - interval '3 days'");
      assert.ok(overdue >= 1);
    });

    test('events are faithful: legal moves in time order ending at the case state, spread over ~18 months', async () => {
      const events = await db.query<{ case_id: string; from_state: string | null; to_state: string; at: Date }>(
        'SELECT case_id, from_state, to_state, at FROM case_events ORDER BY case_id, at, id');
      const cases = new Map((await db.query<{ id: string; state: string; state_changed_at: Date }>('SELECT id, state, state_changed_at FROM cases')).map((c) => [c.id, c]));
      let prev: (typeof events)[number] | undefined;
      const problems: string[] = [];
      for (const e of events) {
        const sameCase = prev?.case_id === e.case_id;
        if (!sameCase && (e.from_state !== null || e.to_state !== 'registered')) problems.push(`${e.case_id} starts with ${e.to_state}`);
        if (sameCase && (e.from_state !== prev!.to_state || !nextStates(prev!.to_state as never).includes(e.to_state as never))) {
          problems.push(`${e.case_id}: ${prev!.to_state} → ${e.from_state}/${e.to_state}`);
        }
        if (sameCase && e.at < prev!.at) problems.push(`${e.case_id}: time goes back at ${e.to_state}`);
        if (e.at.getTime() > Date.now()) problems.push(`${e.case_id}: ${e.to_state} in the future`);
        const c = cases.get(e.case_id)!;
        const isLast = events[events.indexOf(e) + 1]?.case_id !== e.case_id;
        if (isLast && (c.state !== e.to_state || c.state_changed_at.getTime() !== e.at.getTime())) problems.push(`${e.case_id}: state ${c.state} ≠ last event`);
        prev = e;
      }
      assert.deepEqual(problems.slice(0, 5), []);
      const [span] = await db.query<{ days: number }>('SELECT extract(epoch FROM max(at) - min(at)) / 86400 AS days FROM case_events');
      assert.ok(span!.days > 450 && span!.days < 560, `${span!.days} days`);
      const notes = await count("SELECT count(*) AS n FROM case_events WHERE to_state = 'shipped' AND note !~ '^shipped to SEQ-[AB]$'");
      assert.equal(notes, 0, 'every shipment names its sequencing company');
      // …as data too, so the timeline can say it in the reader's language.
      const untranslatable = await count(`SELECT count(*) AS n FROM case_events WHERE to_state IN ('shipped', 'withdrawn')
        AND NOT (details->>'kind' = 'shipped_to' AND details->>'toOrgId' = substring(note from 12)
                 OR details->>'kind' = 'consent_withdrawn' AND note = 'consent withdrawn effective ' || (details->>'effectiveOn') || ': patient request')`);
      assert.equal(untranslatable, 0);
    });
  });
}
