import type { Actor, RequestContext } from '../auth/index.js';
import { audit } from '../audit/index.js';
import type { Db, Queryable } from '../db/index.js';
import { conflict, invalidInput, notFound } from '../errors.js';
import { assertCaseAccess, assertParticipantInUse, randomId, transitionCase } from '../registry/index.js';
import type { ObjectStore } from './object-store.js';
import type { IngestPort } from './pipeline.js';
import type { Logger } from '../log.js';
import type { QcGateConfig } from './qc-gates.js';
import type { RefsBody, Run, RunBody } from './schemas.js';
import * as store from './store.js';
import { toRef, toRun } from './views.js';

/**
 * Sequencing runs and file references. A sequencing company registers a run for a specimen it
 * checked in; the case moves received → sequenced (or qc_failed → sequenced: re-sequencing from the
 * stored specimen, which fulfils the open re-sequencing request). One transaction per command.
 */
export interface IntakeDeps {
  db: Db;
  objects: ObjectStore;
  gates: QcGateConfig;
  ingest: IngestPort;
  maxUploadBytes: number;
  /** Counts of other patients' samples below this are shown as "fewer than" (config.minCellSize). */
  minCellSize: number;
  log?: Pick<Logger, 'warn'>;
}

/** States in which a run may be registered; the first two move the case to sequenced. */
const RUN_STATES = new Set(['received', 'qc_failed', 'sequenced']);
const FUTURE_TOLERANCE_MS = 5 * 60_000;

export function isSequencer(actor: Actor): boolean {
  return actor.orgType === 'sequencing_company';
}

function checkSequencedAt(text: string): Date {
  const at = new Date(text);
  if (at.getTime() > Date.now() + FUTURE_TOLERANCE_MS) {
    throw invalidInput('INVALID_INPUT', `sequencedAt: ${text} is in the future`, { field: 'sequencedAt', rule: 'not_future' });
  }
  return at;
}

function checkRefs(refs: RefsBody['items'], field: string): void {
  const seen = new Set<string>();
  refs.forEach((r, i) => {
    if (seen.has(r.uri)) throw invalidInput('DUPLICATE_REFERENCE', `${field}.${i}.uri: ${r.uri} is listed twice`, { field: `${field}.${i}.uri` });
    seen.add(r.uri);
  });
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';
}

export async function registerRun(db: Db, ctx: RequestContext, caseId: string, body: RunBody): Promise<Run> {
  const sequencedAt = checkSequencedAt(body.sequencedAt);
  checkRefs(body.references ?? [], 'references');
  try {
    return await db.transaction(async (tx) => {
      const c = await assertCaseAccess(tx, ctx.actor, caseId, { forUpdate: true });
      const specimen = await store.specimenForRun(tx, body.specimenId, ctx.actor.orgId);
      if (!specimen || specimen.case_id !== caseId) {
        throw invalidInput('UNKNOWN_SPECIMEN', `specimenId: case ${caseId} has no specimen ${body.specimenId}`, { field: 'specimenId', rule: 'case_specimen', specimenId: body.specimenId });
      }
      if (!specimen.received_here || specimen.status !== 'received') {
        throw conflict('SPECIMEN_NOT_RECEIVED', `specimen ${specimen.barcode} was not checked in ok by ${ctx.actor.orgId}; only received specimens can be sequenced`, {
          specimenId: specimen.id, barcode: specimen.barcode, status: specimen.status,
        });
      }
      await assertParticipantInUse(tx, specimen.participant_id, 'specimen', specimen.id); // nothing is sequenced after a withdrawal
      if (!RUN_STATES.has(c.state)) {
        throw conflict('CASE_STATE', `case ${caseId} is ${c.state}: runs can be registered only when it is received, sequenced or qc_failed`, { caseId, state: c.state });
      }
      const now = new Date();
      const row: store.NewRun = {
        id: randomId('SR-', 12), case_id: caseId, specimen_id: specimen.id, seq_org_id: ctx.actor.orgId, sample_name: body.sampleName,
        platform: body.platform, instrument_run_id: body.instrumentRunId ?? null, library_prep: body.libraryPrep,
        read_length_bp: body.readLengthBp, paired_end: body.pairedEnd, pipeline_name: body.pipeline.name,
        pipeline_version: body.pipeline.version, reference_genome: body.referenceGenome ?? 'GRCh38', sequenced_at: sequencedAt,
        created_at: now, created_by: ctx.actor.id,
        mean_coverage: body.qc.meanCoverage, pct_bases_20x: body.qc.pctBases20x, pct_bases_30x: body.qc.pctBases30x,
        q30_pct: body.qc.q30Pct, duplication_pct: body.qc.duplicationPct, contamination_pct: body.qc.contaminationPct,
        insert_size_median_bp: body.qc.insertSizeMedianBp,
      };
      await store.insertRun(tx, row);
      const refs = (body.references ?? []).map((r) => newRef(row.id, r, now));
      for (const ref of refs) await store.insertRef(tx, ref);
      if (c.state !== 'sequenced') {
        await transitionCase(tx, ctx, caseId, 'sequenced', {
          note: `run ${row.id}: ${specimen.barcode} on ${body.platform}`, details: { kind: 'run_registered', runId: row.id, barcode: specimen.barcode, platform: body.platform },
        });
        if (c.state === 'qc_failed') await store.fulfilOpenRequests(tx, caseId, ctx.actor.orgId, row.id, now);
      }
      await audit(tx, ctx, {
        action: 'sequencing.run.create', entityType: 'sequencing_run', entityId: row.id,
        details: { caseId, specimenId: specimen.id, pipeline: `${body.pipeline.name} ${body.pipeline.version}`, references: refs.length },
      });
      const [full] = await store.runsByIds(tx, [row.id]);
      return toRun(full!, refs, []);
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw conflict('SAMPLE_NAME_TAKEN', `sampleName: case ${caseId} already has a run with sample name ${body.sampleName}`, { field: 'sampleName', sampleName: body.sampleName });
    }
    throw err;
  }
}

function newRef(runId: string, r: RefsBody['items'][number], at: Date): store.RefRow {
  return { id: randomId('FR-', 12), run_id: runId, type: r.type, uri: r.uri, sha256: r.sha256, size_bytes: r.sizeBytes ?? null, created_at: at };
}

/** The run if the caller's organisation produced it; 404 otherwise (run ids do not leak). */
async function ownRun(q: Queryable, actor: Actor, runId: string): Promise<store.RunRow> {
  const run = await store.getRun(q, runId);
  if (!run || run.seq_org_id !== actor.orgId) throw notFound('sequencing run', runId);
  return run;
}

export async function addReferences(db: Db, ctx: RequestContext, runId: string, body: RefsBody) {
  checkRefs(body.items, 'items');
  try {
    return await db.transaction(async (tx) => {
      await ownRun(tx, ctx.actor, runId);
      const now = new Date();
      const refs = body.items.map((r) => newRef(runId, r, now));
      for (const ref of refs) await store.insertRef(tx, ref);
      await audit(tx, ctx, { action: 'sequencing.refs.add', entityType: 'sequencing_run', entityId: runId, details: { count: refs.length } });
      return { items: (await store.refsOfRuns(tx, [runId])).map(toRef) };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('REFERENCE_EXISTS', `run ${runId} already has a reference with one of these URIs`, { field: 'items' });
    throw err;
  }
}
