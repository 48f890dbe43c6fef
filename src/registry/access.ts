import type { Actor } from '../auth/roles.js';
import type { Queryable } from '../db/index.js';
import { conflict, notFound } from '../errors.js';
import * as store from './store.js';

/**
 * The scoping helper every module uses before touching a case: returns the case if `actor` may see
 * it, and otherwise says "not found" — never "forbidden" — so that case ids do not leak across
 * hospitals. `forUpdate` locks the row for the rest of the transaction.
 *
 * A case whose proband withdrew consent is out of everyone's scope (404), except its own hospital's,
 * which gets 409 PARTICIPANT_WITHDRAWN for any use of it; only `tombstone` callers (the case page,
 * the lifecycle) receive the row, and show no more than that it was withdrawn.
 */
export async function assertCaseAccess(
  q: Queryable,
  actor: Actor,
  caseId: string,
  opts: { forUpdate?: boolean; tombstone?: boolean } = {},
): Promise<store.CaseRow> {
  const row = await store.getCase(q, caseId, actor, opts.forUpdate ?? false, true);
  if (!row) throw notFound('case', caseId);
  if (row.withdrawn && !opts.tombstone) throw withdrawnError('case', caseId, row.proband_id);
  return row;
}

/** 409 naming the withdrawal: what was asked of whom, and that consent was withdrawn. */
export function withdrawnError(entity: string, id: string, participantId: string) {
  return conflict('PARTICIPANT_WITHDRAWN', `${entity} ${id}: participant ${participantId} withdrew consent; their data are no longer used and nothing new is recorded`,
    { participantId });
}

/**
 * Before anything new is collected, shipped, sequenced, ingested or analysed for a participant:
 * 409 PARTICIPANT_WITHDRAWN once they withdrew. FOR SHARE holds a concurrent withdrawal (whose
 * consent insert takes FOR UPDATE on the same row) until this transaction ends, so the two are
 * ordered: either the new record commits first, or the withdrawal does and it is refused.
 */
export async function assertParticipantInUse(q: Queryable, participantId: string, entity: string, id: string): Promise<void> {
  const p = await store.getParticipant(q, participantId, 'share');
  if (p?.withdrawn_at) throw withdrawnError(entity, id, participantId);
}

/** The same for several participants (a shipment, a multi-sample file), in id order to avoid deadlocks. */
export async function assertParticipantsInUse(q: Queryable, participantIds: readonly string[], entity: string, id: string): Promise<void> {
  for (const pid of [...new Set(participantIds)].sort()) await assertParticipantInUse(q, pid, entity, id);
}

/** Locks the participant's row for a consent write (serialised per participant) and returns it. */
export function lockParticipantForConsent(q: Queryable, participantId: string): Promise<store.ParticipantRow | undefined> {
  return store.getParticipant(q, participantId, 'update');
}

/** The subset of `caseIds` that `actor` may see (lists that span cases, such as a variant's carriers). */
export function visibleCases(q: Queryable, actor: Actor, caseIds: readonly string[]): Promise<Set<string>> {
  return store.visibleCaseIds(q, actor, caseIds);
}

/**
 * A participant's own hospital reads and writes their consent; the data center and the platform
 * operator's roles read it; a sequencing company or report writer reads it for the cases it can see.
 * Anyone else: not found.
 */
export async function assertParticipantAccess(
  q: Queryable,
  actor: Actor,
  participantId: string,
  mode: 'read' | 'write',
): Promise<store.ParticipantRow> {
  const p = await store.getParticipant(q, participantId);
  const ok = p && (actor.orgType === 'hospital'
    ? p.hospital_org_id === actor.orgId
    : mode === 'read' && await store.participantVisible(q, participantId, actor));
  if (!p || !ok) throw notFound('participant', participantId);
  return p;
}
