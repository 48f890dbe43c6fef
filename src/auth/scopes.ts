import type { Actor } from './roles.js';
import { forbidden } from '../errors.js';

/**
 * SMART on FHIR system scopes (App Launch 2.0 §3.0.2): v1 `system/<Type|*>.<read|write|*>` and
 * v2 `system/<Type|*>.<cruds>`. Kiban API tokens of the hospital's EHR (no scopes) may do both.
 */
const SCOPE = /^system\/([A-Za-z]+|\*)\.(read|write|\*|[cruds]+)$/;

export function parseScope(scope: string): { type: string; read: boolean; write: boolean } | undefined {
  const m = SCOPE.exec(scope);
  if (!m) return undefined;
  const [, type, access] = m as unknown as [string, string, string];
  if (access === 'read' || access === 'write' || access === '*') {
    return { type, read: access !== 'write', write: access !== 'read' };
  }
  return { type, read: /[rs]/.test(access), write: /[cud]/.test(access) };
}

export function allows(scopes: readonly string[], type: string, access: 'read' | 'write'): boolean {
  return scopes.some((s) => {
    const p = parseScope(s);
    return p !== undefined && (p.type === '*' || p.type === type) && p[access];
  });
}

export function requireScope(actor: Actor, type: string, access: 'read' | 'write'): void {
  if (!actor.scopes) return;
  if (!allows(actor.scopes, type, access)) {
    throw forbidden(`the access token's scopes (${actor.scopes.join(' ')}) do not allow ${access} of ${type}`, { rule: 'scope' });
  }
}
