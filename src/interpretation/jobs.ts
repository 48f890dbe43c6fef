import type { Db } from '../db/index.js';
import { KibanError } from '../errors.js';
import { casesOfSampleIds } from '../intake/index.js';
import type { JobQueue, QueuePolicy } from '../jobs/queue.js';
import { runInterpretation, type RunDeps } from './run.js';

export const INTERPRETATION_QUEUE = 'interpretation-run';

/** A genome's run takes seconds; one still active after 30 minutes is taken for dead and retried. */
export const INTERPRETATION_POLICY: QueuePolicy = { retryLimit: 2, retryDelaySeconds: 30, retryBackoff: true, expireInSeconds: 1800 };

export interface InterpretationJob {
  caseId: string;
  /** User id, or `system` when an ingest started it. */
  requestedBy: string;
}

export function enqueueInterpretation(queue: JobQueue, job: InterpretationJob): Promise<string> {
  return queue.send(INTERPRETATION_QUEUE, job);
}

/**
 * What the ingest workers call after a sample is loaded: queue a run of each case the sample
 * belongs to. The worker decides whether the case is ready (a trio waits for all three samples).
 */
export function interpretAfterIngest(deps: { db: Db; queue: JobQueue }): (sampleId: string) => Promise<void> {
  return async (sampleId) => {
    for (const { caseId } of await casesOfSampleIds(deps.db, [sampleId])) {
      await enqueueInterpretation(deps.queue, { caseId, requestedBy: 'system' });
    }
  };
}

export async function startInterpretationWorkers(deps: RunDeps & { queue: JobQueue; log?: (message: string) => void }): Promise<void> {
  await deps.queue.define(INTERPRETATION_QUEUE, INTERPRETATION_POLICY);
  await deps.queue.work<InterpretationJob>(INTERPRETATION_QUEUE, async (job, info) => {
    try {
      const out = await runInterpretation(deps, job.caseId, job.requestedBy);
      deps.log?.(out.status === 'not_ready'
        ? `interpretation: job ${info.id}: case ${job.caseId} waits: ${out.reason}`
        : `interpretation: job ${info.id}: case ${job.caseId} run ${out.runId} ${out.status} (${out.candidates} candidates)`);
    } catch (err) {
      // No knowledge loaded: final, not retried (a restart with KIBAN_KNOWLEDGE_DIR re-requests).
      if (err instanceof KibanError && err.kind === 'conflict') {
        deps.log?.(`interpretation: job ${info.id}: case ${job.caseId} refused: ${err.message}`);
        return;
      }
      throw err;
    }
  });
}
