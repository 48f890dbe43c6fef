import type { Queryable } from '../db/index.js';
import type { RequestContext } from '../auth/roles.js';
import { entryHash, GENESIS_HASH } from './chain.js';
import { appendEntry, readHead, readPage, toRecord } from './store.js';

export interface AuditEvent {
  /** dotted verb, e.g. case.create, case.read, consent.withdraw */
  action: string;
  entityType?: string;
  entityId?: string;
  details?: Record<string, unknown>;
}

/**
 * Records an event in the caller's transaction, so the audit entry and the change it describes
 * commit together or not at all. Reads of individual-level data are audited the same way.
 * `'system'` is Kiban itself (demo load, background jobs, moves the platform makes).
 */
export function audit(tx: Queryable, who: RequestContext | 'system', event: AuditEvent): Promise<number> {
  const actor = who === 'system'
    ? { actorKind: 'system' as const, actorId: null, actorOrgId: null, ip: null, reason: null }
    : { actorKind: who.actor.kind, actorId: who.actor.id, actorOrgId: who.actor.orgId, ip: who.ip ?? null, reason: who.reason ?? null };
  return appendEntry(tx, {
    ...actor,
    action: event.action,
    entityType: event.entityType ?? null,
    entityId: event.entityId ?? null,
    details: event.details ?? {},
  });
}

export function auditSystem(tx: Queryable, event: AuditEvent): Promise<number> {
  return audit(tx, 'system', event);
}

export type VerifyResult =
  | { ok: true; entries: number; headHash: string }
  | { ok: false; entries: number; firstBadSeq: number; problem: string };

/**
 * Walks the chain from the first entry and names the first one that was altered or removed.
 * Reads in pages so memory stays flat however long the log is.
 */
export async function verifyChain(q: Queryable, pageSize = 5000): Promise<VerifyResult> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  for (;;) {
    const rows = await readPage(q, expectedSeq - 1, pageSize);
    for (const row of rows) {
      if (row.seq !== expectedSeq) {
        const problem = `audit entry ${expectedSeq} is missing (the log jumps from ${expectedSeq - 1} to ${row.seq})`;
        return { ok: false, entries: expectedSeq - 1, firstBadSeq: expectedSeq, problem };
      }
      if (row.prev_hash !== prevHash || entryHash(prevHash, toRecord(row)) !== row.hash) {
        const problem = `audit entry ${row.seq} was altered (its hash does not match its content and the entry before it)`;
        return { ok: false, entries: expectedSeq - 1, firstBadSeq: row.seq, problem };
      }
      prevHash = row.hash;
      expectedSeq++;
    }
    if (rows.length < pageSize) break;
  }
  const entries = expectedSeq - 1;
  const head = await readHead(q);
  if ((head?.seq ?? 0) !== entries || (head && head.hash !== prevHash)) {
    const problem = `the audit log ends at entry ${entries} but its head records entry ${head?.seq ?? 0}: entries at the end were removed or altered`;
    return { ok: false, entries, firstBadSeq: entries + 1, problem };
  }
  return { ok: true, entries, headHash: prevHash };
}
