// Shapes from docs/api-contract-foundation.md. The registry's TypeBox schemas were not yet
// committed when these pages were written; switch to `Static<typeof …>` imports when they land.
// Consent types already come from src/consent/schemas.ts (types only; nothing enters the bundle).
import type { Static } from 'typebox';
import type { ConsentBody as ConsentBodySchema, ConsentRecord as ConsentRecordSchema } from '../../../src/consent/schemas.js';

export const CASE_STATES = [
  'registered', 'consented', 'specimen_collected', 'shipped', 'recollection_requested', 'received', 'sequenced', 'data_received',
  'qc_passed', 'qc_failed', 'analysed', 'report_drafted', 'report_signed', 'returned', 'expert_panel_held',
  'outcome_recorded', 'withdrawn',
] as const;
export type CaseState = (typeof CASE_STATES)[number];

export const DOMAINS = ['cancer', 'rare_disease'] as const;
export type Domain = (typeof DOMAINS)[number];

export const CATEGORIES: Record<Domain, readonly string[]> = {
  cancer: ['refractory', 'rare', 'aya', 'hereditary'],
  rare_disease: ['single_gene', 'multifactorial', 'undiagnosed'],
};

export const RELATIONSHIPS = ['mother', 'father', 'sibling', 'child', 'other'] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];
export const AFFECTED_STATUSES = ['affected', 'unaffected', 'unknown'] as const;
export const SEXES = ['female', 'male', 'other', 'unknown'] as const;

export const CONSENT_CHOICES = ['researchUse', 'industryUse', 'internationalSharing', 'recontact', 'secondaryFindings'] as const;
export type ConsentChoiceKey = (typeof CONSENT_CHOICES)[number];
export type ConsentChoices = Record<ConsentChoiceKey, boolean>;

export const SORT_FIELDS = ['createdAt', 'stateChangedAt', 'id', 'state'] as const;

export interface CaseSummary {
  id: string;
  domain: Domain;
  category: string;
  hospitalId: string;
  hospitalName: string;
  hospitalNameJa: string;
  state: CaseState;
  stateChangedAt: string;
  createdAt: string;
  diagnosisIcd10: string | null;
  diagnosisText: string | null;
  oncotreeCode: string | null;
  returnRoute: 'A' | 'B';
  overdue: boolean;
}

/** One consent or withdrawal record (`GET /api/participants/:id/consents`), from the server's schema. */
export type ConsentRecord = Static<typeof ConsentRecordSchema>;
/** The `POST /api/participants/:id/consents` body: a change of mind is a new record; history is kept. */
export type ConsentInput = Static<typeof ConsentBodySchema>;

export interface CaseMember {
  participantId: string;
  relationship: string;
  affectedStatus: string;
  birthYear: number | null;
  sex: string | null;
  consent: ConsentRecord | null;
}

export interface CaseEvent {
  fromState: string | null;
  toState: string;
  at: string;
  actorId: string | null;
  actorOrgId: string | null;
  note: string | null;
  /** What the event was about, for a translated note (`timeline.note.<kind>`); null on older events. */
  details?: ({ kind: string } & Record<string, string | number>) | null;
}

export interface CaseDetail extends CaseSummary {
  members: CaseMember[];
  /** Family members who withdrew consent: the analysis goes on without their data. */
  withdrawnMembers: Array<{ participantId: string; relationship: string; withdrawnAt: string }>;
  events: CaseEvent[];
  allowedTransitions: string[];
  stageTargetDays: number | null;
  daysInState: number | null;
}

export interface ConsentDocument {
  id: string;
  code: string;
  version: string;
  title: string;
  titleJa: string;
  effectiveFrom: string;
}

export interface Page<T> {
  items: T[];
  total: number;
}
