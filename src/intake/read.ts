import type { RequestContext } from '../auth/index.js';
import { audit } from '../audit/index.js';
import { assertCaseAccess, visibleCases } from '../registry/index.js';
import type { CaseSequencing } from './schemas.js';
import type { IntakeDeps } from './service.js';
import { isSequencer } from './service.js';
import * as store from './store.js';
import { toEvaluation, toFile, toResequencing, toRun } from './views.js';

/**
 * Reads of sequencing data: a hospital its own cases, the data center and central management
 * every case, a sequencing company only its own runs, files and requests (of cases it received
 * specimens for). Every read is audited in the transaction that reads.
 */
export async function caseSequencing(deps: IntakeDeps, ctx: RequestContext, caseId: string): Promise<CaseSequencing> {
  return deps.db.transaction(async (tx) => {
    const c = await assertCaseAccess(tx, ctx.actor, caseId);
    const own = isSequencer(ctx.actor) ? ctx.actor.orgId : undefined;
    const runs = await store.runsOfCase(tx, caseId, own, true);
    const runIds = new Set(runs.map((r) => r.id));
    const refs = await store.refsOfRuns(tx, [...runIds]);
    const evaluations = (await store.evaluationsOfCase(tx, caseId))
      .map((e) => ({ ...e, gates: e.gates.filter((g) => runIds.has(g.runId)) }))
      .filter((e) => e.gates.length > 0 || !own);
    const files = await store.filesOfCase(tx, caseId, own);
    const progress = await deps.ingest.progress(tx, files.filter((f) => f.status === 'queued').map((f) => f.id));
    const requests = await store.resequencingOfCase(tx, caseId, own);
    await audit(tx, ctx, { action: 'sequencing.read', entityType: 'case', entityId: caseId, details: { runs: runs.length, files: files.length } });
    return {
      caseId, domain: c.domain, state: c.state,
      runs: runs.map((r) => toRun(r, refs, evaluations)),
      files: files.map((f) => toFile(f, progress.get(f.id), files.find((g) => g.replaces_file_id === f.id)?.id ?? null)),
      evaluations: evaluations.map(toEvaluation),
      resequencingRequests: requests.map(toResequencing),
    };
  });
}

/**
 * For the data center's desk: per case, its QC-passed files loaded, still on their way, or failed in
 * the variant store. Only cases with such files are listed. Counts, not individual-level data.
 */
export async function variantStatus(deps: IntakeDeps, ctx: RequestContext, caseIds: string[]) {
  // Through the case scope, so a case whose proband withdrew is not on the desk (docs/consent-withdrawal.md).
  const visible = await visibleCases(deps.db, ctx.actor, [...new Set(caseIds)]);
  const files = await store.ingestedFilesOfCases(deps.db, [...visible]);
  const progress = await deps.ingest.progress(deps.db, files.map((f) => f.id));
  const byCase = new Map<string, { caseId: string; loaded: number; inProgress: number; failed: number }>();
  for (const f of files) {
    const row = byCase.get(f.case_id) ?? { caseId: f.case_id, loaded: 0, inProgress: 0, failed: 0 };
    const status = progress.get(f.id)?.status ?? 'queued';
    if (status === 'loaded') row.loaded++;
    else if (status === 'failed') row.failed++;
    else if (status !== 'replaced') row.inProgress++;
    byCase.set(f.case_id, row);
  }
  return { items: [...byCase.values()] };
}

/** A sequencing company's own runs; every run for the data center and central management. */
export async function listRuns(deps: IntakeDeps, ctx: RequestContext, query: { limit?: number; offset?: number }) {
  const limit = query.limit ?? 50;
  const offset = query.offset ?? 0;
  return deps.db.transaction(async (tx) => {
    const { rows, total } = await store.listRuns(tx, isSequencer(ctx.actor) ? ctx.actor.orgId : null, limit, offset);
    const refs = await store.refsOfRuns(tx, rows.map((r) => r.id));
    const caseIds = [...new Set(rows.map((r) => r.case_id))];
    const evaluations = (await Promise.all(caseIds.map((id) => store.evaluationsOfCase(tx, id)))).flat()
      .sort((a, b) => a.at.getTime() - b.at.getTime());
    await audit(tx, ctx, { action: 'sequencing.run.list', entityType: 'sequencing_run', details: { count: rows.length, offset, ids: rows.map((r) => r.id) } });
    return { items: rows.map((r) => toRun(r, refs, evaluations)), total };
  });
}

export async function listResequencing(
  deps: IntakeDeps,
  ctx: RequestContext,
  query: { status?: 'open' | 'fulfilled'; limit?: number; offset?: number },
) {
  return deps.db.transaction(async (tx) => {
    const { rows, total } = await store.listResequencing(tx, {
      seqOrgId: isSequencer(ctx.actor) ? ctx.actor.orgId : null, status: query.status ?? null,
    }, query.limit ?? 50, query.offset ?? 0);
    await audit(tx, ctx, { action: 'sequencing.resequencing.list', details: { count: rows.length } });
    return { items: rows.map(toResequencing), total };
  });
}
