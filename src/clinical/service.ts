import { randomUUID } from 'node:crypto';
import type { OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import type { RequestContext } from '../auth/index.js';
import { audit } from '../audit/index.js';
import type { Config } from '../config.js';
import type { Db, Queryable } from '../db/index.js';
import { KibanError, invalidInput, notFound } from '../errors.js';
import { assertParticipantInUse } from '../registry/index.js';
import { isSupportedType, type SupportedType } from './definitions.js';
import { prepare, type Prepared } from './intake.js';
import { identifierHmac, indexRows } from './search-index.js';
import { requireScope } from '../auth/index.js';
import * as store from './store.js';

export interface Deps { db: Db; config: Config }

/** The label FHIR gives a resource some of whose content was withheld (v3 ObservationValue). */
const REDACTED = { system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue', code: 'REDACTED', display: 'redacted' };

export interface WriteResult {
  status: 200 | 201;
  resource: Resource;
  issues: OperationOutcomeIssue[];
}

export function supportedType(type: string): SupportedType {
  if (!isSupportedType(type)) throw new KibanError('not_found', 'FHIR_UNSUPPORTED_TYPE', `${type} is not a resource type this server supports`, { field: 'type' });
  return type;
}

/** The resource as served: stored content with id and meta.versionId/lastUpdated. */
export function render(row: Pick<store.ResourceRow, 'version_id' | 'last_updated' | 'content'>): Resource {
  return { ...row.content, meta: { ...row.content.meta, versionId: String(row.version_id), lastUpdated: row.last_updated.toISOString() } };
}

function stamp(p: Prepared, id: string, redacted: boolean): Resource {
  const meta = { ...p.stored.meta };
  delete meta.versionId;
  delete meta.lastUpdated;
  if (redacted && !meta.security?.some((s) => s.code === REDACTED.code)) meta.security = [...(meta.security ?? []), REDACTED];
  const out = { ...p.stored, id } as Resource;
  if (Object.keys(meta).length) out.meta = meta;
  else delete out.meta;
  return out;
}

/** Stores a prepared resource as version 1 (create) or the next version (update) in `tx`. */
export async function storePrepared(
  tx: Queryable, deps: Deps, ctx: RequestContext, p: Prepared, id: string, previous?: store.ResourceRow,
): Promise<store.ResourceRow> {
  const hospital = ctx.actor.orgId;
  const row: store.ResourceRow = {
    resource_type: p.type, id, hospital_org_id: hospital, participant_id: p.participantId,
    version_id: (previous?.version_id ?? 0) + 1, last_updated: new Date(), content: stamp(p, id, p.dropped.length > 0), sent_by: ctx.actor.id,
  };
  await assertParticipantInUse(tx, p.participantId, 'fhir_resource', `${p.type}/${id}`);
  if (p.type === 'Patient') {
    const other = await store.patientOfParticipant(tx, p.participantId);
    if (other && other.id !== id) {
      throw new KibanError('conflict', 'FHIR_PATIENT_EXISTS', `this participant already has Patient/${other.id}; update it or use If-None-Exist`, { field: 'Patient.identifier' });
    }
  }
  if (previous) await store.updateResource(tx, row);
  else await store.insertResource(tx, row);
  await store.replaceIndex(tx, p.type, id, indexRows(p.type, row.content, p.identifiers, (s, v) => identifierHmac(deps.config.secret, hospital, s, v)));
  await audit(tx, ctx, {
    action: previous ? 'fhir.update' : 'fhir.create', entityType: 'fhir_resource', entityId: `${p.type}/${id}`,
    details: { participantId: p.participantId, versionId: row.version_id, dropped: p.dropped.flatMap((i) => i.expression ?? []) },
  });
  return row;
}

/** `identifier=system|value` (the only conditional-create criterion supported) → matches at this hospital. */
export async function matchIdentifier(
  q: Queryable, deps: Deps, ctx: RequestContext, type: SupportedType, criteria: string, label = 'If-None-Exist',
): Promise<store.ResourceRow[]> {
  const params = new URLSearchParams(criteria);
  const keys = [...params.keys()];
  const value = params.get('identifier');
  if (keys.length !== 1 || keys[0] !== 'identifier' || !value) {
    throw invalidInput('FHIR_CONDITIONAL', `${label}: only identifier=system|value is supported, got ${JSON.stringify(criteria)}`, { field: label });
  }
  const bar = value.indexOf('|');
  const system = bar >= 0 ? value.slice(0, bar) || undefined : undefined;
  const code = bar >= 0 ? value.slice(bar + 1) : value;
  return store.findByIdentifier(q, type, ctx.actor.orgId, system ?? null, identifierHmac(deps.config.secret, ctx.actor.orgId, system, code));
}

export async function create(deps: Deps, ctx: RequestContext, type: string, body: unknown, ifNoneExist?: string): Promise<WriteResult> {
  const t = supportedType(type);
  requireScope(ctx.actor, t, 'write');
  return deps.db.transaction((tx) => createIn(tx, deps, ctx, t, body, { ifNoneExist }));
}

/**
 * Create inside the caller's transaction. If-None-Exist: one match is returned (200) and nothing
 * is stored, two or more are 412. `id` is pre-assigned by a transaction Bundle; `path` roots the
 * OperationOutcome expressions at its entry.
 */
export async function createIn(
  tx: Queryable, deps: Deps, ctx: RequestContext, t: SupportedType, body: unknown,
  opts: { ifNoneExist?: string | undefined; id?: string; path?: string } = {},
): Promise<WriteResult> {
  if (opts.ifNoneExist !== undefined) {
    const found = await matchIdentifier(tx, deps, ctx, t, opts.ifNoneExist);
    if (found.length > 1) throw new KibanError('precondition_failed', 'FHIR_CONDITIONAL_MULTIPLE', `If-None-Exist: ${found.length} ${t} resources match`, { field: 'If-None-Exist' });
    if (found.length === 1) {
      await audit(tx, ctx, { action: 'fhir.read', entityType: 'fhir_resource', entityId: `${t}/${found[0]!.id}`, details: { via: 'If-None-Exist' } });
      return { status: 200, resource: render(found[0]!), issues: [] };
    }
  }
  const p = await prepare(tx, deps.config, ctx.actor.orgId, t, body, opts.path);
  const row = await storePrepared(tx, deps, ctx, p, opts.id ?? randomUUID(), undefined);
  return { status: 201, resource: render(row), issues: [...p.warnings, ...p.dropped] };
}

/** A resource of the caller's hospital, or not found: another hospital's resource is not revealed. */
async function ownRow(q: Queryable, ctx: RequestContext, type: SupportedType, id: string, forUpdate = false): Promise<store.ResourceRow> {
  const row = await store.getResource(q, type, id, { forUpdate });
  if (!row || row.hospital_org_id !== ctx.actor.orgId) throw notFound(type, id);
  // A withdrawn participant's resources are no longer used (docs/consent-withdrawal.md): their
  // hospital is told why, as for its other records of them.
  await assertParticipantInUse(q, row.participant_id, 'fhir_resource', `${type}/${id}`);
  return row;
}

export async function update(deps: Deps, ctx: RequestContext, type: string, id: string, body: unknown, ifMatch?: string): Promise<WriteResult> {
  const t = supportedType(type);
  requireScope(ctx.actor, t, 'write');
  return deps.db.transaction((tx) => updateIn(tx, deps, ctx, t, id, body, { ifMatch }));
}

export async function updateIn(
  tx: Queryable, deps: Deps, ctx: RequestContext, t: SupportedType, id: string, body: unknown,
  opts: { ifMatch?: string | undefined; path?: string } = {},
): Promise<WriteResult> {
  const bodyId = (body as { id?: unknown } | null)?.id;
  const root = opts.path ?? t;
  if (bodyId !== id) throw invalidInput('FHIR_ID_MISMATCH', `${root}.id: must be ${id} (the id in the URL), got ${JSON.stringify(bodyId ?? null)}`, { field: `${root}.id` });
  const previous = await ownRow(tx, ctx, t, id, true);
  if (opts.ifMatch !== undefined && opts.ifMatch !== `W/"${previous.version_id}"`) {
    throw new KibanError('precondition_failed', 'FHIR_VERSION_CONFLICT', `If-Match ${opts.ifMatch}: ${t}/${id} is at version ${previous.version_id}`, { field: 'If-Match' });
  }
  const p = await prepare(tx, deps.config, ctx.actor.orgId, t, body, opts.path, previous.participant_id);
  if (p.participantId !== previous.participant_id) throw invalidResource422(root, 'an update cannot move a resource to another patient');
  const row = await storePrepared(tx, deps, ctx, p, id, previous);
  return { status: 200, resource: render(row), issues: [...p.warnings, ...p.dropped] };
}

/**
 * Conditional update, `PUT [type]?identifier=system|value` (FHIR R4 §3.1.0.4.3): no match creates,
 * one match is updated (a body id, if any, must be that match's), two or more are 412.
 */
export async function conditionalUpdate(deps: Deps, ctx: RequestContext, type: string, criteria: string, body: unknown): Promise<WriteResult> {
  const t = supportedType(type);
  requireScope(ctx.actor, t, 'write');
  return deps.db.transaction((tx) => conditionalUpdateIn(tx, deps, ctx, t, criteria, body));
}

export async function conditionalUpdateIn(
  tx: Queryable, deps: Deps, ctx: RequestContext, t: SupportedType, criteria: string, body: unknown, opts: { path?: string } = {},
): Promise<WriteResult> {
  const found = await matchIdentifier(tx, deps, ctx, t, criteria, 'search');
  if (found.length > 1) throw new KibanError('precondition_failed', 'FHIR_CONDITIONAL_MULTIPLE', `${t}?${criteria}: ${found.length} resources match`, { field: 'search' });
  const bodyId = (body as { id?: unknown } | null)?.id;
  const root = opts.path ?? t;
  if (!found.length) {
    if (bodyId !== undefined) throw invalidInput('FHIR_ID_MISMATCH', `${root}.id: no ${t} matches ${criteria}, so the server assigns the id; leave it out`, { field: `${root}.id` });
    return createIn(tx, deps, ctx, t, body, opts.path ? { path: opts.path } : {});
  }
  const id = found[0]!.id;
  if (bodyId !== undefined && bodyId !== id) throw invalidInput('FHIR_ID_MISMATCH', `${root}.id: must be ${id} (the match of ${criteria}), got ${JSON.stringify(bodyId)}`, { field: `${root}.id` });
  return updateIn(tx, deps, ctx, t, id, { ...(body as object), id }, opts.path ? { path: opts.path } : {});
}

function invalidResource422(expression: string, message: string): KibanError {
  return new KibanError('unprocessable', 'FHIR_RULE', `${expression}: ${message}`, { field: expression });
}

export async function read(deps: Deps, ctx: RequestContext, type: string, id: string): Promise<Resource> {
  const t = supportedType(type);
  requireScope(ctx.actor, t, 'read');
  return deps.db.transaction((tx) => readIn(tx, ctx, t, id));
}

export async function readIn(tx: Queryable, ctx: RequestContext, t: SupportedType, id: string): Promise<Resource> {
  const row = await ownRow(tx, ctx, t, id);
  await audit(tx, ctx, { action: 'fhir.read', entityType: 'fhir_resource', entityId: `${t}/${id}`, details: { participantId: row.participant_id } });
  return render(row);
}

export async function vread(deps: Deps, ctx: RequestContext, type: string, id: string, versionId: string): Promise<Resource> {
  const t = supportedType(type);
  requireScope(ctx.actor, t, 'read');
  return deps.db.transaction(async (tx) => {
    const row = await ownRow(tx, ctx, t, id);
    const v = /^\d+$/.test(versionId) ? await store.version(tx, t, id, Number(versionId)) : undefined;
    if (!v) throw notFound(`${t}/${id} version`, versionId);
    await audit(tx, ctx, { action: 'fhir.read', entityType: 'fhir_resource', entityId: `${t}/${id}`, details: { participantId: row.participant_id, versionId: v.version_id } });
    return render({ ...v, content: { ...v.content, id } });
  });
}

export async function history(deps: Deps, ctx: RequestContext, type: string, id: string): Promise<Resource[]> {
  const t = supportedType(type);
  requireScope(ctx.actor, t, 'read');
  return deps.db.transaction(async (tx) => {
    const row = await ownRow(tx, ctx, t, id);
    const versions = await store.history(tx, t, id);
    await audit(tx, ctx, { action: 'fhir.history', entityType: 'fhir_resource', entityId: `${t}/${id}`, details: { participantId: row.participant_id, versions: versions.length } });
    return versions.map(render);
  });
}
