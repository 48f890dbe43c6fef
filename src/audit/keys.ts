import { createHmac } from 'node:crypto';
import { KibanError } from '../errors.js';

/**
 * The audit keys, derived from the platform secret (KIBAN_SECRET or `<dataDir>/secret`) as the
 * patient-id HMAC is keyed from it: one for the chain, one for signing checkpoints. They live in
 * the process only. Set once per process by openDb (the one place that turns a config into a
 * database); every audited write of that process uses them.
 */
export interface AuditKeys {
  chain: Buffer;
  checkpoint: Buffer;
}

let current: AuditKeys | undefined;

export function deriveAuditKeys(secret: string): AuditKeys {
  const derive = (label: string) => createHmac('sha256', secret).update(label).digest();
  return { chain: derive('kiban audit chain v1'), checkpoint: derive('kiban audit checkpoint v1') };
}

export function configureAuditKeys(secret: string): void {
  current = deriveAuditKeys(secret);
}

export function auditKeys(): AuditKeys {
  if (!current) throw new KibanError('internal', 'AUDIT_KEY_UNSET', 'the audit key was not configured (openDb sets it from the platform secret)');
  return current;
}
