/**
 * ACMG/AMP 2015 (Richards et al., Genet Med 2015;17:405) criteria as data. Strength names follow
 * the ClinGen SVI convention of re-weighting a criterion (`PVS1_Strong`, `PM2_Supporting`): the
 * code stays, the applied strength changes.
 */

export type Strength = 'stand_alone' | 'very_strong' | 'strong' | 'moderate' | 'supporting';
export type Direction = 'pathogenic' | 'benign';

export type CriterionCode =
  | 'PVS1' | 'PS1' | 'PS2' | 'PS3' | 'PS4' | 'PM1' | 'PM2' | 'PM3' | 'PM4' | 'PM5' | 'PM6' | 'PP1' | 'PP2' | 'PP3' | 'PP4' | 'PP5'
  | 'BA1' | 'BS1' | 'BS2' | 'BS3' | 'BS4' | 'BP1' | 'BP2' | 'BP3' | 'BP4' | 'BP5' | 'BP6' | 'BP7';

/** One criterion evaluated for one variant: met or not, and why, with the knowledge behind it. */
export interface Criterion {
  code: CriterionCode;
  direction: Direction;
  met: boolean;
  /** Applied strength when met (may differ from the criterion's default, e.g. PVS1 at Strong). */
  strength: Strength;
  /** What triggered it (or why it was not met), in words a curator can check. */
  evidence: string;
  /** Knowledge source and release used, e.g. `ClinGen dosage sensitivity 2026-02-06`. */
  source?: string;
}

export const DEFAULT_STRENGTH: Record<CriterionCode, Strength> = {
  PVS1: 'very_strong', PS1: 'strong', PS2: 'strong', PS3: 'strong', PS4: 'strong',
  PM1: 'moderate', PM2: 'moderate', PM3: 'moderate', PM4: 'moderate', PM5: 'moderate', PM6: 'moderate',
  PP1: 'supporting', PP2: 'supporting', PP3: 'supporting', PP4: 'supporting', PP5: 'supporting',
  BA1: 'stand_alone', BS1: 'strong', BS2: 'strong', BS3: 'strong', BS4: 'strong',
  BP1: 'supporting', BP2: 'supporting', BP3: 'supporting', BP4: 'supporting', BP5: 'supporting', BP6: 'supporting', BP7: 'supporting',
};

export function directionOf(code: CriterionCode): Direction {
  return code.startsWith('P') ? 'pathogenic' : 'benign';
}

/** A met criterion. */
export function met(code: CriterionCode, strength: Strength, evidence: string, source?: string): Criterion {
  return { code, direction: directionOf(code), met: true, strength, evidence, ...(source ? { source } : {}) };
}

/** A criterion evaluated and not met, with the reason (shown to the curator, never counted). */
export function notMet(code: CriterionCode, evidence: string, source?: string): Criterion {
  return { code, direction: directionOf(code), met: false, strength: DEFAULT_STRENGTH[code], evidence, ...(source ? { source } : {}) };
}

/** The usual display name: `PVS1`, or `PVS1_Strong` when re-weighted. */
export function criterionLabel(c: Pick<Criterion, 'code' | 'strength'>): string {
  if (c.strength === DEFAULT_STRENGTH[c.code]) return c.code;
  const name = { stand_alone: 'StandAlone', very_strong: 'VeryStrong', strong: 'Strong', moderate: 'Moderate', supporting: 'Supporting' }[c.strength];
  return `${c.code}_${name}`;
}

export type AcmgClass = 'Pathogenic' | 'Likely pathogenic' | 'Uncertain significance' | 'Likely benign' | 'Benign';
