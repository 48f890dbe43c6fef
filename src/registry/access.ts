import type { Actor } from '../auth/roles.js';
import type { Queryable } from '../db/index.js';
import { notFound } from '../errors.js';
import * as store from './store.js';

/**
 * The scoping helper every module uses before touching a case: returns the case if `actor` may see
 * it, and otherwise says "not found" — never "forbidden" — so that case ids do not leak across
 * hospitals. `forUpdate` locks the row for the rest of the transaction.
 */
export async function assertCaseAccess(q: Queryable, actor: Actor, caseId: string, opts: { forUpdate?: boolean } = {}): Promise<store.CaseRow> {
  const row = await store.getCase(q, caseId, actor, opts.forUpdate ?? false);
  if (!row) throw notFound('case', caseId);
  return row;
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
