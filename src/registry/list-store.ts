import type { Actor } from '../auth/roles.js';
import type { Queryable } from '../db/index.js';
import type { CaseState } from './lifecycle.js';
import { addCaseScope, CASE_COLS, participantInUseSql, STATE_ORDER_SQL, Where, type CaseRow } from './store.js';

/**
 * The case list and the management views, for 10,000+ cases: filtering, sorting and paging happen
 * in SQL on indexed columns (002_registry_consent.sql); only one page of rows leaves the database.
 */
export interface CaseListFilter {
  state?: CaseState;
  domain?: string;
  category?: string;
  hospitalId?: string;
  /** Case id prefix, already normalised (upper case, LIKE metacharacters escaped). */
  idPrefix?: string;
  idExact?: string;
  /** Per state, the state_changed_at before which a case in it is overdue. */
  overdue?: { value: boolean; cutoffs: Map<CaseState, Date> };
}

const SORT_SQL = {
  createdAt: 'c.created_at',
  stateChangedAt: 'c.state_changed_at',
  id: 'c.id',
  state: STATE_ORDER_SQL,
} as const;

export interface CaseListOptions {
  sort: keyof typeof SORT_SQL;
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
}

/** `(c.state = 'x' AND c.state_changed_at < t) OR …` — lets the (state, state_changed_at) index serve it. */
export function overdueCondition(w: Where, cutoffs: Map<CaseState, Date>): string {
  const parts = [...cutoffs].map(([state, cutoff]) => `(c.state = ${w.param(state)} AND c.state_changed_at < ${w.param(cutoff)})`);
  return parts.length ? `(${parts.join(' OR ')})` : 'false';
}

/** A hospital's list keeps its withdrawn cases as tombstones (state `withdrawn`, no clinical data). */
export function caseListWhere(actor: Actor, f: CaseListFilter): Where {
  const w = new Where();
  addCaseScope(w, actor, { tombstones: true });
  if (f.state) w.add('c.state = ?', f.state);
  if (f.domain) w.add('c.domain = ?', f.domain);
  if (f.category) w.add('c.category = ?', f.category);
  if (f.hospitalId) w.add('c.hospital_org_id = ?', f.hospitalId);
  if (f.idExact) w.add('c.id = ?', f.idExact);
  if (f.idPrefix) w.add("c.id LIKE ? ESCAPE '\\'", `${f.idPrefix}%`);
  if (f.overdue) {
    const cond = overdueCondition(w, f.overdue.cutoffs);
    w.clauses.push(f.overdue.value ? cond : `NOT ${cond}`);
  }
  return w;
}

export async function listCases(q: Queryable, actor: Actor, f: CaseListFilter, o: CaseListOptions): Promise<{ rows: CaseRow[]; total: number }> {
  const w = caseListWhere(actor, f);
  const [count] = await q.query<{ n: number }>(`SELECT count(*) AS n FROM cases c ${w.sql()}`, w.params);
  const dir = o.order === 'asc' ? 'ASC' : 'DESC';
  const params = [...w.params, o.limit, o.offset];
  const rows = await q.query<CaseRow>(
    `SELECT ${CASE_COLS}
       FROM cases c JOIN organisations o ON o.id = c.hospital_org_id
       ${w.sql()}
      ORDER BY ${SORT_SQL[o.sort]} ${dir}, c.id ${dir}
      LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  );
  return { rows, total: count?.n ?? 0 };
}

export async function countByStateAndDomain(q: Queryable): Promise<Array<{ state: string; domain: string; count: number }>> {
  return q.query(
    `SELECT c.state, c.domain, count(*)::int AS count FROM cases c GROUP BY c.state, c.domain
      ORDER BY ${STATE_ORDER_SQL}, c.domain`,
  );
}

/**
 * One sample per transition event: its from/to states and the days since the event before it (the
 * time the case entered the from-state). Withdrawals and the initial registration carry no stage,
 * and a withdrawn case's timeline is no longer used at all (docs/consent-withdrawal.md).
 */
export async function stageSamples(q: Queryable): Promise<Array<{ from: string; to: string; days: number }>> {
  return q.query(
    `SELECT from_state AS "from", to_state AS "to", days FROM (
       SELECT from_state, to_state,
              extract(epoch FROM at - lag(at) OVER (PARTITION BY case_id ORDER BY at, id)) / 86400.0 AS days
         FROM case_events ce
        WHERE EXISTS (SELECT 1 FROM cases c WHERE c.id = ce.case_id AND ${participantInUseSql('c.proband_id')})) e
      WHERE from_state IS NOT NULL AND to_state <> 'withdrawn' AND days IS NOT NULL`,
  );
}

export interface DelayedRow {
  id: string;
  hospital_org_id: string;
  domain: string;
  state: CaseState;
  state_changed_at: Date;
}

/** Overdue cases, the longest past target first. `targets` are days per state, `now` the clock. */
export async function listDelayed(
  q: Queryable,
  cutoffs: Map<CaseState, Date>,
  targets: Map<CaseState, number>,
  now: Date,
  limit: number,
  offset: number,
): Promise<{ rows: DelayedRow[]; total: number }> {
  const w = new Where();
  w.clauses.push(overdueCondition(w, cutoffs), participantInUseSql('c.proband_id'));
  const [count] = await q.query<{ n: number }>(`SELECT count(*) AS n FROM cases c ${w.sql()}`, w.params);
  const targetCase = `CASE c.state ${[...targets].map(([s, d]) => `WHEN ${w.param(s)} THEN ${w.param(d)}::float8`).join(' ')} END`;
  const overdueDays = `extract(epoch FROM ${w.param(now)}::timestamptz - c.state_changed_at) / 86400.0 - ${targetCase}`;
  const params = [...w.params, limit, offset];
  const rows = await q.query<DelayedRow>(
    `SELECT c.id, c.hospital_org_id, c.domain, c.state, c.state_changed_at FROM cases c ${w.sql()}
      ORDER BY ${overdueDays} DESC, c.id LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  );
  return { rows, total: count?.n ?? 0 };
}
