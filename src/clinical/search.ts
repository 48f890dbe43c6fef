import type { Bundle, Resource } from '@medplum/fhirtypes';
import type { RequestContext } from '../auth/index.js';
import { audit } from '../audit/index.js';
import { invalidInput } from '../errors.js';
import { parseDateParam, type DatePrefix } from './dates.js';
import { SEARCH_PARAMS, searchParameter, type SupportedType } from './definitions.js';
import { identifierHmac } from './search-index.js';
import { requireScope } from '../auth/index.js';
import { render, supportedType, type Deps } from './service.js';
import * as store from './store.js';

export const DEFAULT_COUNT = 20;
export const MAX_COUNT = 200;
/** Result parameters and common ones Kiban answers, besides each type's SEARCH_PARAMS. */
export const COMMON_PARAMS = ['_id', '_lastUpdated', '_count', '_offset'] as const;

type Query = Record<string, string | string[] | undefined>;

const bad = (param: string, message: string) => invalidInput('INVALID_SEARCH', `${param}: ${message}`, { field: param, rule: 'search' });

/**
 * Conditions on the resource range [lo, hi) against a search range, per FHIR R4 §3.1.1.4.2.2
 * prefixes. `add` binds a value and returns its placeholder (only the bounds used are bound).
 */
function dateCondition(prefix: DatePrefix, lo: string, hi: string, range: { lo: Date; hi: Date }, add: (v: unknown) => number): string {
  const L = () => `$${add(range.lo)}`;
  const H = () => `$${add(range.hi)}`;
  switch (prefix) {
    case 'eq': return `(${lo} >= ${L()} AND ${hi} <= ${H()})`;
    case 'ne': return `NOT (${lo} >= ${L()} AND ${hi} <= ${H()})`;
    case 'gt': return `${hi} > ${H()}`;
    case 'lt': return `${lo} < ${L()}`;
    case 'ge': return `${hi} > ${L()}`;
    case 'le': return `${lo} < ${H()}`;
    case 'sa': return `${lo} >= ${H()}`;
    case 'eb': return `${hi} <= ${L()}`;
  }
}

class SqlBuilder {
  where: string[] = [];
  params: unknown[] = [];
  add(v: unknown): number {
    this.params.push(v);
    return this.params.length;
  }
}

function tokenClause(b: SqlBuilder, deps: Deps, ctx: RequestContext, param: string, value: string): string {
  const bar = value.indexOf('|');
  const system = bar >= 0 ? value.slice(0, bar) : undefined;
  let code = bar >= 0 ? value.slice(bar + 1) : value;
  if (param === 'identifier') {
    if (!code) throw bad(param, 'needs a value (identifier values are matched by keyed hash only)');
    code = identifierHmac(deps.config.secret, ctx.actor.orgId, system || undefined, code);
  }
  const conds: string[] = [];
  if (system) conds.push(`s.system = $${b.add(system)}`);
  if (system === '') conds.push('s.system IS NULL');
  if (code) conds.push(`s.code = $${b.add(code)}`);
  return conds.join(' AND ') || 'true';
}

function paramClause(b: SqlBuilder, deps: Deps, ctx: RequestContext, type: SupportedType, param: string, value: string): string {
  const sp = searchParameter(type, param);
  const alternatives = value.split(',').map((v) => {
    if (sp.type === 'reference') {
      const ref = v.includes('/') ? v : `Patient/${v}`;
      if (!/^Patient\/[A-Za-z0-9\-.]{1,64}$/.test(ref)) throw bad(param, `${JSON.stringify(v)} is not a Patient reference`);
      return `s.ref = $${b.add(ref)}`;
    }
    if (sp.type === 'date') {
      const { prefix, range } = parseDateParam(param, v);
      return dateCondition(prefix, "COALESCE(s.date_lo, '-infinity')", "COALESCE(s.date_hi, 'infinity')", range, (x) => b.add(x));
    }
    return tokenClause(b, deps, ctx, param, v);
  });
  return `EXISTS (SELECT 1 FROM fhir_search s WHERE s.resource_type = r.resource_type AND s.id = r.id AND s.param = $${b.add(param)}
          AND ((${alternatives.join(') OR (')})))`;
}

function intParam(q: Query, name: string, fallback: number, max: number): number {
  const raw = q[name];
  if (raw === undefined) return fallback;
  const v = Array.isArray(raw) ? raw[raw.length - 1]! : raw;
  if (!/^\d+$/.test(v) || Number(v) > max) throw bad(name, `expected an integer from 0 to ${max}, got ${JSON.stringify(v)}`);
  return Number(v);
}

/** The query as audited: identifier values are the patient's or an order's id, so only their system is kept. */
function auditedQuery(query: Query): Query {
  const out: Query = { ...query };
  if (out.identifier !== undefined) {
    const redact = (v: string) => `${v.includes('|') ? v.slice(0, v.lastIndexOf('|') + 1) : ''}[redacted]`;
    out.identifier = Array.isArray(out.identifier) ? out.identifier.map(redact) : redact(out.identifier);
  }
  return out;
}

export interface SearchPage { total: number; rows: store.ResourceRow[]; count: number; offset: number }

export async function runSearch(deps: Deps, ctx: RequestContext, type: string, query: Query): Promise<SearchPage & { type: SupportedType }> {
  const t = supportedType(type);
  requireScope(ctx.actor, t, 'read');
  const b = new SqlBuilder();
  b.where.push(`r.resource_type = $${b.add(t)}`, `r.hospital_org_id = $${b.add(ctx.actor.orgId)}`);
  for (const [param, raw] of Object.entries(query)) {
    if (param === '_count' || param === '_offset' || raw === undefined) continue;
    for (const value of Array.isArray(raw) ? raw : [raw]) {
      if (param === '_id') b.where.push(`r.id = ANY($${b.add(value.split(','))})`);
      else if (param === '_lastUpdated') {
        const { prefix, range } = parseDateParam(param, value);
        b.where.push(dateCondition(prefix, 'r.last_updated', "(r.last_updated + interval '1 millisecond')", range, (x) => b.add(x)));
      } else if ((SEARCH_PARAMS[t] as readonly string[]).includes(param)) b.where.push(paramClause(b, deps, ctx, t, param, value));
      else throw bad(param, `not a search parameter of ${t} on this server (see the CapabilityStatement)`);
    }
  }
  const count = intParam(query, '_count', DEFAULT_COUNT, MAX_COUNT);
  const offset = intParam(query, '_offset', 0, Number.MAX_SAFE_INTEGER);
  return deps.db.transaction(async (tx) => {
    const { total, rows } = await store.search(tx, b, count, offset);
    await audit(tx, ctx, {
      action: 'fhir.search', entityType: 'fhir_resource', entityId: t,
      details: { query: auditedQuery(query), returned: rows.map((r) => `${t}/${r.id}`), participantIds: [...new Set(rows.map((r) => r.participant_id))] },
    });
    return { type: t, total, rows, count, offset };
  });
}

/** A searchset Bundle with self/first/previous/next links that keep the query and move `_offset`. */
export function searchBundle(base: string, page: SearchPage & { type: SupportedType }, query: Query): Bundle {
  const link = (offset: number) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (k === '_offset' || k === '_count' || v === undefined) continue;
      for (const x of Array.isArray(v) ? v : [v]) params.append(k, x);
    }
    params.set('_count', String(page.count));
    params.set('_offset', String(offset));
    return `${base}/${page.type}?${params.toString()}`;
  };
  const links = [{ relation: 'self', url: link(page.offset) }, { relation: 'first', url: link(0) }];
  if (page.offset > 0) links.push({ relation: 'previous', url: link(Math.max(0, page.offset - page.count)) });
  if (page.count > 0 && page.offset + page.count < page.total) links.push({ relation: 'next', url: link(page.offset + page.count) });
  return {
    resourceType: 'Bundle', type: 'searchset', total: page.total, link: links,
    entry: page.rows.map((r) => ({ fullUrl: `${base}/${page.type}/${r.id}`, resource: render(r) as Resource, search: { mode: 'match' } })),
  };
}
