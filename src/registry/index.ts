/** The registry module: participants, cases, the case lifecycle and turnaround. Other modules use it through this file. */
export { registryRoutes } from './routes.js';
export {
  assertCaseAccess, assertParticipantAccess, assertParticipantInUse, assertParticipantsInUse, lockParticipantForConsent, visibleCases, withdrawnError,
} from './access.js';
export { participantInUseSql } from './store.js';
export { addTransitionGuard, transitionCase, withdrawCasesOfProband, type TransitionGuard, type ActorOrSystem, type TransitionResult } from './transitions.js';
export { CASE_STATES, TRANSITIONS, nextStates, nextStatesFor, checkTransition, isCaseState, type CaseState } from './lifecycle.js';
export { DEFAULT_TAT_TARGETS_DAYS, overdueStatus, stateTargetDays, summariseStages } from './tat.js';
export { randomId, patientIdHmac, caseIdFromNumber } from './ids.js';
export type { CaseRow } from './store.js';
/** Finds a participant by hospital and keyed id hash (the FHIR intake links Patients with it). */
export { findParticipantByHmac } from './store.js';
/** The participants of a case (proband first): other modules gather a case's data with it. */
export { listMembers as caseMembers, type MemberRow } from './store.js';
