import type { Queryable } from '../db/index.js';
import { GENESIS_HASH, entryHash, type AuditRecord } from './chain.js';
import { auditKeys } from './keys.js';

interface AuditRow {
  seq: number;
  at: Date;
  actor_kind: AuditRecord['actorKind'];
  actor_id: string | null;
  actor_org_id: string | null;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  ip: string | null;
  reason: string | null;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

/**
 * Appends entries to the chain in two statements. Locking the head row serialises appends (each
 * entry needs the hash of the one before it): a concurrent append waits, and FOR UPDATE then
 * returns the head as that append committed it. Inserting the entries and moving the head is the
 * second statement. The row lock lasts to the end of the caller's transaction, so appends run
 * last (see `audit`).
 */
export async function appendEntries(tx: Queryable, entries: ReadonlyArray<Omit<AuditRecord, 'seq' | 'at'>>): Promise<void> {
  if (entries.length === 0) return;
  const lockHead = () => tx.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE');
  let [head] = await lockHead();
  if (!head) {
    // Migration 012 creates the row; a database that lost it gets it back (an empty chain's head).
    await tx.query('INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, $1) ON CONFLICT (id) DO NOTHING', [GENESIS_HASH]);
    [head] = await lockHead();
  }
  const key = auditKeys().chain;
  let seq = head!.seq;
  let prevHash = head!.hash;
  const at = new Date();
  const values: string[] = [];
  const params: unknown[] = [];
  for (const entry of entries) {
    const record: AuditRecord = { ...entry, seq: ++seq, at };
    const hash = entryHash(prevHash, record, key);
    const row = [record.seq, record.at, record.actorKind, record.actorId, record.actorOrgId, record.action, record.entityType,
      record.entityId, record.ip, record.reason, JSON.stringify(record.details), prevHash, hash];
    values.push(`(${row.map((_, k) => `$${params.length + k + 1}`).join(', ')})`);
    params.push(...row);
    prevHash = hash;
  }
  params.push(seq, prevHash);
  await tx.query(
    `WITH appended AS (
       INSERT INTO audit_log (seq, at, actor_kind, actor_id, actor_org_id, action, entity_type, entity_id,
                              ip, reason, details, prev_hash, hash)
       VALUES ${values.join(', ')} RETURNING seq)
     INSERT INTO audit_head (id, seq, hash) VALUES (1, $${params.length - 1}, $${params.length})
     ON CONFLICT (id) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash`,
    params,
  );
}

export function toRecord(row: AuditRow): AuditRecord {
  return {
    seq: row.seq,
    at: row.at,
    actorKind: row.actor_kind,
    actorId: row.actor_id,
    actorOrgId: row.actor_org_id,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    ip: row.ip,
    reason: row.reason,
    details: row.details,
  };
}

export async function readPage(q: Queryable, afterSeq: number, limit: number): Promise<AuditRow[]> {
  return q.query<AuditRow>('SELECT * FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2', [afterSeq, limit]);
}

export interface AuditHead {
  seq: number;
  hash: string;
  /** The first entry hashed with the key; those before it predate keying (migration 018). */
  keyed_from: number;
}

export async function readHead(q: Queryable): Promise<AuditHead | undefined> {
  const [head] = await q.query<AuditHead>('SELECT seq, hash, keyed_from FROM audit_head WHERE id = 1');
  return head;
}

export interface AuditListFilter {
  entityType?: string;
  entityId?: string;
  actorId?: string;
  /** One action (`case.read`), or every action under a prefix ending in a dot (`case.`). */
  action?: string;
  /** Entries about this case: its own events and the case lists that returned it. */
  caseId?: string;
  /** Half-open time range [from, to). */
  from?: Date;
  to?: Date;
  limit: number;
  beforeSeq?: number;
}

export async function listEntries(q: Queryable, f: AuditListFilter): Promise<AuditRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, ...values: unknown[]) => {
    let text = clause;
    for (const value of values) {
      params.push(value);
      text = text.replace('?', `$${params.length}`);
    }
    where.push(text);
  };
  if (f.entityType) add('entity_type = ?', f.entityType);
  if (f.entityId) add('entity_id = ?', f.entityId);
  if (f.actorId) add('actor_id = ?', f.actorId);
  if (f.action?.endsWith('.')) add("action LIKE ? ESCAPE '\\'", `${f.action.replace(/[\\%_]/g, '\\$&')}%`);
  else if (f.action) add('action = ?', f.action);
  if (f.caseId) add("((entity_type = 'case' AND entity_id = ?) OR details->'ids' @> jsonb_build_array(?::text))", f.caseId, f.caseId);
  if (f.from) add('at >= ?', f.from);
  if (f.to) add('at < ?', f.to);
  if (f.beforeSeq) add('seq < ?', f.beforeSeq);
  params.push(f.limit);
  return q.query<AuditRow>(
    `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT $${params.length}`,
    params,
  );
}

/** User names and API token names of the actors of these entries (ids are opaque to a reader). */
export async function actorNames(q: Queryable, rows: AuditRow[]): Promise<Map<string, string>> {
  const ids = [...new Set(rows.map((r) => r.actor_id).filter((id): id is string => id !== null))];
  if (ids.length === 0) return new Map();
  const found = await q.query<{ id: string; name: string }>(
    'SELECT id, username AS name FROM users WHERE id = ANY($1) UNION ALL SELECT id, name FROM api_tokens WHERE id = ANY($1)', [ids],
  );
  return new Map(found.map((r) => [r.id, r.name]));
}

export type { AuditRow };
