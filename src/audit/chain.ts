import { createHash, createHmac } from 'node:crypto';

/**
 * The audit hash chain. Each entry's hash is HMAC-SHA256, keyed with a key derived from the
 * platform secret (never stored in the database), over the previous entry's hash and the entry's
 * canonical JSON (keys sorted at every level, so jsonb's key reordering in storage does not change
 * it). Altering any stored field, or removing an entry, breaks the chain there, and someone who can
 * write the database but does not hold the secret cannot re-hash the entries after it. Entries
 * written before the chain was keyed (migration 018 records where keying began) keep their plain
 * SHA-256; see docs/audit.md.
 */
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditRecord {
  seq: number;
  at: Date;
  actorKind: 'user' | 'token' | 'system';
  actorId: string | null;
  actorOrgId: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  ip: string | null;
  reason: string | null;
  details: Record<string, unknown>;
}

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** `key` undefined: the unkeyed SHA-256 of entries written before keying began. */
export function entryHash(prevHash: string, record: AuditRecord, key: Buffer | undefined): string {
  const body = canonicalJson({ ...record, at: record.at.toISOString() });
  const h = key ? createHmac('sha256', key) : createHash('sha256');
  return h.update(prevHash).update('\n').update(body).digest('hex');
}
