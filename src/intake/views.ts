import type { IngestProgress } from './pipeline.js';
import type { Evaluation, ResequencingRequest, ResultFile, Run } from './schemas.js';
import * as store from './store.js';

/** Rows → API shapes (camelCase, ISO timestamps). */

export function toRef(r: store.RefRow) {
  return { id: r.id, runId: r.run_id, type: r.type, uri: r.uri, sha256: r.sha256, sizeBytes: r.size_bytes, createdAt: r.created_at.toISOString() };
}

/** `evaluations` oldest first; the latest one that judged the run gives its status and gates. */
export function toRun(r: store.RunRow, refs: store.RefRow[], evaluations: store.EvaluationRow[]): Run {
  const judged = evaluations.filter((e) => e.gates.some((g) => g.runId === r.id)).at(-1);
  const gates = (judged?.gates ?? []).filter((g) => g.runId === r.id)
    .map((g) => ({ metric: g.metric, value: g.value, op: g.op, threshold: g.threshold, passed: g.passed }));
  return {
    id: r.id, caseId: r.case_id, specimenId: r.specimen_id, specimenType: r.specimen_type, barcode: r.barcode, seqOrgId: r.seq_org_id,
    sampleName: r.sample_name, platform: r.platform, instrumentRunId: r.instrument_run_id, libraryPrep: r.library_prep,
    readLengthBp: r.read_length_bp, pairedEnd: r.paired_end, pipeline: { name: r.pipeline_name, version: r.pipeline_version },
    referenceGenome: r.reference_genome, sequencedAt: r.sequenced_at.toISOString(), createdAt: r.created_at.toISOString(),
    qc: store.metricsOf(r),
    qcStatus: !judged ? 'pending' : gates.every((g) => g.passed) ? 'passed' : 'failed',
    gates,
    references: refs.filter((x) => x.run_id === r.id).map(toRef),
  };
}

export function toFile(f: store.FileRow, progress: IngestProgress | undefined, replacedBy: string | null = null): ResultFile {
  const pipelineStatus = f.status === 'queued' ? (progress?.status ?? 'queued') : f.status;
  return {
    id: f.id, caseId: f.case_id, kind: f.kind, caller: f.caller, fileName: f.file_name, sha256: f.sha256, sizeBytes: f.size_bytes,
    compression: f.compression, runIds: f.run_ids, samples: f.samples, pipeline: { name: f.pipeline_name, version: f.pipeline_version },
    uploadedAt: f.uploaded_at.toISOString(), pipelineStatus,
    pipelineError: f.status === 'queued' ? (progress?.error ?? null) : null,
    pipelineUpdatedAt: progress?.updatedAt.toISOString() ?? null,
    replaceable: f.status === 'queued' && pipelineStatus === 'failed',
    replacesFileId: f.replaces_file_id ?? null,
    replacedByFileId: replacedBy,
  };
}

export function toEvaluation(e: store.EvaluationRow): Evaluation {
  return { id: e.id, at: e.at.toISOString(), passed: e.passed, gates: e.gates };
}

export function toResequencing(r: store.ResequencingRow): ResequencingRequest {
  return {
    id: r.id, caseId: r.case_id, seqOrgId: r.seq_org_id, evaluationId: r.qc_evaluation_id, status: r.status,
    createdAt: r.created_at.toISOString(), fulfilledAt: r.fulfilled_at?.toISOString() ?? null, fulfilledByRun: r.fulfilled_by_run, items: r.items,
  };
}
