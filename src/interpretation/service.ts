import type { RequestContext } from '../auth/index.js';
import { audit } from '../audit/index.js';
import type { JobQueue } from '../jobs/queue.js';
import { conflict, invalidInput, notFound } from '../errors.js';
import { withdrawnSamples } from '../intake/index.js';
import { assertCaseAccess, randomId } from '../registry/index.js';
import { enqueueInterpretation } from './jobs.js';
import { caseFamily, notReady, type RunDeps, type ServerKnowledge } from './run.js';
import * as store from './store.js';

export interface InterpretationDeps extends RunDeps {
  queue: JobQueue | null;
}

function requireKnowledge(k: ServerKnowledge | null): ServerKnowledge {
  if (!k) throw conflict('KNOWLEDGE_UNAVAILABLE', 'no knowledge bundle is loaded (set KIBAN_KNOWLEDGE_DIR)', {});
  return k;
}

function termView(k: ServerKnowledge | null, id: string): { id: string; label: string | null } {
  return { id, label: k?.bundle.hpoOntology?.terms[id]?.label ?? null };
}

/** The case's current HPO terms (an audited read of individual-level data). */
export async function getPhenotype(deps: InterpretationDeps, ctx: RequestContext, caseId: string) {
  return deps.db.transaction(async (tx) => {
    await assertCaseAccess(tx, ctx.actor, caseId);
    const set = await store.currentPhenotypeSet(tx, caseId);
    await audit(tx, ctx, { action: 'phenotype.read', entityType: 'case', entityId: caseId });
    return { caseId, terms: (set?.terms ?? []).map((t) => termView(deps.knowledge, t)), setBy: set?.set_by ?? null, setAt: set?.set_at.toISOString() ?? null };
  });
}

/**
 * Replaces the case's HPO terms with a new set (the previous sets stay). Each term must be a
 * current term of the loaded HPO; an alternative id is stored as its current id. Unknown terms
 * are refused all together, naming each, and nothing is stored.
 */
export async function setPhenotype(deps: InterpretationDeps, ctx: RequestContext, caseId: string, terms: string[]) {
  const k = requireKnowledge(deps.knowledge);
  const ontology = k.bundle.hpoOntology;
  if (!ontology) throw conflict('KNOWLEDGE_NO_HPO', 'the knowledge bundle has no HPO ontology', {});
  const resolved = terms.map((t) => (ontology.terms[t] ? t : ontology.altIds[t] ?? null));
  const unknown = terms.filter((_, i) => resolved[i] === null);
  if (unknown.length > 0) {
    throw invalidInput('HPO_TERM_UNKNOWN', `terms: not in HPO ${k.bundle.manifest.sources.find((s) => s.key === 'hpoOntology')?.version ?? '(unversioned)'}: ${unknown.join(', ')}`, { field: 'body.terms' });
  }
  const unique = [...new Set(resolved as string[])];
  return deps.db.transaction(async (tx) => {
    await assertCaseAccess(tx, ctx.actor, caseId, { forUpdate: true });
    const row = await store.insertPhenotypeSet(tx, { id: randomId('PS-', 12), case_id: caseId, terms: unique, set_by: ctx.actor.id });
    await audit(tx, ctx, { action: 'phenotype.set', entityType: 'case', entityId: caseId, details: { terms: unique } });
    return { caseId, terms: unique.map((t) => termView(k, t)), setBy: row.set_by, setAt: row.set_at.toISOString() };
  });
}

/**
 * A relative who withdrew after a run (DESIGN: their data are no longer used): their sample and
 * genotypes are left out of what the run shows; the ranking itself is the run's, and a new run
 * ranks without them (docs/interpretation.md).
 */
function withoutWithdrawn(c: store.CandidateRow, gone: ReadonlySet<string>): store.CandidateRow {
  if (gone.size === 0) return c;
  const variants = (c.variants as Array<{ calls?: Record<string, unknown> }>).map((v) => ({
    ...v, calls: Object.fromEntries(Object.entries(v.calls ?? {}).filter(([s]) => !gone.has(s))),
  }));
  return { ...c, variants };
}

function runView(r: store.RunRow & { candidates?: number }, gone: ReadonlySet<string> = new Set()) {
  const family = (r.family as Array<{ sampleId: string | null }>).filter((m) => !m.sampleId || !gone.has(m.sampleId));
  return {
    id: r.id, caseId: r.case_id, status: r.status, knowledge: { id: r.knowledge_id, curatedVersion: r.curated_version, sources: r.knowledge_sources, demo: r.knowledge_demo },
    pipelineVersion: r.pipeline_version, hpoTerms: r.hpo_terms, family, error: r.error, requestedBy: r.requested_by,
    createdAt: r.created_at.toISOString(), finishedAt: r.finished_at?.toISOString() ?? null, ...(r.candidates !== undefined ? { candidates: r.candidates } : {}),
  };
}

/** The case's runs, newest first, and whether a new run can start now. */
export async function listRuns(deps: InterpretationDeps, ctx: RequestContext, caseId: string) {
  const { runs, family, gone } = await deps.db.transaction(async (tx) => {
    await assertCaseAccess(tx, ctx.actor, caseId);
    const out = { runs: await store.runsOfCase(tx, caseId), family: await caseFamily(tx, caseId), gone: new Set(await withdrawnSamples(tx)) };
    await audit(tx, ctx, { action: 'interpretation.runs.read', entityType: 'case', entityId: caseId });
    return out;
  });
  return { caseId, notReady: await notReady(deps, family), items: runs.map((r) => runView(r, gone)) };
}

/** One run with its ranked candidates and every variant's evidence (an audited read). */
export async function getRunDetail(deps: InterpretationDeps, ctx: RequestContext, runId: string, limit: number) {
  return deps.db.transaction(async (tx) => {
    const run = await store.getRun(tx, runId);
    if (!run) throw notFound('interpretation run', runId);
    await assertCaseAccess(tx, ctx.actor, run.case_id).catch((err: { kind?: string }) => {
      throw err.kind === 'not_found' ? notFound('interpretation run', runId) : err;
    });
    const gone = new Set(await withdrawnSamples(tx));
    const candidates = (await store.candidatesOf(tx, runId, limit)).map((c) => withoutWithdrawn(c, gone));
    await audit(tx, ctx, { action: 'interpretation.read', entityType: 'case', entityId: run.case_id, details: { runId } });
    return {
      run: runView(run, gone),
      candidates: candidates.map((c) => ({
        rank: c.rank, gene: c.gene, mode: c.mode, score: c.score, variantScore: c.variant_score, phenotypeScore: c.phenotype_score,
        acmgClass: c.acmg_class, variants: c.variants, phenotype: c.phenotype, explanation: c.explanation,
      })),
    };
  });
}

/** Queues a run of the case (after new HPO terms, or new knowledge). */
export async function requestRun(deps: InterpretationDeps, ctx: RequestContext, caseId: string) {
  requireKnowledge(deps.knowledge);
  if (!deps.queue) throw conflict('JOB_QUEUE_UNAVAILABLE', 'the job queue is not available in this server process', {});
  const family = await deps.db.transaction(async (tx) => {
    await assertCaseAccess(tx, ctx.actor, caseId);
    await audit(tx, ctx, { action: 'interpretation.request', entityType: 'case', entityId: caseId });
    return caseFamily(tx, caseId);
  });
  const why = await notReady(deps, family);
  if (why) throw conflict('INTERPRETATION_NOT_READY', `case ${caseId}: ${why}`, {});
  return { caseId, jobId: await enqueueInterpretation(deps.queue, { caseId, requestedBy: ctx.actor.id }) };
}

/** HPO terms whose id or label contains the text (case-insensitive), for the term picker. */
export function searchHpo(k: ServerKnowledge | null, text: string, limit: number) {
  const ontology = requireKnowledge(k).bundle.hpoOntology;
  if (!ontology) return { items: [] };
  const q = text.trim().toLowerCase();
  const items: Array<{ id: string; label: string }> = [];
  for (const [id, t] of Object.entries(ontology.terms)) {
    if (id.toLowerCase().includes(q) || t.label.toLowerCase().includes(q)) items.push({ id, label: t.label });
    if (items.length >= limit) break;
  }
  return { items };
}

/** The demo's HPO terms for a case (set by `demo`, as a curator would), so its first run ranks with them. */
export async function seedDemoPhenotype(db: InterpretationDeps['db'], caseId: string, terms: string[]): Promise<void> {
  await store.insertPhenotypeSet(db, { id: randomId('PS-', 12), case_id: caseId, terms, set_by: 'demo' });
}
