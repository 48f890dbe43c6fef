import type { Db, Queryable } from '../db/index.js';
import { checkCheckpoints } from './checkpoints.js';
import { auditKeys } from './keys.js';
import type { RequestContext } from '../auth/roles.js';
import { entryHash, GENESIS_HASH } from './chain.js';
import type { AuditRecord } from './chain.js';
import type { AuditEntry, AuditQuery } from './schemas.js';
import { actorNames, appendEntries, listEntries, readHead, readPage, toRecord } from './store.js';

export interface AuditEvent {
  /** dotted verb, e.g. case.create, case.read, consent.withdraw */
  action: string;
  entityType?: string;
  entityId?: string;
  details?: Record<string, unknown>;
}

/**
 * Who acted: a caller, Kiban itself, or a caller not (yet) identified, such as a failed login,
 * recorded as Kiban's observation (actor kind `system`) with the source address.
 */
export type AuditWho = RequestContext | 'system' | { unauthenticated: true; ip: string | undefined };

type Entry = Omit<AuditRecord, 'seq' | 'at'>;

/** A transaction's entries not yet appended, in the order they were recorded. */
const pending = new WeakMap<Queryable, Entry[]>();

/**
 * Records an event in the caller's transaction, so the audit entry and the change it describes
 * commit together or not at all. Reads of individual-level data are audited the same way.
 * `'system'` is Kiban itself (demo load, background jobs, moves the platform makes).
 *
 * In a transaction the entries are appended together just before it commits: appending takes the
 * chain's lock until COMMIT, and taken mid-transaction it would queue every other audited request
 * behind this one's remaining queries. Outside a transaction the entry is appended at once.
 */
export async function audit(tx: Queryable, who: AuditWho, event: AuditEvent): Promise<void> {
  const actor = who === 'system' || 'unauthenticated' in who
    ? { actorKind: 'system' as const, actorId: null, actorOrgId: null, ip: who === 'system' ? null : who.ip ?? null, reason: null }
    : { actorKind: who.actor.kind, actorId: who.actor.id, actorOrgId: who.actor.orgId, ip: who.ip ?? null, reason: who.reason ?? null };
  const entry: Entry = {
    ...actor,
    action: event.action,
    entityType: event.entityType ?? null,
    entityId: event.entityId ?? null,
    details: event.details ?? {},
  };
  if (!tx.beforeCommit) {
    // Locking the head and appending are two statements: outside a transaction they need one.
    const db = tx as Partial<Db>;
    return db.transaction ? db.transaction((t) => appendEntries(t, [entry])) : appendEntries(tx, [entry]);
  }
  const list = pending.get(tx);
  if (list) {
    list.push(entry);
    return;
  }
  const entries = [entry];
  pending.set(tx, entries);
  tx.beforeCommit(async () => {
    pending.delete(tx);
    await appendEntries(tx, entries);
  });
}

export type VerifyResult =
  | { ok: true; entries: number; headHash: string; checkpoints: number }
  | { ok: false; entries: number; firstBadSeq: number; problem: string };

/**
 * Walks the chain from the first entry and names the first one that was altered or removed, then
 * checks the signed checkpoints kept outside the database (`checkpointFile`), which catch a tail
 * cut off together with audit_head. Reads in pages so memory stays flat however long the log is.
 */
export async function verifyChain(q: Queryable, opts: { pageSize?: number; checkpointFile?: string } = {}): Promise<VerifyResult> {
  const head = await readHead(q);
  const walked = await walkChain(q, head?.keyed_from ?? 1, opts.pageSize ?? 5000);
  if (!walked.ok) return walked;
  const { entries, headHash } = walked;
  if ((head?.seq ?? 0) !== entries || (head && head.hash !== headHash)) {
    const problem = `the audit log ends at entry ${entries} but its head records entry ${head?.seq ?? 0}: entries at the end were removed or altered`;
    return { ok: false, entries, firstBadSeq: entries + 1, problem };
  }
  const cp = opts.checkpointFile ? await checkCheckpoints(q, opts.checkpointFile) : { count: 0 };
  if (cp.problem) {
    const problem = `audit checkpoint ${opts.checkpointFile}:${cp.problem.line} ${cp.problem.problem}`;
    return { ok: false, entries, firstBadSeq: Math.min(cp.problem.seq, entries + 1), problem };
  }
  return { ok: true, entries, headHash, checkpoints: cp.count };
}

async function walkChain(q: Queryable, keyedFrom: number, pageSize: number) {
  const key = auditKeys().chain;
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  for (;;) {
    const rows = await readPage(q, expectedSeq - 1, pageSize);
    for (const row of rows) {
      if (row.seq !== expectedSeq) {
        const problem = `audit entry ${expectedSeq} is missing (the log jumps from ${expectedSeq - 1} to ${row.seq})`;
        return { ok: false as const, entries: expectedSeq - 1, firstBadSeq: expectedSeq, problem };
      }
      if (row.prev_hash !== prevHash || entryHash(prevHash, toRecord(row), row.seq >= keyedFrom ? key : undefined) !== row.hash) {
        const problem = `audit entry ${row.seq} was altered (its hash does not match its content and the entry before it)`;
        return { ok: false as const, entries: expectedSeq - 1, firstBadSeq: row.seq, problem };
      }
      prevHash = row.hash;
      expectedSeq++;
    }
    if (rows.length < pageSize) break;
  }
  return { ok: true as const, entries: expectedSeq - 1, headHash: prevHash };
}

/** A page of the log, newest first, with each actor's user or token name for people to read. */
export async function listAudit(q: Queryable, query: AuditQuery): Promise<{ items: AuditEntry[]; nextBeforeSeq: number | null }> {
  const limit = query.limit ?? 100;
  const { from, to, ...rest } = query;
  const rows = await listEntries(q, { ...rest, limit, ...(from ? { from: new Date(from) } : {}), ...(to ? { to: new Date(to) } : {}) });
  const names = await actorNames(q, rows);
  const items = rows.map((r) => ({
    seq: r.seq, at: r.at.toISOString(), actorKind: r.actor_kind, actorId: r.actor_id, actorName: (r.actor_id && names.get(r.actor_id)) ?? null,
    actorOrgId: r.actor_org_id, action: r.action, entityType: r.entity_type, entityId: r.entity_id, ip: r.ip, reason: r.reason,
    details: r.details, hash: r.hash,
  }));
  const last = rows[rows.length - 1];
  return { items, nextBeforeSeq: rows.length === limit && last && last.seq > 1 ? last.seq : null };
}
