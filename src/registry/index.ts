/** The registry module: participants, cases, the case lifecycle and turnaround. Other modules use it through this file. */
export { registryRoutes } from './routes.js';
export { assertCaseAccess, assertParticipantAccess, visibleCases } from './access.js';
export { addTransitionGuard, transitionCase, withdrawCasesOfProband, type TransitionGuard, type ActorOrSystem, type TransitionResult } from './transitions.js';
export { CASE_STATES, TRANSITIONS, nextStates, nextStatesFor, checkTransition, isCaseState, type CaseState } from './lifecycle.js';
export { DEFAULT_TAT_TARGETS_DAYS, overdueStatus, stateTargetDays, summariseStages } from './tat.js';
export { randomId, patientIdHmac, caseIdFromNumber } from './ids.js';
export type { CaseRow } from './store.js';
