import type { Actor, RequestContext } from '../auth/roles.js';
import { audit } from '../audit/index.js';
import type { Queryable } from '../db/index.js';
import { conflict, forbidden, invalidInput, notFound } from '../errors.js';
import { assertCaseAccess } from './access.js';
import { checkTransition, illegalTransitionMessage, isCaseState, WITHDRAWN, type CaseState } from './lifecycle.js';
import * as store from './store.js';

/** A request's context, a bare actor (no IP or reason to record), or Kiban itself. */
export type ActorOrSystem = RequestContext | Actor | 'system';

function toContext(who: ActorOrSystem): RequestContext | 'system' {
  if (who === 'system') return who;
  return 'actor' in who ? who : { actor: who };
}

/**
 * Checks another module adds to a move into a state, run in the move's transaction after the
 * lifecycle allowed it (intake: `analysed` needs every QC-passed sample loaded). A guard throws to
 * refuse. Registered once per process, at import, by the module that owns the data it checks.
 */
export type TransitionGuard = (tx: Queryable, caseId: string) => Promise<void>;
const guards = new Map<CaseState, TransitionGuard[]>();

export function addTransitionGuard(to: CaseState, guard: TransitionGuard): void {
  const list = guards.get(to) ?? [];
  if (!list.includes(guard)) guards.set(to, [...list, guard]);
}

/** Clock skew tolerated for an `at` supplied by another system (a LIMS's own timestamp). */
const FUTURE_SKEW_MS = 5 * 60_000;

/**
 * What an event was about, as data the UI translates (`registry:timeline.note.<kind>`): e.g.
 * `{ kind: 'specimen_collected', barcode, specimenType }`. The English `note` stays beside it.
 */
export type EventDetails = { kind: string } & Record<string, string | number>;

export interface TransitionResult {
  caseId: string;
  from: CaseState;
  to: CaseState;
  at: Date;
}

/**
 * Moves a case to `to` in the caller's transaction: one case_events row (time, actor, note), the
 * case's state, and an audit entry commit together. The case row is locked first, so two moves of
 * one case serialise. With an actor: the case must be visible to it (else 404) and the lifecycle
 * must let its principal make the move (else 403). Illegal moves are 409 CASE_ILLEGAL_TRANSITION.
 * `at` backdates the move (a specimen collected yesterday); it may not precede the current state.
 * Withdrawal is not possible here: it comes only from a consent withdrawal (withdrawCasesOfProband).
 */
export async function transitionCase(
  tx: Queryable,
  who: ActorOrSystem,
  caseId: string,
  to: string,
  opts: { at?: Date; note?: string; details?: EventDetails } = {},
): Promise<TransitionResult> {
  const ctx = toContext(who);
  const row = ctx === 'system' ? await store.getCase(tx, caseId, undefined, true) : await assertCaseAccess(tx, ctx.actor, caseId, { forUpdate: true, tombstone: true });
  if (!row) throw notFound('case', caseId);
  if (!isCaseState(to)) throw invalidInput('INVALID_INPUT', `to: ${to} is not a case state`, { field: 'to', rule: 'enum' });
  const check = checkTransition(row.state, to, ctx === 'system' ? 'system' : ctx.actor.principal);
  if (!check.ok && check.reason === 'illegal') {
    throw conflict('CASE_ILLEGAL_TRANSITION', illegalTransitionMessage(caseId, row.state, to, check.allowed), {
      caseId, from: row.state, to, allowed: check.allowed,
    });
  }
  if (to === WITHDRAWN) {
    throw conflict('CASE_WITHDRAWAL_VIA_CONSENT',
      `case ${caseId}: withdrawal is recorded as the participant's consent withdrawal (POST /api/participants/${row.proband_id}/consents/withdraw)`,
      { caseId });
  }
  if (!check.ok && check.reason === 'not_permitted' && ctx !== 'system') {
    throw forbidden(`${ctx.actor.principal} may not move case ${caseId} from ${row.state} to ${to}; allowed for ${check.permitted.join(', ')}`,
      { caseId, from: row.state, to });
  }
  const at = checkedAt(opts.at, row);
  for (const guard of guards.get(to) ?? []) await guard(tx, caseId);
  await applyTransition(tx, ctx, row, to, at, opts.note ?? null, opts.details ?? null);
  return { caseId, from: row.state, to, at };
}

function checkedAt(at: Date | undefined, row: { id: string; state: string; state_changed_at: Date }): Date {
  const now = new Date();
  if (!at) return now.getTime() < row.state_changed_at.getTime() ? row.state_changed_at : now;
  if (Number.isNaN(at.getTime())) throw invalidInput('INVALID_INPUT', 'at: is not a valid time', { field: 'at', rule: 'format' });
  if (at.getTime() > now.getTime() + FUTURE_SKEW_MS) {
    throw invalidInput('INVALID_INPUT', `at: ${at.toISOString()} is in the future`, { field: 'at', rule: 'maximum' });
  }
  if (at.getTime() < row.state_changed_at.getTime()) {
    throw invalidInput('INVALID_INPUT',
      `at: ${at.toISOString()} is before case ${row.id} entered ${row.state} (${row.state_changed_at.toISOString()})`,
      { field: 'at', rule: 'minimum' });
  }
  return at;
}

async function applyTransition(
  tx: Queryable,
  ctx: RequestContext | 'system',
  row: { id: string; state: CaseState },
  to: CaseState,
  at: Date,
  note: string | null,
  details: EventDetails | null = null,
): Promise<void> {
  const actor = ctx === 'system' ? null : ctx.actor;
  await store.insertEvent(tx, { caseId: row.id, from: row.state, to, at, actorId: actor?.id ?? null, actorOrgId: actor?.orgId ?? null, note, details });
  await store.setCaseState(tx, row.id, to, at);
  const event = { action: 'case.transition', entityType: 'case', entityId: row.id, details: { from: row.state, to, at: at.toISOString(), ...(note ? { note } : {}) } };
  await audit(tx, ctx, event);
}

/**
 * The consent module's withdrawal: every case in which the participant is the proband moves to
 * `withdrawn`, whatever its state (withdrawal wins). Returns the ids of the cases moved.
 */
export async function withdrawCasesOfProband(
  tx: Queryable,
  who: RequestContext | 'system',
  participantId: string,
  opts: { note: string; details?: EventDetails },
): Promise<string[]> {
  const cases = await store.lockLiveCasesOfProband(tx, participantId);
  const now = new Date();
  for (const c of cases) {
    const at = now.getTime() < c.state_changed_at.getTime() ? c.state_changed_at : now;
    await applyTransition(tx, who, c, WITHDRAWN, at, opts.note, opts.details ?? null);
  }
  return cases.map((c) => c.id);
}

/** Registration: the case's first event (no from-state). */
export async function recordRegistration(tx: Queryable, ctx: RequestContext, caseId: string, at: Date): Promise<void> {
  await store.insertEvent(tx, { caseId, from: null, to: 'registered', at, actorId: ctx.actor.id, actorOrgId: ctx.actor.orgId, note: null });
}
