/**
 * Registry at scale: loads the demo with N cases (default 10,000) into in-memory PGlite, times
 * the load, then times the case-list queries the UI makes and prints their plans.
 *   node --import tsx bench/registry-list.ts [cases]
 */
import { PGlite } from '@electric-sql/pglite';
import { migrate } from '../src/db/index.js';
import { PGLITE_PARSERS, wrapPglite } from '../src/db/pglite.js';
import { loadDemo } from '../src/demo/index.js';
import { caseListWhere } from '../src/registry/list-store.js';
import { overdueCutoffs } from '../src/registry/service.js';
import { testConfig } from '../src/config.js';
import type { Actor } from '../src/auth/roles.js';

const cases = Number(process.argv[2] ?? 10_000);
const db = wrapPglite(await PGlite.create({ parsers: PGLITE_PARSERS }));
await migrate(db);
let t0 = performance.now();
await loadDemo(db, { cases });
console.log(`loadDemo(${cases} cases, all steps): ${Math.round(performance.now() - t0)} ms`);
await db.query('ANALYZE');

const manager: Actor = { kind: 'user', id: 'x', orgId: 'OP', orgType: 'platform_operator', role: 'central_manager', principal: 'platform_operator:central_manager' };
const hospital: Actor = { ...manager, orgId: 'H-OSAKA', orgType: 'hospital', role: 'clinician', principal: 'hospital:clinician' };
const now = new Date();
const queries: Array<[string, Actor, Parameters<typeof caseListWhere>[1], string]> = [
  ['manager, newest first', manager, {}, 'c.created_at DESC'],
  ['hospital, newest first', hospital, {}, 'c.created_at DESC'],
  ['manager, state=shipped, by state change', manager, { state: 'shipped' }, 'c.state_changed_at DESC'],
  ['manager, overdue', manager, { overdue: { value: true, cutoffs: overdueCutoffs(testConfig(), now) } }, 'c.created_at DESC'],
  ['manager, id prefix K-0012', manager, { idPrefix: 'K-0012' }, 'c.id ASC'],
  ['manager, rare_disease/undiagnosed', manager, { domain: 'rare_disease', category: 'undiagnosed' }, 'c.created_at DESC'],
];
for (const [label, actor, filter, order] of queries) {
  const w = caseListWhere(actor, filter);
  const sql = `SELECT c.* FROM cases c JOIN organisations o ON o.id = c.hospital_org_id ${w.sql()} ORDER BY ${order}, c.id LIMIT 50`;
  const countSql = `SELECT count(*) FROM cases c ${w.sql()}`;
  t0 = performance.now();
  for (let i = 0; i < 20; i++) {
    await db.query(sql, w.params);
    await db.query(countSql, w.params);
  }
  const ms = (performance.now() - t0) / 20;
  const plan = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, w.params);
  console.log(`\n${label}: ${ms.toFixed(1)} ms per page + total`);
  for (const r of plan.slice(0, 8)) console.log(`  ${r['QUERY PLAN']}`);
}
await db.close();
