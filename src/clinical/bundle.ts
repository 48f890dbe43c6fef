import { randomUUID } from 'node:crypto';
import type { Bundle, BundleEntry, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import type { RequestContext } from '../auth/index.js';
import { KibanError, invalidInput } from '../errors.js';
import type { Queryable } from '../db/index.js';
import { errorOutcome, outcome, toOutcome } from './outcome.js';
import { findReferences, parseRelative } from './references.js';
import { requireScope } from '../auth/index.js';
import { conditionalUpdateIn, createIn, readIn, supportedType, updateIn, type Deps, type WriteResult } from './service.js';

/** One entry of a transaction or batch, parsed: what to do, to which type and id. */
interface Op {
  index: number;
  path: string;
  method: 'POST' | 'PUT' | 'GET';
  type: ReturnType<typeof supportedType>;
  id?: string;
  /** PUT Type?identifier=…: a conditional update. */
  criteria?: string;
  fullUrl?: string;
  ifNoneExist?: string;
  ifMatch?: string;
  resource?: Resource;
}

const STATUS_TEXT: Record<number, string> = { 200: '200 OK', 201: '201 Created' };

function parseEntry(entry: BundleEntry, index: number): Op {
  const path = `Bundle.entry[${index}]`;
  const method = entry.request?.method;
  const url = entry.request?.url ?? '';
  if (method !== 'POST' && method !== 'PUT' && method !== 'GET') {
    throw invalidInput('FHIR_BUNDLE', `${path}.request.method: ${JSON.stringify(method ?? null)} is not supported (POST, PUT, GET)`, { field: `${path}.request.method` });
  }
  const [path0, query] = url.split('?') as [string, string | undefined];
  const [typeName, id, extra] = path0.split('/');
  const conditional = method === 'PUT' && query !== undefined && id === undefined;
  if (!typeName || extra !== undefined || (!conditional && ((method === 'POST') !== (id === undefined) || query !== undefined))) {
    throw invalidInput('FHIR_BUNDLE', `${path}.request.url: ${JSON.stringify(url)} is not a ${method === 'POST' ? 'Type' : 'Type/id'} URL`, { field: `${path}.request.url` });
  }
  const type = supportedType(typeName);
  return {
    index, path, method, type, ...(id ? { id } : {}), ...(conditional ? { criteria: query! } : {}),
    ...(entry.fullUrl ? { fullUrl: entry.fullUrl } : {}),
    ...(entry.request?.ifNoneExist ? { ifNoneExist: entry.request.ifNoneExist } : {}),
    ...(entry.request?.ifMatch ? { ifMatch: entry.request.ifMatch } : {}),
    ...(entry.resource ? { resource: structuredClone(entry.resource) } : {}),
  };
}

function responseEntry(base: string, r: WriteResult | Resource, status: number, issues: OperationOutcomeIssue[] = []): BundleEntry {
  const resource = 'resource' in r && 'status' in r ? (r as WriteResult).resource : (r as Resource);
  return {
    fullUrl: `${base}/${resource.resourceType}/${resource.id}`,
    resource,
    response: {
      status: STATUS_TEXT[status] ?? String(status),
      location: `${base}/${resource.resourceType}/${resource.id}/_history/${resource.meta?.versionId}`,
      etag: `W/"${resource.meta?.versionId}"`,
      ...(resource.meta?.lastUpdated ? { lastModified: resource.meta.lastUpdated } : {}),
      ...(issues.length ? { outcome: outcome(issues) } : {}),
    },
  };
}

function parseBundle(body: unknown): { type: 'transaction' | 'batch'; entries: BundleEntry[] } {
  const b = body as Bundle | null;
  if (!b || b.resourceType !== 'Bundle') throw invalidInput('FHIR_BUNDLE', 'Bundle.resourceType: expected Bundle', { field: 'Bundle.resourceType' });
  if (b.type !== 'transaction' && b.type !== 'batch') {
    throw invalidInput('FHIR_BUNDLE', `Bundle.type: expected transaction or batch, got ${JSON.stringify(b.type ?? null)}`, { field: 'Bundle.type' });
  }
  return { type: b.type, entries: b.entry ?? [] };
}

/** POST [base] with a transaction or batch Bundle; returns the matching -response Bundle. */
export async function processBundle(deps: Deps, ctx: RequestContext, body: unknown, base: string): Promise<Bundle> {
  const { type, entries } = parseBundle(body);
  if (type === 'batch') return processBatch(deps, ctx, entries, base);
  const ops = entries.map(parseEntry);
  for (const op of ops) requireScope(ctx.actor, op.type, op.method === 'GET' ? 'read' : 'write');
  const results = await deps.db.transaction((tx) => runTransaction(tx, deps, ctx, ops, base));
  return { resourceType: 'Bundle', type: 'transaction-response', entry: results };
}

/**
 * All or nothing, in one database transaction. Each POST gets its id first, so that `urn:uuid:`
 * references between entries (FHIR R4 §3.1.0.11.2) are rewritten to `Type/id` before any entry is
 * checked; entries then run in an order where what an entry references is stored before it.
 */
async function runTransaction(tx: Queryable, deps: Deps, ctx: RequestContext, ops: Op[], base: string): Promise<BundleEntry[]> {
  const ids = new Map<string, string>();
  for (const op of ops) {
    if (op.method !== 'POST') continue;
    op.id = randomUUID();
    if (!op.fullUrl) continue;
    ids.set(op.fullUrl, `${op.type}/${op.id}`);
    // A relative reference resolves against the fullUrl of the entry it names (§3.1.0.11.2).
    const tail = /\/([A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64})$/.exec(op.fullUrl);
    if (tail && tail[1]!.startsWith(`${op.type}/`)) ids.set(tail[1]!, `${op.type}/${op.id}`);
  }
  const dependsOn = new Map<Op, Set<string>>();
  for (const op of ops) {
    const deps2 = new Set<string>();
    for (const ref of op.resource ? findReferences(op.resource, `${op.path}.resource`) : []) {
      const target = ids.get(ref.reference);
      if (target) {
        ref.set(target);
        deps2.add(target);
      } else if (ref.reference.startsWith('urn:uuid:')) {
        throw new KibanError('unprocessable', 'FHIR_RULE', `${ref.path}: ${ref.reference} is not the fullUrl of an entry in this Bundle`, { field: ref.path });
      } else if (parseRelative(ref.reference)) deps2.add(ref.reference);
    }
    dependsOn.set(op, deps2);
  }
  const results: BundleEntry[] = new Array(ops.length);
  const done = new Set<string>();
  const pending = [...ops];
  while (pending.length) {
    const inBundle = (r: string) => ops.some((o) => o.method === 'POST' && `${o.type}/${o.id}` === r);
    const next = pending.findIndex((op) => [...dependsOn.get(op)!].every((r) => !inBundle(r) || done.has(r)));
    const [op] = pending.splice(Math.max(next, 0), 1);
    results[op!.index] = await runOp(tx, deps, ctx, op!, base);
    const stored = results[op!.index]!.resource!;
    done.add(`${op!.type}/${op!.id ?? stored.id}`);
    if (op!.method === 'POST' && stored.id !== op!.id) rewriteTo(ops, `${op!.type}/${op!.id}`, `${op!.type}/${stored.id}`);
  }
  return results;
}

/** A conditional create that matched an existing resource: entries referring to it follow. */
function rewriteTo(ops: Op[], from: string, to: string): void {
  for (const op of ops) for (const ref of op.resource ? findReferences(op.resource, `${op.path}.resource`) : []) if (ref.reference === from) ref.set(to);
}

async function runOp(tx: Queryable, deps: Deps, ctx: RequestContext, op: Op, base: string): Promise<BundleEntry> {
  try {
    const path = `${op.path}.resource`;
    if (op.method === 'GET') return responseEntry(base, await readIn(tx, ctx, op.type, op.id!), 200);
    if (!op.resource) throw invalidInput('FHIR_BUNDLE', `${path}: required for ${op.method}`, { field: path });
    const r = op.method === 'POST'
      ? await createIn(tx, deps, ctx, op.type, op.resource, { ifNoneExist: op.ifNoneExist, id: op.id!, path })
      : op.criteria !== undefined
        ? await conditionalUpdateIn(tx, deps, ctx, op.type, op.criteria, op.resource, { path })
        : await updateIn(tx, deps, ctx, op.type, op.id!, op.resource, { ifMatch: op.ifMatch, path });
    return responseEntry(base, r, r.status, r.issues);
  } catch (err) {
    throw atEntry(err, op);
  }
}

/** Errors without FHIR issues of their own are prefixed with the entry they came from. */
function atEntry(err: unknown, op: Op): unknown {
  if (!(err instanceof KibanError) || err.details.issues || err.message.startsWith(op.path)) return err;
  const field = err.details.field ? `${op.path}: ${err.details.field}` : op.path;
  return new KibanError(err.kind, err.code, `${op.path}: ${err.message}`, { ...err.details, field });
}

/** Each entry on its own (FHIR R4 §3.1.0.11.1); a failed entry answers with its OperationOutcome. */
async function processBatch(deps: Deps, ctx: RequestContext, entries: BundleEntry[], base: string): Promise<Bundle> {
  const out: BundleEntry[] = [];
  for (const [i, entry] of entries.entries()) {
    try {
      const op = parseEntry(entry, i);
      requireScope(ctx.actor, op.type, op.method === 'GET' ? 'read' : 'write');
      out.push(await deps.db.transaction((tx) => runOp(tx, deps, ctx, op, base)));
    } catch (err) {
      const o = toOutcome(err);
      if (o.internal) throw err;
      out.push({ response: { status: String(o.status), outcome: err instanceof KibanError ? errorOutcome(err) : o.body } });
    }
  }
  return { resourceType: 'Bundle', type: 'batch-response', entry: out };
}

