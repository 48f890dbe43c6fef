import type { CreateCaseInput, FamilyMemberInput } from './schemas.js';

/**
 * Valid request bodies for tests (registry, consent, specimens, web): a cancer case and a
 * rare-disease trio. `patientId` must differ per case, or the second is a duplicate (409).
 */
export const ALL_CHOICES = { researchUse: true, industryUse: true, internationalSharing: true, recontact: true, secondaryFindings: true };

export function cancerCaseBody(patientId: string, overrides: Partial<CreateCaseInput> = {}): CreateCaseInput {
  return {
    domain: 'cancer',
    category: 'refractory',
    returnRoute: 'B',
    diagnosis: { icd10: 'C34.1', text: 'Adenocarcinoma of the upper lobe, lung', oncotreeCode: 'LUAD' },
    proband: { hospitalPatientId: patientId, birthYear: 1958, sex: 'male' },
    consent: { documentId: 'WGS-AP-2.0', signedOn: '2025-03-01', choices: { ...ALL_CHOICES, industryUse: false } },
    ...overrides,
  };
}

export function familyMember(patientId: string, relationship: FamilyMemberInput['relationship'], withConsent = true): FamilyMemberInput {
  return {
    relationship,
    affectedStatus: 'unaffected',
    hospitalPatientId: patientId,
    birthYear: 1985,
    sex: relationship === 'mother' ? 'female' : relationship === 'father' ? 'male' : 'unknown',
    ...(withConsent ? { consent: { documentId: 'WGS-AP-RD-1.0', signedOn: '2025-03-02', choices: ALL_CHOICES } } : {}),
  };
}

export function trioCaseBody(patientId: string): CreateCaseInput {
  return {
    domain: 'rare_disease',
    category: 'undiagnosed',
    returnRoute: 'B',
    diagnosis: { icd10: 'R62.8', text: 'Developmental delay of unknown cause' },
    proband: { hospitalPatientId: patientId, birthYear: 2019, sex: 'female' },
    consent: { documentId: 'WGS-AP-RD-1.0', signedOn: '2025-03-02', choices: ALL_CHOICES },
    family: [familyMember(`${patientId}-M`, 'mother'), familyMember(`${patientId}-F`, 'father')],
  };
}
