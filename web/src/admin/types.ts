// API shapes from the server's TypeBox schemas, as types only (see specimens/types.ts). The role
// list is repeated for the forms and checked against the server's at compile time.
import type { Static } from 'typebox';
import type { AuditEntry as AuditEntrySchema, AuditPage as AuditPageSchema, VerifyResponse as VerifySchema } from '../../../src/audit/schemas.js';
import type { ROLES_BY_ORG_TYPE as ServerRoles, OrgType } from '../../../src/auth/roles.js';
import type { Token as TokenSchema, User as UserSchema } from '../../../src/auth/schemas.js';

export type { OrgType };
export type User = Static<typeof UserSchema>;
export type Token = Static<typeof TokenSchema>;
export type AuditEntry = Static<typeof AuditEntrySchema>;
export type AuditPage = Static<typeof AuditPageSchema>;
export type VerifyResult = Static<typeof VerifySchema>;

export const ROLES_BY_ORG_TYPE: { readonly [T in OrgType]: ReadonlyArray<(typeof ServerRoles)[T][number]> } = {
  hospital: ['clinician', 'ehr_system'],
  sequencing_company: ['lab_technician', 'lims_system'],
  data_center: ['analyst'],
  report_writer: ['report_writer'],
  review_committee: ['committee_member'],
  research_org: ['researcher'],
  platform_operator: ['operator', 'central_manager'],
};
export const ORG_TYPES = Object.keys(ROLES_BY_ORG_TYPE) as OrgType[];
/** Roles held by systems through API tokens; people hold the others. */
export const SYSTEM_ROLES = new Set(['ehr_system', 'lims_system']);
