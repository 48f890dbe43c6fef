import { TRANSITIONS, type CaseState } from './lifecycle.js';

/**
 * Turnaround time (TAT): how long cases take between lifecycle milestones, against a target per
 * stage. Pure: callers pass the samples, the targets and "now". Defaults and their sources are
 * documented in docs/tat.md; `config.tatTargetsDays` overrides them by key (`shipped->received`).
 */
export const DAY_MS = 86_400_000;

/**
 * Default targets in days. `registered->consented` and `consented->specimen_collected` together are
 * the plan's "registration to specimen" target: POST /cases registers and consents in one step, so
 * the 14 days are measured from consent. `sequenced->data_received` is the plan's 2-week rule.
 */
export const DEFAULT_TAT_TARGETS_DAYS: Readonly<Record<string, number>> = {
  'registered->consented': 14,
  'consented->specimen_collected': 14,
  'specimen_collected->shipped': 7,
  'shipped->received': 3,
  'shipped->recollection_requested': 3,
  'recollection_requested->specimen_collected': 14,
  'received->sequenced': 21,
  'sequenced->data_received': 14,
  'data_received->qc_passed': 3,
  'data_received->qc_failed': 3,
  'qc_failed->sequenced': 21,
  'qc_failed->specimen_collected': 14,
  'qc_passed->analysed': 14,
  'analysed->report_drafted': 14,
  'report_drafted->report_signed': 7,
  'report_signed->returned': 3,
  'returned->expert_panel_held': 21,
  'expert_panel_held->outcome_recorded': 30,
};

export function stageKey(from: string, to: string): string {
  return `${from}->${to}`;
}

/** Every lifecycle stage (withdrawal excluded: it has no target) with its effective target. */
export function stageTargets(overrides: Readonly<Record<string, number>> = {}): Array<{ from: CaseState; to: CaseState; targetDays: number }> {
  return TRANSITIONS.map((t) => {
    const key = stageKey(t.from, t.to);
    return { from: t.from, to: t.to, targetDays: overrides[key] ?? DEFAULT_TAT_TARGETS_DAYS[key] ?? 0 };
  });
}

/** Override keys that name no stage (a typo in KIBAN_TAT_TARGETS_DAYS would otherwise do nothing). */
export function unknownTargetKeys(overrides: Readonly<Record<string, number>>): string[] {
  return Object.keys(overrides).filter((k) => !(k in DEFAULT_TAT_TARGETS_DAYS));
}

/**
 * How long a case may sit in `state`: the target of the stage leaving it. Where two stages leave a
 * state (qc_failed → sequenced or → specimen_collected) the larger target applies, so a case is
 * flagged only when no way onward is still within its target. Terminal states have none.
 */
export function stateTargetDays(state: string, overrides: Readonly<Record<string, number>> = {}): number | null {
  const leaving = stageTargets(overrides).filter((s) => s.from === state);
  return leaving.length ? Math.max(...leaving.map((s) => s.targetDays)) : null;
}

/** Every state with a target, for building "is overdue" SQL filters. */
export function stateTargetsDays(overrides: Readonly<Record<string, number>> = {}): Map<CaseState, number> {
  const out = new Map<CaseState, number>();
  for (const s of stageTargets(overrides)) out.set(s.from, Math.max(out.get(s.from) ?? 0, s.targetDays));
  return out;
}

export interface Overdue {
  daysInState: number;
  targetDays: number | null;
  overdue: boolean;
  overdueDays: number;
}

/** A case is overdue when it has sat in its current state longer than the target of the stage leaving it. */
export function overdueStatus(state: string, stateChangedAt: Date, now: Date, overrides: Readonly<Record<string, number>> = {}): Overdue {
  const daysInState = (now.getTime() - stateChangedAt.getTime()) / DAY_MS;
  const targetDays = stateTargetDays(state, overrides);
  const overdue = targetDays !== null && daysInState > targetDays;
  return { daysInState, targetDays, overdue, overdueDays: overdue ? daysInState - targetDays! : 0 };
}

/** One observed stage: a transition event and the time since the case entered its from-state. */
export interface StageSample {
  from: string;
  to: string;
  days: number;
}

export interface StageStats {
  from: string;
  to: string;
  targetDays: number;
  n: number;
  medianDays: number | null;
  p25Days: number | null;
  p75Days: number | null;
  p90Days: number | null;
  minDays: number | null;
  maxDays: number | null;
}

/**
 * Percentile with linear interpolation between closest ranks (Hyndman & Fan type 7, the same as
 * PostgreSQL's percentile_cont and R's default). `sorted` must be ascending and non-empty.
 */
export function percentile(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo]!;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)]!;
  return a + (h - lo) * (b - a);
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Per-stage statistics in lifecycle order; stages never observed have n = 0 and null figures. */
export function summariseStages(samples: readonly StageSample[], overrides: Readonly<Record<string, number>> = {}): StageStats[] {
  const byStage = new Map<string, number[]>();
  for (const s of samples) {
    const key = stageKey(s.from, s.to);
    const list = byStage.get(key);
    if (list) list.push(s.days);
    else byStage.set(key, [s.days]);
  }
  return stageTargets(overrides).map(({ from, to, targetDays }) => {
    const days = (byStage.get(stageKey(from, to)) ?? []).sort((a, b) => a - b);
    const stat = (p: number) => (days.length ? round2(percentile(days, p)) : null);
    return {
      from, to, targetDays, n: days.length,
      medianDays: stat(0.5), p25Days: stat(0.25), p75Days: stat(0.75), p90Days: stat(0.9),
      minDays: days.length ? round2(days[0]!) : null,
      maxDays: days.length ? round2(days[days.length - 1]!) : null,
    };
  });
}

/**
 * Stage samples from one case's events (ordered by time): each event's duration is the time since
 * the event before it. Used by tests and by callers holding a timeline in memory; the database
 * computes the same with LAG() over case_events.
 */
export function samplesFromTimeline(events: ReadonlyArray<{ fromState: string | null; toState: string; at: Date }>): StageSample[] {
  const out: StageSample[] = [];
  for (let i = 1; i < events.length; i++) {
    const prev = events[i - 1]!;
    const e = events[i]!;
    if (e.fromState === null) continue;
    out.push({ from: e.fromState, to: e.toState, days: (e.at.getTime() - prev.at.getTime()) / DAY_MS });
  }
  return out;
}
