import type { Queryable } from '../db/index.js';
import { GENESIS_HASH, entryHash, type AuditRecord } from './chain.js';

/** Serialises appends: the chain needs each entry to see the hash of the one before it. */
const AUDIT_LOCK = 7312003;

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

export async function appendEntry(tx: Queryable, entry: Omit<AuditRecord, 'seq' | 'at'>): Promise<number> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK]);
  const [head] = await tx.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_head WHERE id = 1');
  const record: AuditRecord = { ...entry, seq: (head?.seq ?? 0) + 1, at: new Date() };
  const prevHash = head?.hash ?? GENESIS_HASH;
  const hash = entryHash(prevHash, record);
  await tx.query(
    `INSERT INTO audit_log (seq, at, actor_kind, actor_id, actor_org_id, action, entity_type, entity_id,
                            ip, reason, details, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [record.seq, record.at, record.actorKind, record.actorId, record.actorOrgId, record.action, record.entityType,
      record.entityId, record.ip, record.reason, JSON.stringify(record.details), prevHash, hash],
  );
  await tx.query(
    `INSERT INTO audit_head (id, seq, hash) VALUES (1, $1, $2)
     ON CONFLICT (id) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash`,
    [record.seq, hash],
  );
  return record.seq;
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

export async function readHead(q: Queryable): Promise<{ seq: number; hash: string } | undefined> {
  const [head] = await q.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_head WHERE id = 1');
  return head;
}

export interface AuditListFilter {
  entityType?: string;
  entityId?: string;
  actorId?: string;
  limit: number;
  beforeSeq?: number;
}

export async function listEntries(q: Queryable, f: AuditListFilter): Promise<AuditRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, value: unknown) => {
    params.push(value);
    where.push(clause.replace('?', `$${params.length}`));
  };
  if (f.entityType) add('entity_type = ?', f.entityType);
  if (f.entityId) add('entity_id = ?', f.entityId);
  if (f.actorId) add('actor_id = ?', f.actorId);
  if (f.beforeSeq) add('seq < ?', f.beforeSeq);
  params.push(f.limit);
  return q.query<AuditRow>(
    `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT $${params.length}`,
    params,
  );
}

export type { AuditRow };
