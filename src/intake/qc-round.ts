import {
  evaluateGates, failureReason, gatesFor, type GateDomain, type GateResult, type GateSpecimenType, type QcGateConfig, type QcMetrics,
} from './qc-gates.js';

/**
 * Judging one round of sequencing (pure): every run the round's files came from is checked
 * against the gates of its case's domain and its specimen type. One failing gate fails the round.
 */
export interface RoundRun {
  runId: string;
  specimenId: string;
  specimenType: GateSpecimenType;
  metrics: QcMetrics;
}

export interface GateRow extends GateResult {
  runId: string;
  specimenId: string;
  specimenType: string;
}

export interface RunFailure {
  runId: string;
  specimenId: string;
  specimenType: string;
  reasons: string[];
}

export interface RoundOutcome {
  passed: boolean;
  gates: GateRow[];
  failures: RunFailure[];
}

export function judgeRound(config: QcGateConfig, domain: GateDomain, runs: RoundRun[]): RoundOutcome {
  const gates: GateRow[] = [];
  const failures: RunFailure[] = [];
  for (const run of runs) {
    const results = evaluateGates(gatesFor(config, domain, run.specimenType), run.metrics);
    gates.push(...results.map((r) => ({ runId: run.runId, specimenId: run.specimenId, specimenType: run.specimenType, ...r })));
    const failed = results.filter((r) => !r.passed);
    if (failed.length) failures.push({ runId: run.runId, specimenId: run.specimenId, specimenType: run.specimenType, reasons: failed.map(failureReason) });
  }
  return { passed: failures.length === 0, gates, failures };
}
