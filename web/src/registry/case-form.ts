import { draftKey as formDraftKey } from '../shell/drafts';
import { CONSENT_CHOICES, type ConsentChoices, type Domain, type Relationship } from './types';

/** What the registration form holds while someone types: strings as typed, turned into the API body on submit. */
export interface ConsentForm {
  documentId: string;
  signedOn: string;
  choices: ConsentChoices;
}

export interface PersonForm {
  hospitalPatientId: string;
  birthYear: string;
  sex: string;
}

export interface MemberForm extends PersonForm {
  /** Stable React key; not sent. */
  key: string;
  relationship: Relationship;
  affectedStatus: string;
  withConsent: boolean;
  consent: ConsentForm;
}

export interface CaseForm {
  domain: Domain | '';
  category: string;
  returnRoute: 'A' | 'B' | '';
  icd10: string;
  diagnosisText: string;
  oncotreeCode: string;
  proband: PersonForm;
  consent: ConsentForm;
  family: MemberForm[];
}

export function noChoices(): ConsentChoices {
  return Object.fromEntries(CONSENT_CHOICES.map((c) => [c, false])) as ConsentChoices;
}

export function emptyConsent(signedOn: string, documentId = ''): ConsentForm {
  return { documentId, signedOn, choices: noChoices() };
}

export function emptyCaseForm(today: string): CaseForm {
  return {
    domain: '',
    category: '',
    returnRoute: '',
    icd10: '',
    diagnosisText: '',
    oncotreeCode: '',
    proband: { hospitalPatientId: '', birthYear: '', sex: '' },
    consent: emptyConsent(today),
    family: [],
  };
}

/**
 * A family member as first shown. The consent document and signing date start as the proband's
 * (the same version is usually signed at the same visit; both stay visible and editable), but the
 * choices start empty: each person's choices are recorded as that person gave them, never copied
 * (a parent once got "secondary findings: yes" without ticking it).
 */
export function newMember(relationship: Relationship, consent: Pick<ConsentForm, 'documentId' | 'signedOn'>): MemberForm {
  return {
    key: `${relationship}-${Date.now()}-${Math.random().toString(36).slice(2, 7)}`,
    relationship,
    affectedStatus: relationship === 'mother' || relationship === 'father' ? 'unaffected' : 'unknown',
    hospitalPatientId: '',
    birthYear: '',
    sex: relationship === 'mother' ? 'female' : relationship === 'father' ? 'male' : '',
    withConsent: true,
    consent: emptyConsent(consent.signedOn, consent.documentId),
  };
}

function person(p: PersonForm) {
  return { hospitalPatientId: p.hospitalPatientId.trim(), birthYear: Number(p.birthYear), sex: p.sex };
}

function consentBody(c: ConsentForm) {
  return { documentId: c.documentId, signedOn: c.signedOn, choices: c.choices };
}

export function memberBody(m: MemberForm) {
  return {
    relationship: m.relationship,
    affectedStatus: m.affectedStatus,
    ...person(m),
    ...(m.withConsent ? { consent: consentBody(m.consent) } : {}),
  };
}

/** The `POST /api/cases` body (docs/api-contract-foundation.md). */
export function caseBody(form: CaseForm) {
  const isCancer = form.domain === 'cancer';
  return {
    domain: form.domain,
    category: form.category,
    returnRoute: form.returnRoute,
    diagnosis: {
      icd10: form.icd10.trim().toUpperCase(),
      text: form.diagnosisText.trim(),
      ...(isCancer && form.oncotreeCode.trim() ? { oncotreeCode: form.oncotreeCode.trim().toUpperCase() } : {}),
    },
    proband: person(form.proband),
    consent: consentBody(form.consent),
    ...(form.domain === 'rare_disease' && form.family.length > 0 ? { family: form.family.map(memberBody) } : {}),
  };
}

// Drafts (DESIGN §6: forms never lose what a person typed). Kept per user in this browser until
// the case is registered, the user discards it or logs out (shell/drafts.ts); never sent anywhere.
interface StoredDraft {
  savedAt: string;
  form: CaseForm;
}

export const draftKey = (userId: string) => formDraftKey('case-new', userId);

export function loadDraft(userId: string): StoredDraft | null {
  try {
    const raw = localStorage.getItem(draftKey(userId));
    if (!raw) return null;
    const d = JSON.parse(raw) as StoredDraft;
    return d && d.form && typeof d.savedAt === 'string' ? d : null;
  } catch {
    return null;
  }
}

export function saveDraft(userId: string, form: CaseForm): string | null {
  const savedAt = new Date().toISOString();
  try {
    localStorage.setItem(draftKey(userId), JSON.stringify({ savedAt, form } satisfies StoredDraft));
    return savedAt;
  } catch {
    return null; // storage full or blocked: the page says the draft is not saved
  }
}

export function clearDraft(userId: string): void {
  try {
    localStorage.removeItem(draftKey(userId));
  } catch {
    // nothing to clear
  }
}
