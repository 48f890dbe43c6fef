import Type, { type Static, type TSchema } from 'typebox';
import { Paging } from '../http/schemas.js';
import { ConsentBody, ConsentRecord } from '../consent/schemas.js';
import { CASE_STATES } from './lifecycle.js';

export const DOMAINS = ['cancer', 'rare_disease'] as const;
export type Domain = (typeof DOMAINS)[number];
/** DESIGN §3 case categories; the cases table CHECKs the same pairing. */
export const CATEGORIES_BY_DOMAIN = {
  cancer: ['refractory', 'rare', 'aya', 'hereditary'],
  rare_disease: ['single_gene', 'multifactorial', 'undiagnosed'],
} as const satisfies Record<Domain, readonly string[]>;
export const CATEGORIES = [...CATEGORIES_BY_DOMAIN.cancer, ...CATEGORIES_BY_DOMAIN.rare_disease] as const;
export const RELATIONSHIPS = ['mother', 'father', 'sibling', 'child', 'other'] as const;
export const AFFECTED_STATUSES = ['affected', 'unaffected', 'unknown'] as const;
export const SEXES = ['male', 'female', 'other', 'unknown'] as const;

/**
 * ICD-10 (WHO) category with optional subdivision: a letter other than U (reserved for WHO's
 * provisional codes), two digits or digit + A/B (e.g. C7A in ICD-10-CM), then up to 4 characters.
 */
export const ICD10_PATTERN = '^[A-TV-Z][0-9][0-9AB](\\.[0-9A-Z]{1,4})?$';
/** OncoTree codes are upper-case letters, digits and underscores (LUAD, IDC, SCLC, MBN_SHH…). */
export const ONCOTREE_PATTERN = '^[A-Z][A-Z0-9_]{1,19}$';

const Person = {
  /** The hospital's own patient id: only its HMAC is stored (registry/ids.ts). */
  hospitalPatientId: Type.String({ minLength: 1, maxLength: 64, pattern: '\\S' }),
  birthYear: Type.Integer({ minimum: 1900, maximum: 2100 }),
  sex: Type.Enum(SEXES),
};

export const FamilyMemberBody = Type.Object({
  relationship: Type.Enum(RELATIONSHIPS),
  affectedStatus: Type.Enum(AFFECTED_STATUSES),
  ...Person,
  consent: Type.Optional(ConsentBody),
}, { additionalProperties: false });
export type FamilyMemberInput = Static<typeof FamilyMemberBody>;

export const CreateCaseBody = Type.Object({
  domain: Type.Enum(DOMAINS),
  category: Type.Enum(CATEGORIES),
  returnRoute: Type.Enum(['A', 'B']),
  diagnosis: Type.Object({
    icd10: Type.String({ pattern: ICD10_PATTERN }),
    text: Type.String({ minLength: 1, maxLength: 500 }),
    oncotreeCode: Type.Optional(Type.String({ pattern: ONCOTREE_PATTERN })),
  }, { additionalProperties: false }),
  proband: Type.Object(Person, { additionalProperties: false }),
  consent: ConsentBody,
  family: Type.Optional(Type.Array(FamilyMemberBody, { maxItems: 20 })),
}, { additionalProperties: false });
export type CreateCaseInput = Static<typeof CreateCaseBody>;

export const TransitionBody = Type.Object({
  to: Type.Enum(CASE_STATES),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
}, { additionalProperties: false });

export const CaseIdParam = Type.Object({ id: Type.String({ minLength: 1, maxLength: 40 }) });

export const SORTS = ['createdAt', 'stateChangedAt', 'id', 'state'] as const;
export const CaseListQuery = Type.Object({
  ...Paging,
  state: Type.Optional(Type.Enum(CASE_STATES)),
  domain: Type.Optional(Type.Enum(DOMAINS)),
  category: Type.Optional(Type.Enum(CATEGORIES)),
  hospitalId: Type.Optional(Type.String({ maxLength: 40 })),
  /** Case id prefix (K-0001…), or a bare case number (12 → K-000012). */
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
  overdue: Type.Optional(Type.Boolean()),
  sort: Type.Optional(Type.Enum(SORTS)),
  order: Type.Optional(Type.Enum(['asc', 'desc'])),
}, { additionalProperties: false });
export type CaseListInput = Static<typeof CaseListQuery>;

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const CaseSummary = Type.Object({
  id: Type.String(),
  domain: Type.String(),
  category: Type.String(),
  hospitalId: Type.String(),
  hospitalName: Type.String(),
  hospitalNameJa: Type.String(),
  state: Type.String(),
  stateChangedAt: Type.String(),
  createdAt: Type.String(),
  diagnosisIcd10: Type.String(),
  diagnosisText: Type.String(),
  oncotreeCode: Nullable(Type.String()),
  returnRoute: Type.String(),
  overdue: Type.Boolean(),
});
export type CaseSummaryDto = Static<typeof CaseSummary>;

export const CaseDetail = Type.Object({
  ...CaseSummary.properties,
  members: Type.Array(Type.Object({
    participantId: Type.String(),
    relationship: Type.String(),
    affectedStatus: Type.String(),
    birthYear: Nullable(Type.Integer()),
    sex: Type.String(),
    consent: Nullable(ConsentRecord),
  })),
  events: Type.Array(Type.Object({
    fromState: Nullable(Type.String()),
    toState: Type.String(),
    at: Type.String(),
    actorId: Nullable(Type.String()),
    actorOrgId: Nullable(Type.String()),
    note: Nullable(Type.String()),
    /** What the event was about, as data for the UI to phrase (kind + ids); null on older events. */
    details: Nullable(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
  })),
  /**
   * Family members who withdrew consent: nothing new is collected from them and the proband's
   * analysis goes on without their data (their samples are left out of every variant read).
   */
  withdrawnMembers: Type.Array(Type.Object({ participantId: Type.String(), relationship: Type.String(), withdrawnAt: Type.String() })),
  /** The states the caller may move this case to with POST /cases/:id/transitions. */
  allowedTransitions: Type.Array(Type.String()),
  stageTargetDays: Nullable(Type.Number()),
  daysInState: Type.Number(),
});
export type CaseDetailDto = Static<typeof CaseDetail>;

export const CaseList = Type.Object({ items: Type.Array(CaseSummary), total: Type.Integer() });

export const ManagementSummary = Type.Object({
  total: Type.Integer(),
  byState: Type.Array(Type.Object({ state: Type.String(), domain: Type.String(), count: Type.Integer() })),
});

export const TatResponse = Type.Object({
  stages: Type.Array(Type.Object({
    from: Type.String(),
    to: Type.String(),
    targetDays: Type.Number(),
    n: Type.Integer(),
    medianDays: Nullable(Type.Number()),
    p25Days: Nullable(Type.Number()),
    p75Days: Nullable(Type.Number()),
    p90Days: Nullable(Type.Number()),
    minDays: Nullable(Type.Number()),
    maxDays: Nullable(Type.Number()),
  })),
});

export const DelayedQuery = Type.Object({
  ...Paging,
}, { additionalProperties: false });

export const DelayedResponse = Type.Object({
  items: Type.Array(Type.Object({
    caseId: Type.String(),
    hospitalId: Type.String(),
    domain: Type.String(),
    state: Type.String(),
    since: Type.String(),
    daysInState: Type.Number(),
    targetDays: Type.Number(),
    overdueDays: Type.Number(),
  })),
  total: Type.Integer(),
});
