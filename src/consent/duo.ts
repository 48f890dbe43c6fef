import { invalidInput } from '../errors.js';

/**
 * A participant's explicit consent choices and their GA4GH Data Use Ontology (DUO) codes.
 * Pure. DUO term ids from https://github.com/EBISPOT/DUO (duo.owl, release 2021-02-23).
 */
export interface ConsentChoices {
  /** Use of the data for research beyond the participant's own care. */
  researchUse: boolean;
  /** Use by commercial (industry) researchers, e.g. drug development. */
  industryUse: boolean;
  /** Sharing with researchers outside Japan. */
  internationalSharing: boolean;
  /** The participant may be re-contacted (new studies, new findings). */
  recontact: boolean;
  /** The participant wants secondary findings (二次的所見, ACMG SF genes) disclosed. */
  secondaryFindings: boolean;
}

export const DUO = {
  GRU: 'DUO:0000042', // general research use
  CC: 'DUO:0000043', // clinical care use only
  NPU: 'DUO:0000045', // not-for-profit organisation use only
  NCU: 'DUO:0000046', // non-commercial use only
  GS: 'DUO:0000022', // geographical restriction
  IRB: 'DUO:0000021', // ethics approval required
} as const;

/**
 * DUO codes that follow from the choices, sorted.
 *
 * - research allowed → GRU + IRB: in this programme every research use passes the data-use review
 *   committee (利活用審査委員会), so ethics approval is always a condition.
 * - research refused → CC only: the data serve the participant's own clinical care.
 * - industry use refused → NCU + NPU: DUO splits "not for commercial purposes" and "not by
 *   for-profit organisations"; a refusal of industry use means both.
 * - international sharing refused → GS. DUO has no term naming the region; the restriction here is
 *   always "Japan only", which the record keeps as the explicit `internationalSharing: false`.
 * - re-contact and disclosure of secondary findings are clinical preferences with no DUO term
 *   (DUO describes data-use conditions, not return of results); they are kept only as the
 *   explicit booleans on the consent record and never dropped.
 */
export function duoCodes(c: ConsentChoices): string[] {
  const codes: string[] = [];
  if (c.researchUse) {
    codes.push(DUO.GRU, DUO.IRB);
    if (!c.industryUse) codes.push(DUO.NCU, DUO.NPU);
  } else {
    codes.push(DUO.CC);
  }
  if (!c.internationalSharing) codes.push(DUO.GS);
  return codes.sort();
}

/**
 * Choices that contradict each other are refused rather than silently narrowed: industry use and
 * international sharing are both forms of research use. `fieldPrefix` names where they came from.
 */
export function checkChoices(c: ConsentChoices, fieldPrefix: string): void {
  for (const key of ['industryUse', 'internationalSharing'] as const) {
    if (c[key] && !c.researchUse) {
      const field = `${fieldPrefix}.${key}`;
      throw invalidInput('INVALID_INPUT', `${field}: requires researchUse`, { field, rule: 'dependency' });
    }
  }
}

/** A withdrawal permits nothing; DUO has no "no use" term, so its record carries no codes. */
export const WITHDRAWN_CHOICES: ConsentChoices = {
  researchUse: false, industryUse: false, internationalSharing: false, recontact: false, secondaryFindings: false,
};
