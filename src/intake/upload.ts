import type { Readable } from 'node:stream';
import type { RequestContext } from '../auth/index.js';
import { audit } from '../audit/index.js';
import type { Queryable } from '../db/index.js';
import { conflict, invalidInput } from '../errors.js';
import { assertCaseAccess, assertParticipantInUse, randomId, transitionCase, type CaseRow } from '../registry/index.js';
import type { Received } from './object-store.js';
import { judgeRound, type RoundOutcome } from './qc-round.js';
import type { UploadQuery } from './schemas.js';
import type { IntakeDeps } from './service.js';
import * as store from './store.js';
import { readVcfHeader } from './vcf-header-file.js';
import { mapSamples, type FileKind, type SampleMapping } from './vcf-samples.js';
import { toEvaluation, toFile, toResequencing } from './views.js';

/**
 * Result-file upload and the QC gates. The body is streamed to the object store and verified
 * against the declared SHA-256 before anything is written to the database; a mismatch, a header
 * that does not match the declared runs, or any later failure leaves no row and no object.
 *
 * The file that completes a round (cancer: the somatic VCF; rare disease: the germline VCF) moves
 * the case sequenced → data_received, and the platform, as the system actor, runs the gates on
 * every run the round's files came from: all pass → qc_passed and the files go to the variant store;
 * any fails → qc_failed with the reasons and a re-sequencing request to the sequencing company.
 * Supplementary files (a gVCF, a cancer germline VCF) are uploaded before it and ride along.
 */
export function completesRound(domain: CaseRow['domain'], kind: FileKind): boolean {
  return domain === 'cancer' ? kind === 'somatic_vcf' : kind === 'germline_vcf';
}

interface Checked {
  runs: store.RunRow[];
  pipeline: { name: string; version: string };
}

function parseRunIds(text: string): string[] {
  const ids = text.split(',');
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup) throw invalidInput('DUPLICATE_RUN', `runIds: run ${dup} is listed twice`, { field: 'runIds' });
  return ids;
}

/** Everything that can be checked before reading the body, so a wrong request is refused at once. */
async function precheck(q: Queryable, ctx: RequestContext, caseId: string, query: UploadQuery, lock: boolean): Promise<Checked & { c: CaseRow }> {
  const c = await assertCaseAccess(q, ctx.actor, caseId, { forUpdate: lock });
  if (query.replacesFileId) {
    const runs = await checkReplacement(q, ctx, c, query, query.replacesFileId);
    return { c, runs, pipeline: filePipeline(query, runs) };
  }
  if (c.state !== 'sequenced') {
    throw conflict('CASE_STATE', `case ${caseId} is ${c.state}: result files are accepted only when it is sequenced`, { caseId, state: c.state });
  }
  const ids = parseRunIds(query.runIds);
  const rows = new Map((await store.runsByIds(q, ids)).map((r) => [r.id, r]));
  const runs = ids.map((id) => {
    const r = rows.get(id);
    if (!r || r.case_id !== caseId || r.seq_org_id !== ctx.actor.orgId) {
      throw invalidInput('UNKNOWN_RUN', `runIds: case ${caseId} has no run ${id} from ${ctx.actor.orgId}`, { field: 'runIds' });
    }
    return r;
  });
  // Nothing is ingested for a participant who withdrew (checked before the body is read, and again
  // under the case lock in the upload's transaction).
  for (const r of [...runs].sort((a, b) => (a.participant_id < b.participant_id ? -1 : 1))) await assertParticipantInUse(q, r.participant_id, 'run', r.id);
  return { c, runs, pipeline: filePipeline(query, runs) };
}

/**
 * A corrected upload for a file whose ingest failed: the case must be at qc_passed, the file this
 * company's, its ingest failed for good, and the replacement of the same kind for the same runs
 * (their QC stands). Returns the runs.
 */
async function checkReplacement(q: Queryable, ctx: RequestContext, c: CaseRow, query: UploadQuery, fileId: string): Promise<store.RunRow[]> {
  if (c.state !== 'qc_passed') {
    throw conflict('CASE_STATE', `case ${c.id} is ${c.state}: a replacement file is accepted only when it is qc_passed`, { state: c.state });
  }
  const old = (await store.filesOfCase(q, c.id, ctx.actor.orgId)).find((f) => f.id === fileId);
  if (!old) throw invalidInput('UNKNOWN_FILE', `replacesFileId: case ${c.id} has no file ${fileId} from ${ctx.actor.orgId}`, { field: 'replacesFileId' });
  const ingests = await store.ingestsOfFile(q, fileId);
  if (old.status !== 'queued' || !ingests.some((i) => i.status === 'failed')) {
    const status = old.status === 'queued' ? ingests.map((i) => i.status ?? 'queued').join(', ') : old.status;
    throw conflict('FILE_NOT_REPLACEABLE', `file ${fileId} (${old.file_name}) is ${status}: only a file whose ingest failed can be replaced`, { fileId, status });
  }
  const ids = parseRunIds(query.runIds);
  if (query.kind !== old.kind || [...ids].sort().join(',') !== [...old.run_ids].sort().join(',')) {
    throw invalidInput('REPLACEMENT_MISMATCH',
      `runIds: a replacement of ${fileId} is a ${old.kind} of runs ${old.run_ids.join(',')}; got a ${query.kind} of ${ids.join(',')}`,
      { field: query.kind !== old.kind ? 'kind' : 'runIds' });
  }
  return store.runsByIds(q, old.run_ids);
}

function filePipeline(query: UploadQuery, runs: store.RunRow[]): { name: string; version: string } {
  if (query.pipelineName && query.pipelineVersion) return { name: query.pipelineName, version: query.pipelineVersion };
  if (query.pipelineName || query.pipelineVersion) {
    throw invalidInput('INVALID_INPUT', 'pipelineName: give pipelineName and pipelineVersion together, or neither', { field: 'pipelineName' });
  }
  const names = new Set(runs.map((r) => `${r.pipeline_name}\u0000${r.pipeline_version}`));
  const first = runs[0]!;
  if (names.size > 1) {
    throw invalidInput('INVALID_INPUT', 'pipelineName: required when the runs were processed by different pipelines', { field: 'pipelineName', rule: 'required' });
  }
  return { name: first.pipeline_name, version: first.pipeline_version };
}

export async function uploadResultFile(
  deps: IntakeDeps,
  ctx: RequestContext,
  caseId: string,
  query: UploadQuery,
  declaredSha256: string,
  body: Readable,
) {
  const { runs } = await precheck(deps.db, ctx, caseId, query, false);
  const received = await deps.objects.receive(body, declaredSha256, deps.maxUploadBytes);
  let key: string | undefined;
  try {
    const header = await readVcfHeader(received.tmpPath, received.gzip, query.fileName);
    const samples = mapSamples(header, query.kind, query.caller, runs.map((r) => ({
      id: r.id, sampleName: r.sample_name, specimenId: r.specimen_id, specimenType: r.specimen_type, participantId: r.participant_id,
    })));
    key = await deps.objects.commit(received);
    const result = await deps.db.transaction((tx) => recordUpload(tx, deps, ctx, caseId, query, received, samples));
    if (result.caseState === 'qc_passed') await dispatchIngest(deps);
    return result;
  } catch (err) {
    if (!key) await deps.objects.discard(received);
    else if (!(await store.objectReferenced(deps.db, received.sha256))) await deps.objects.remove(key);
    throw err;
  }
}

/**
 * The upload has committed with its files queued: a failure to reach the job queue now must not
 * turn the upload into an error. The files stay queued and the next dispatch (another upload, or
 * the server's start) hands them over.
 */
async function dispatchIngest(deps: IntakeDeps): Promise<void> {
  try {
    await deps.ingest.dispatch();
  } catch (err) {
    deps.log?.warn({ err }, 'ingest dispatch failed; queued files will be dispatched again');
  }
}

async function recordUpload(
  tx: Queryable,
  deps: IntakeDeps,
  ctx: RequestContext,
  caseId: string,
  query: UploadQuery,
  received: Received,
  samples: SampleMapping[],
) {
  // Again under the case lock: another upload may have closed the round meanwhile.
  const { c, runs, pipeline } = await precheck(tx, ctx, caseId, query, true);
  const file: store.FileRow = {
    id: randomId('RF-', 12), case_id: caseId, seq_org_id: ctx.actor.orgId, kind: query.kind, caller: query.caller ?? null,
    file_name: query.fileName, sha256: received.sha256, size_bytes: received.sizeBytes, compression: received.gzip ? 'gzip' : 'none',
    run_ids: runs.map((r) => r.id), samples, pipeline_name: pipeline.name, pipeline_version: pipeline.version,
    status: 'uploaded', qc_evaluation_id: null, uploaded_at: new Date(), uploaded_by: ctx.actor.id,
  };
  if (query.replacesFileId) return recordReplacement(tx, ctx, c, file, query.replacesFileId);
  await store.insertFile(tx, file);
  await audit(tx, ctx, {
    action: 'sequencing.file.upload', entityType: 'result_file', entityId: file.id,
    details: { caseId, kind: file.kind, sha256: file.sha256, sizeBytes: file.size_bytes, runIds: file.run_ids, pipeline: `${pipeline.name} ${pipeline.version}` },
  });
  if (!completesRound(c.domain, query.kind)) {
    return { file: toFile(file, undefined), caseState: c.state, evaluation: null, resequencingRequest: null };
  }
  await transitionCase(tx, 'system', caseId, 'data_received', {
    note: `${file.kind} ${file.file_name} (sha256 ${file.sha256.slice(0, 12)}…)`, details: { kind: 'file_received', fileKind: file.kind, fileName: file.file_name },
  });
  return runGates(tx, deps, c, file.id);
}

/** The corrected file goes straight to the variant store: the runs' QC passed already. */
async function recordReplacement(tx: Queryable, ctx: RequestContext, c: CaseRow, file: store.FileRow, oldId: string) {
  const old = (await store.filesOfCase(tx, c.id)).find((f) => f.id === oldId)!;
  if (old.sha256 === file.sha256) {
    throw invalidInput('REPLACEMENT_IDENTICAL', `${file.file_name}: same content (SHA-256) as the file it should replace, ${old.file_name}`, { field: 'x-content-sha256' });
  }
  const row: store.FileRow = { ...file, status: 'queued', qc_evaluation_id: old.qc_evaluation_id, replaces_file_id: oldId };
  await store.insertFile(tx, row);
  await store.markReplaced(tx, oldId);
  await audit(tx, ctx, {
    action: 'sequencing.file.replace', entityType: 'result_file', entityId: row.id,
    details: { caseId: c.id, replaces: oldId, kind: row.kind, sha256: row.sha256, sizeBytes: row.size_bytes, runIds: row.run_ids },
  });
  return { file: toFile(row, undefined), caseState: c.state, evaluation: null, resequencingRequest: null };
}

/** Judges the open round, records the outcome, and either hands the files on or asks for re-sequencing. */
async function runGates(tx: Queryable, deps: IntakeDeps, c: CaseRow, uploadedId: string) {
  const files = await store.pendingFiles(tx, c.id);
  const runIds = [...new Set(files.flatMap((f) => f.run_ids))];
  const runs = (await store.runsByIds(tx, runIds)).sort((a, b) => a.created_at.getTime() - b.created_at.getTime() || a.id.localeCompare(b.id));
  const outcome = judgeRound(deps.gates, c.domain, runs.map((r) => ({
    runId: r.id, specimenId: r.specimen_id, specimenType: r.specimen_type, metrics: store.metricsOf(r),
  })));
  const evaluation: store.EvaluationRow = { id: randomId('QE-', 12), case_id: c.id, passed: outcome.passed, gates: outcome.gates, at: new Date() };
  await store.insertEvaluation(tx, evaluation);
  // A gVCF is kept for joint calling; the variant table is loaded from the VCFs.
  const toLoad = outcome.passed ? files.filter((f) => f.kind !== 'germline_gvcf') : [];
  const kept = files.filter((f) => !toLoad.includes(f));
  await store.settleFiles(tx, toLoad.map((f) => f.id), 'queued', evaluation.id);
  await store.settleFiles(tx, kept.map((f) => f.id), outcome.passed ? 'stored' : 'qc_failed', evaluation.id);
  await audit(tx, 'system', {
    action: 'qc.evaluate', entityType: 'case', entityId: c.id,
    details: { evaluationId: evaluation.id, passed: outcome.passed, runIds, failures: outcome.failures },
  });
  let request: store.ResequencingRow | null = null;
  if (outcome.passed) {
    await transitionCase(tx, 'system', c.id, 'qc_passed', {
      note: `QC ${evaluation.id}: ${outcome.gates.length} gates passed on ${runs.length} run(s)`,
      details: { kind: 'qc_passed', evaluationId: evaluation.id, gates: outcome.gates.length, runs: runs.length },
    });
    // The files are now `queued` (result_files is the outbox); uploadResultFile dispatches them
    // to the ingest queue once this transaction has committed (see pipeline.ts).
  } else {
    await transitionCase(tx, 'system', c.id, 'qc_failed', {
      note: failureNote(evaluation.id, outcome), details: { kind: 'qc_failed', evaluationId: evaluation.id, runs: outcome.failures.length },
    });
    request = await requestResequencing(tx, c.id, runs, outcome, evaluation.id);
  }
  const settled = await store.filesOfCase(tx, c.id);
  const file = settled.find((f) => f.id === uploadedId)!;
  return {
    file: toFile(file, undefined),
    caseState: outcome.passed ? 'qc_passed' : 'qc_failed',
    evaluation: toEvaluation(evaluation),
    resequencingRequest: request ? toResequencing(request) : null,
  };
}

function failureNote(evaluationId: string, outcome: RoundOutcome): string {
  return `QC ${evaluationId} failed: ${outcome.failures.map((f) => `${f.runId} (${f.specimenType}): ${f.reasons.join('; ')}`).join(' | ')}`;
}

async function requestResequencing(
  tx: Queryable,
  caseId: string,
  runs: store.RunRow[],
  outcome: RoundOutcome,
  evaluationId: string,
): Promise<store.ResequencingRow> {
  // A round's runs all come from the uploading sequencing company (precheck), so one request.
  const seqOrgId = runs[0]!.seq_org_id;
  const row: store.ResequencingRow = {
    id: randomId('RQ-', 12), case_id: caseId, seq_org_id: seqOrgId, qc_evaluation_id: evaluationId, items: outcome.failures,
    status: 'open', created_at: new Date(), fulfilled_at: null, fulfilled_by_run: null,
  };
  await store.insertResequencing(tx, row);
  await audit(tx, 'system', { action: 'qc.resequencing.request', entityType: 'case', entityId: caseId, details: { requestId: row.id, seqOrgId, evaluationId } });
  return row;
}
