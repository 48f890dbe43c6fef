import assert from 'node:assert/strict';
import type { Queryable } from '../db/index.js';

/**
 * Test cases written straight into the registry's tables (as a DBA could), so that these tests
 * exercise the specimens module against fixed, hand-checked ids. Every case starts `consented`
 * with its two events, as POST /cases leaves it.
 */
export interface FixtureCase {
  id: string;
  domain: 'cancer' | 'rare_disease';
  hospital: string;
  proband: string;
  family?: Array<{ id: string; relationship: 'mother' | 'father' | 'sibling' }>;
}

const CONSENTED_AT = new Date('2026-01-05T09:00:00Z');

export async function insertCases(q: Queryable, cases: readonly FixtureCase[]): Promise<void> {
  for (const c of cases) {
    const people = [{ id: c.proband, relationship: 'proband' }, ...(c.family ?? [])];
    for (const p of people) {
      await q.query(
        "INSERT INTO participants (id, hospital_org_id, patient_id_hmac, birth_year, sex, created_at) VALUES ($1, $2, $3, 1970, 'female', $4)",
        [p.id, c.hospital, `hmac-${p.id}`, CONSENTED_AT],
      );
    }
    await q.query(
      `INSERT INTO cases (id, domain, category, hospital_org_id, proband_id, return_route, diagnosis_icd10, diagnosis_text,
                          state, state_changed_at, created_at)
       VALUES ($1, $2, $3, $4, $5, 'B', $6, $7, 'consented', $8, $8)`,
      [c.id, c.domain, c.domain === 'cancer' ? 'refractory' : 'single_gene', c.hospital, c.proband,
        c.domain === 'cancer' ? 'C34.1' : 'Q87.1', c.domain === 'cancer' ? 'lung adenocarcinoma' : 'Noonan-like syndrome', CONSENTED_AT],
    );
    for (const p of people) {
      await q.query("INSERT INTO case_members (case_id, participant_id, relationship, affected_status) VALUES ($1, $2, $3, 'unknown')", [
        c.id, p.id, p.relationship,
      ]);
    }
    await q.query(
      `INSERT INTO case_events (case_id, from_state, to_state, at) VALUES ($1, NULL, 'registered', $2), ($1, 'registered', 'consented', $2)`,
      [c.id, CONSENTED_AT],
    );
  }
}

/**
 * Row counts of everything a specimens command may write, to prove that a failed one wrote nothing.
 * The audit count leaves out access.denied: a refusal is itself audited (src/http/audit-denied.ts).
 */
export async function footprint(q: Queryable): Promise<Record<string, unknown>> {
  const [row] = await q.query<Record<string, unknown>>(`SELECT
      (SELECT count(*) FROM specimens) AS specimens,
      (SELECT string_agg(status, ',' ORDER BY id) FROM specimens) AS specimen_statuses,
      (SELECT count(*) FROM shipments) AS shipments,
      (SELECT string_agg(status, ',' ORDER BY id) FROM shipments) AS shipment_statuses,
      (SELECT count(*) FROM shipment_items) AS items,
      (SELECT count(*) FROM shipment_items WHERE check_result IS NOT NULL) AS checked_items,
      (SELECT count(*) FROM custody_events) AS custody,
      (SELECT count(*) FROM case_events) AS case_events,
      (SELECT string_agg(id || '=' || state, ',' ORDER BY id) FROM cases) AS case_states,
      (SELECT count(*) FROM audit_log WHERE action <> 'access.denied') AS audit`);
  return row ?? {};
}

export interface ExpectedError {
  code: string;
  kind: string;
  message: string;
}

/** Asserts the whole error payload of a refused request, and that it stored nothing. */
export async function assertRefused(
  q: Queryable,
  request: () => Promise<{ statusCode: number; json(): unknown }>,
  status: number,
  error: ExpectedError,
): Promise<void> {
  const before = await footprint(q);
  const res = await request();
  const body = res.json() as { error: ExpectedError };
  assert.deepEqual({ status: res.statusCode, code: body.error.code, kind: body.error.kind, message: body.error.message }, { status, ...error });
  assert.deepEqual(await footprint(q), before, 'a refused request stores nothing');
}
