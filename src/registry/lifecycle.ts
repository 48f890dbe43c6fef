import type { Principal } from '../auth/roles.js';

/**
 * The case lifecycle (DESIGN §3, docs/api-contract-foundation.md): states, legal moves and who
 * may make each move. Pure: no database, clock or I/O, so the rules can be read and tested here.
 */
export const CASE_STATES = [
  'registered',
  'consented',
  'specimen_collected',
  'shipped',
  'recollection_requested',
  'received',
  'sequenced',
  'data_received',
  'qc_passed',
  'qc_failed',
  'analysed',
  'report_drafted',
  'report_signed',
  'returned',
  'expert_panel_held',
  'outcome_recorded',
  'withdrawn',
] as const;
export type CaseState = (typeof CASE_STATES)[number];

/** The hospital's clinicians, and its EHR system acting for them through the API. */
const CLINICIAN: readonly Principal[] = ['hospital:clinician', 'hospital:ehr_system'];
const SEQUENCER: readonly Principal[] = ['sequencing_company:lab_technician', 'sequencing_company:lims_system'];
const ANALYST: readonly Principal[] = ['data_center:analyst'];
const WRITER: readonly Principal[] = ['report_writer:report_writer'];

/**
 * Every forward move with the principals allowed to make it. Withdrawal is not listed: it is
 * reachable from every state but only through a consent withdrawal (consent module), never by a
 * direct transition request. `shipped` belongs to the hospital that dispatches the specimens
 * (the specimens module calls transitionCase when a shipment is dispatched).
 */
export const TRANSITIONS: ReadonlyArray<{ from: CaseState; to: CaseState; by: readonly Principal[] }> = [
  { from: 'registered', to: 'consented', by: CLINICIAN },
  { from: 'consented', to: 'specimen_collected', by: CLINICIAN },
  { from: 'specimen_collected', to: 'shipped', by: CLINICIAN },
  { from: 'shipped', to: 'received', by: SEQUENCER },
  // a specimen arrived damaged, missing or mislabelled: the hospital collects it again
  { from: 'shipped', to: 'recollection_requested', by: SEQUENCER },
  { from: 'recollection_requested', to: 'specimen_collected', by: CLINICIAN },
  { from: 'received', to: 'sequenced', by: SEQUENCER },
  { from: 'sequenced', to: 'data_received', by: ANALYST },
  { from: 'data_received', to: 'qc_passed', by: ANALYST },
  { from: 'data_received', to: 'qc_failed', by: ANALYST },
  // re-sequence from the stored specimen, or start again with a new specimen
  { from: 'qc_failed', to: 'sequenced', by: SEQUENCER },
  { from: 'qc_failed', to: 'specimen_collected', by: CLINICIAN },
  { from: 'qc_passed', to: 'analysed', by: ANALYST },
  { from: 'analysed', to: 'report_drafted', by: WRITER },
  { from: 'report_drafted', to: 'report_signed', by: WRITER },
  { from: 'report_signed', to: 'returned', by: [...ANALYST, ...WRITER] },
  { from: 'returned', to: 'expert_panel_held', by: CLINICIAN },
  { from: 'expert_panel_held', to: 'outcome_recorded', by: CLINICIAN },
];

export const WITHDRAWN: CaseState = 'withdrawn';

export function isCaseState(s: string): s is CaseState {
  return (CASE_STATES as readonly string[]).includes(s);
}

/** Every state the case may move to next, withdrawal included (none after withdrawal). */
export function nextStates(from: CaseState): CaseState[] {
  if (from === WITHDRAWN) return [];
  return [...TRANSITIONS.filter((t) => t.from === from).map((t) => t.to), WITHDRAWN];
}

/** The states this principal may move the case to with a transition request (never withdrawn). */
export function nextStatesFor(from: CaseState, principal: Principal): CaseState[] {
  return TRANSITIONS.filter((t) => t.from === from && t.by.includes(principal)).map((t) => t.to);
}

export type TransitionCheck =
  | { ok: true }
  | { ok: false; reason: 'illegal'; allowed: CaseState[] }
  | { ok: false; reason: 'consent_only' }
  | { ok: false; reason: 'not_permitted'; permitted: readonly Principal[] };

/**
 * Is `from → to` legal, and may `principal` make it? `principal` 'system' is Kiban itself acting
 * for a module that has already checked its caller (the consent module's withdrawal).
 */
export function checkTransition(from: CaseState, to: CaseState, principal: Principal | 'system'): TransitionCheck {
  const allowed = nextStates(from);
  if (!allowed.includes(to)) return { ok: false, reason: 'illegal', allowed };
  if (to === WITHDRAWN) return principal === 'system' ? { ok: true } : { ok: false, reason: 'consent_only' };
  if (principal === 'system') return { ok: true };
  const rule = TRANSITIONS.find((t) => t.from === from && t.to === to)!;
  return rule.by.includes(principal) ? { ok: true } : { ok: false, reason: 'not_permitted', permitted: rule.by };
}

/** The contract's message: "case K-000012: cannot go from registered to sequenced; allowed: consented, withdrawn". */
export function illegalTransitionMessage(caseId: string, from: CaseState, to: string, allowed: readonly CaseState[]): string {
  return `case ${caseId}: cannot go from ${from} to ${to}; allowed: ${allowed.length ? allowed.join(', ') : 'none'}`;
}

/** States in which the report writer works on a case (and may therefore see it). */
export const REPORT_STAGE_STATES: readonly CaseState[] = [
  'analysed', 'report_drafted', 'report_signed', 'returned', 'expert_panel_held', 'outcome_recorded',
];

export const TERMINAL_STATES: readonly CaseState[] = ['outcome_recorded', 'withdrawn'];
