import { createHmac, randomBytes } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `prefix` + `length` random Crockford base32 characters (5 bits each: P-… has 50 bits). */
export function randomId(prefix: string, length: number): string {
  let out = prefix;
  for (const b of randomBytes(length)) out += CROCKFORD[b & 31];
  return out;
}

/** K-000001 … K-999999, then K-1000000: the number never loses digits. */
export function caseIdFromNumber(n: number): string {
  return `K-${String(n).padStart(6, '0')}`;
}

/**
 * The hospital's own patient id is never stored: only HMAC-SHA256 keyed with the platform secret
 * over `hospitalOrgId:patientId`, so the same patient at the same hospital is recognised (the
 * UNIQUE (hospital_org_id, patient_id_hmac) constraint) while a database dump reveals nothing and
 * the same id at two hospitals gives unrelated values. Surrounding spaces are not part of the id.
 */
export function patientIdHmac(secret: string, hospitalOrgId: string, patientId: string): string {
  return createHmac('sha256', secret).update(`${hospitalOrgId}:${patientId.trim()}`).digest('hex');
}
