/**
 * Organisation types (DESIGN §2) and the roles a user or API token can hold within each.
 * A role belongs to exactly one organisation type; a principal is always "<orgType>:<role>".
 */
export const ORG_TYPES = [
  'hospital',
  'sequencing_company',
  'data_center',
  'report_writer',
  'review_committee',
  'research_org',
  'platform_operator',
] as const;
export type OrgType = (typeof ORG_TYPES)[number];

export const ROLES_BY_ORG_TYPE = {
  /** clinician: enrols patients, records consent and specimens. ehr_system: the hospital EHR's API token. */
  hospital: ['clinician', 'ehr_system'],
  /** lims_system: the sequencer's LIMS API token. */
  sequencing_company: ['lab_technician', 'lims_system'],
  data_center: ['analyst'],
  report_writer: ['report_writer'],
  review_committee: ['committee_member'],
  research_org: ['researcher'],
  /** central_manager is 検体・情報集中管理部門: sees every case's progress and turnaround. */
  platform_operator: ['operator', 'central_manager'],
} as const satisfies Record<OrgType, readonly string[]>;

export type Role = (typeof ROLES_BY_ORG_TYPE)[OrgType][number];
export type Principal = { [T in OrgType]: `${T}:${(typeof ROLES_BY_ORG_TYPE)[T][number]}` }[OrgType];

export const ALL_PRINCIPALS: Principal[] = ORG_TYPES.flatMap((t) =>
  ROLES_BY_ORG_TYPE[t].map((r) => `${t}:${r}` as Principal),
);

export function isRoleOf(orgType: OrgType, role: string): role is Role {
  return (ROLES_BY_ORG_TYPE[orgType] as readonly string[]).includes(role);
}

/** Who is calling: a person with a session or a system with an API token. */
export interface Actor {
  kind: 'user' | 'token';
  id: string;
  orgId: string;
  orgType: OrgType;
  role: Role;
  principal: Principal;
  /** Present for cookie sessions; state-changing requests must echo it (CSRF). */
  csrfToken?: string;
  sessionIdHash?: string;
  /**
   * SMART Backend Services access tokens only: the granted scopes (`system/Observation.read`, …).
   * Absent for sessions and Kiban API tokens, whose role alone decides.
   */
  scopes?: string[];
}

/** What a service needs to know about the request: who, from where, and why if given. */
export interface RequestContext {
  actor: Actor;
  ip?: string;
  reason?: string;
}
