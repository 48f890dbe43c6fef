import type { Actor } from '../auth/roles.js';
import type { Queryable } from '../db/index.js';
import { CASE_STATES, REPORT_STAGE_STATES, type CaseState } from './lifecycle.js';

export interface ParticipantRow {
  id: string;
  hospital_org_id: string;
  birth_year: number | null;
  sex: string;
  /** Set (by the consent_records trigger, 013) when the participant withdrew consent. */
  withdrawn_at: Date | null;
}

export interface CaseRow {
  id: string;
  domain: 'cancer' | 'rare_disease';
  category: string;
  hospital_org_id: string;
  hospital_name: string;
  hospital_name_ja: string;
  proband_id: string;
  return_route: 'A' | 'B';
  diagnosis_icd10: string;
  diagnosis_text: string;
  oncotree_code: string | null;
  state: CaseState;
  state_changed_at: Date;
  created_at: Date;
  /** The proband withdrew: the case is a tombstone (docs/consent-withdrawal.md). */
  withdrawn: boolean;
}

export interface MemberRow {
  participant_id: string;
  relationship: string;
  affected_status: string;
  birth_year: number | null;
  sex: string;
  withdrawn_at: Date | null;
}

export interface EventRow {
  from_state: string | null;
  to_state: string;
  at: Date;
  actor_id: string | null;
  actor_org_id: string | null;
  note: string | null;
  details: Record<string, unknown> | null;
}

/** Builds parameterised WHERE clauses: `add('c.state = ?', v)` numbers the placeholder. */
export class Where {
  readonly clauses: string[] = [];
  constructor(readonly params: unknown[] = []) {}
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }
  add(clause: string, ...values: unknown[]): this {
    let i = 0;
    this.clauses.push(clause.replace(/\?/g, () => this.param(values[i++])));
    return this;
  }
  sql(): string {
    return this.clauses.length ? `WHERE ${this.clauses.join(' AND ')}` : '';
  }
}

/**
 * The one "in use" predicate (docs/consent-withdrawal.md): true while the participant whose id is
 * in `column` has not withdrawn consent. Every read of individual-level data tests it, through the
 * case scope below or directly (specimen and run lists, the variant store's excluded samples).
 */
export function participantInUseSql(column: string): string {
  return `NOT EXISTS (SELECT 1 FROM participants wp WHERE wp.id = ${column} AND wp.withdrawn_at IS NOT NULL)`;
}

/**
 * Record scoping (who sees which case), as one SQL condition on `c` (cases): a hospital its own
 * cases; the data center and the platform operator's roles all; a sequencing company the cases
 * whose specimens were shipped to it; a report writer the cases at the report stage. Everyone else
 * (researchers, committee) no individual-level case at all. A case whose proband withdrew is in
 * no one's scope; with `tombstones` its own hospital still finds it (the case list and page show
 * that it was withdrawn, and nothing else).
 */
export function addCaseScope(w: Where, actor: Actor, opts: { tombstones?: boolean } = {}): void {
  if (!(opts.tombstones && actor.orgType === 'hospital')) w.clauses.push(participantInUseSql('c.proband_id'));
  switch (actor.orgType) {
    case 'hospital':
      w.add('c.hospital_org_id = ?', actor.orgId);
      return;
    case 'data_center':
    case 'platform_operator':
      return;
    case 'sequencing_company':
      w.add(`EXISTS (SELECT 1 FROM specimens s
                       JOIN shipment_items si ON si.specimen_id = s.id
                       JOIN shipments sh ON sh.id = si.shipment_id
                      WHERE s.case_id = c.id AND sh.to_org_id = ? AND sh.status IN ('dispatched', 'received'))`, actor.orgId);
      return;
    case 'report_writer':
      w.add('c.state = ANY(?::text[])', REPORT_STAGE_STATES);
      return;
    default:
      w.add('false');
  }
}

export const CASE_COLS = `c.id, c.domain, c.category, c.hospital_org_id, o.name AS hospital_name, o.name_ja AS hospital_name_ja,
  c.proband_id, c.return_route, c.diagnosis_icd10, c.diagnosis_text, c.oncotree_code, c.state, c.state_changed_at, c.created_at,
  NOT ${participantInUseSql('c.proband_id')} AS withdrawn`;

export async function getCase(q: Queryable, id: string, actor?: Actor, forUpdate = false, tombstones = false): Promise<CaseRow | undefined> {
  const w = new Where().add('c.id = ?', id);
  if (actor) addCaseScope(w, actor, { tombstones });
  const [row] = await q.query<CaseRow>(
    `SELECT ${CASE_COLS} FROM cases c JOIN organisations o ON o.id = c.hospital_org_id ${w.sql()}${forUpdate ? ' FOR UPDATE OF c' : ''}`,
    w.params,
  );
  return row;
}

/** Which of `ids` the actor may see, by the same scope as every case read. */
export async function visibleCaseIds(q: Queryable, actor: Actor, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const w = new Where().add('c.id = ANY(?::text[])', [...ids]);
  addCaseScope(w, actor);
  return new Set((await q.query<{ id: string }>(`SELECT c.id FROM cases c ${w.sql()}`, w.params)).map((r) => r.id));
}

export async function nextCaseNumber(q: Queryable): Promise<number> {
  const [row] = await q.query<{ n: number }>("SELECT nextval('case_number_seq') AS n");
  return row!.n;
}

export async function insertCase(
  q: Queryable,
  c: { id: string; domain: string; category: string; hospitalOrgId: string; probandId: string; returnRoute: string;
    icd10: string; diagnosisText: string; oncotreeCode: string | null; state: CaseState; at: Date; createdBy: string | null },
): Promise<void> {
  await q.query(
    `INSERT INTO cases (id, domain, category, hospital_org_id, proband_id, return_route, diagnosis_icd10, diagnosis_text,
       oncotree_code, state, state_changed_at, created_at, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12)`,
    [c.id, c.domain, c.category, c.hospitalOrgId, c.probandId, c.returnRoute, c.icd10, c.diagnosisText, c.oncotreeCode,
      c.state, c.at, c.createdBy],
  );
}

export async function setCaseState(q: Queryable, id: string, state: CaseState, at: Date): Promise<void> {
  await q.query('UPDATE cases SET state = $2, state_changed_at = $3 WHERE id = $1', [id, state, at]);
}

export async function insertEvent(
  q: Queryable,
  e: { caseId: string; from: CaseState | null; to: CaseState; at: Date; actorId: string | null; actorOrgId: string | null; note: string | null; details?: Record<string, unknown> | null },
): Promise<void> {
  await q.query(
    'INSERT INTO case_events (case_id, from_state, to_state, at, actor_id, actor_org_id, note, details) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
    [e.caseId, e.from, e.to, e.at, e.actorId, e.actorOrgId, e.note, e.details ? JSON.stringify(e.details) : null],
  );
}

export async function listEvents(q: Queryable, caseId: string): Promise<EventRow[]> {
  return q.query<EventRow>(
    'SELECT from_state, to_state, at, actor_id, actor_org_id, note, details FROM case_events WHERE case_id = $1 ORDER BY at, id',
    [caseId],
  );
}

// Participants and members -------------------------------------------------------------------

export async function findParticipantByHmac(q: Queryable, hospitalOrgId: string, hmac: string): Promise<ParticipantRow | undefined> {
  const [row] = await q.query<ParticipantRow>(
    'SELECT id, hospital_org_id, birth_year, sex, withdrawn_at FROM participants WHERE hospital_org_id = $1 AND patient_id_hmac = $2',
    [hospitalOrgId, hmac],
  );
  return row;
}

/** `lock`: FOR UPDATE serialises consent writes per participant; FOR SHARE holds a withdrawal off until commit. */
export async function getParticipant(q: Queryable, id: string, lock?: 'update' | 'share'): Promise<ParticipantRow | undefined> {
  const [row] = await q.query<ParticipantRow>(
    `SELECT id, hospital_org_id, birth_year, sex, withdrawn_at FROM participants WHERE id = $1${lock ? ` FOR ${lock.toUpperCase()}` : ''}`, [id]);
  return row;
}

export async function insertParticipant(
  q: Queryable,
  p: { id: string; hospitalOrgId: string; hmac: string; birthYear: number; sex: string },
): Promise<void> {
  await q.query(
    'INSERT INTO participants (id, hospital_org_id, patient_id_hmac, birth_year, sex) VALUES ($1, $2, $3, $4, $5)',
    [p.id, p.hospitalOrgId, p.hmac, p.birthYear, p.sex],
  );
}

export async function insertMember(
  q: Queryable,
  m: { caseId: string; participantId: string; relationship: string; affectedStatus: string },
): Promise<void> {
  await q.query('INSERT INTO case_members (case_id, participant_id, relationship, affected_status) VALUES ($1, $2, $3, $4)', [
    m.caseId, m.participantId, m.relationship, m.affectedStatus,
  ]);
}

/** Proband first, then parents, siblings, children and others, each in the order added. */
export async function listMembers(q: Queryable, caseId: string): Promise<MemberRow[]> {
  return q.query<MemberRow>(
    `SELECT m.participant_id, m.relationship, m.affected_status, p.birth_year, p.sex, p.withdrawn_at
       FROM case_members m JOIN participants p ON p.id = m.participant_id
      WHERE m.case_id = $1
      ORDER BY array_position(ARRAY['proband','mother','father','sibling','child','other'], m.relationship), p.created_at, p.id`,
    [caseId],
  );
}

/** Is the participant in a case this actor can see? (consent access for non-hospital roles) */
export async function participantVisible(q: Queryable, participantId: string, actor: Actor): Promise<boolean> {
  const w = new Where().add('m.participant_id = ?', participantId);
  addCaseScope(w, actor);
  const rows = await q.query(`SELECT 1 FROM case_members m JOIN cases c ON c.id = m.case_id ${w.sql()} LIMIT 1`, w.params);
  return rows.length > 0;
}

export async function lockLiveCasesOfProband(q: Queryable, participantId: string): Promise<Array<{ id: string; state: CaseState; state_changed_at: Date }>> {
  return q.query(
    "SELECT id, state, state_changed_at FROM cases WHERE proband_id = $1 AND state <> 'withdrawn' ORDER BY id FOR UPDATE",
    [participantId],
  );
}

export const STATE_ORDER_SQL = `array_position(ARRAY[${CASE_STATES.map((s) => `'${s}'`).join(',')}]::text[], c.state)`;
