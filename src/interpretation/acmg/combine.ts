import type { AcmgClass, Criterion, Strength } from './types.js';

export interface Combination {
  /** Richards 2015 Table 5. */
  acmgClass: AcmgClass;
  /** The Table 5 rule that decided, e.g. `Pathogenic (ii): ≥2 strong`; for VUS, why. */
  rule: string;
  /** Tavtigian 2020 points (Genet Med 2020;22:232 / Hum Mutat 2020;41:1734). */
  points: number;
  pointsClass: AcmgClass;
}

interface Counts {
  vs: number;
  s: number;
  m: number;
  p: number;
  ba: number;
  bs: number;
  bp: number;
}

/**
 * Combines met criteria by Richards 2015 Table 5 and, separately, by Tavtigian's points; both
 * are reported because they disagree at the edges (e.g. PVS1 + PP3 is LP by points, VUS by
 * Table 5) and curators need to see both. Counting is by applied strength. Table 5 has no
 * moderate benign level: a benign criterion re-weighted to Moderate counts as supporting there
 * (the conservative reading) and −2 in points.
 */
export function combineCriteria(criteria: Criterion[]): Combination {
  const c = countOf(criteria.filter((x) => x.met));
  const points = pointsOf(criteria.filter((x) => x.met));
  const pathogenic = pathogenicRule(c);
  const benign = benignRule(c);
  let acmgClass: AcmgClass;
  let rule: string;
  if (pathogenic && benign) {
    acmgClass = 'Uncertain significance';
    rule = `conflicting: ${pathogenic.rule} and ${benign.rule}`;
  } else if (pathogenic) ({ acmgClass, rule } = pathogenic);
  else if (benign) ({ acmgClass, rule } = benign);
  else {
    acmgClass = 'Uncertain significance';
    rule = 'no combination of Table 5 met';
  }
  return { acmgClass, rule, points, pointsClass: pointsClass(points) };
}

function countOf(criteria: Criterion[]): Counts {
  const c: Counts = { vs: 0, s: 0, m: 0, p: 0, ba: 0, bs: 0, bp: 0 };
  for (const x of criteria) {
    if (x.direction === 'pathogenic') {
      if (x.strength === 'very_strong' || x.strength === 'stand_alone') c.vs++;
      else if (x.strength === 'strong') c.s++;
      else if (x.strength === 'moderate') c.m++;
      else c.p++;
    } else if (x.strength === 'stand_alone') c.ba++;
    else if (x.strength === 'strong' || x.strength === 'very_strong') c.bs++;
    else c.bp++;
  }
  return c;
}

function pathogenicRule(c: Counts): { acmgClass: AcmgClass; rule: string } | undefined {
  const P = (rule: string) => ({ acmgClass: 'Pathogenic' as const, rule: `Pathogenic ${rule}` });
  const LP = (rule: string) => ({ acmgClass: 'Likely pathogenic' as const, rule: `Likely pathogenic ${rule}` });
  if (c.vs >= 1) {
    if (c.s >= 1) return P('(i)(a): PVS1 and ≥1 strong');
    if (c.m >= 2) return P('(i)(b): PVS1 and ≥2 moderate');
    if (c.m === 1 && c.p >= 1) return P('(i)(c): PVS1, 1 moderate and 1 supporting');
    if (c.p >= 2) return P('(i)(d): PVS1 and ≥2 supporting');
  }
  if (c.s >= 2) return P('(ii): ≥2 strong');
  if (c.s === 1) {
    if (c.m >= 3) return P('(iii)(a): 1 strong and ≥3 moderate');
    if (c.m === 2 && c.p >= 2) return P('(iii)(b): 1 strong, 2 moderate and ≥2 supporting');
    if (c.m === 1 && c.p >= 4) return P('(iii)(c): 1 strong, 1 moderate and ≥4 supporting');
  }
  if (c.vs >= 1 && c.m === 1) return LP('(i): PVS1 and 1 moderate');
  if (c.s === 1 && (c.m === 1 || c.m === 2)) return LP('(ii): 1 strong and 1–2 moderate');
  if (c.s === 1 && c.p >= 2) return LP('(iii): 1 strong and ≥2 supporting');
  if (c.m >= 3) return LP('(iv): ≥3 moderate');
  if (c.m === 2 && c.p >= 2) return LP('(v): 2 moderate and ≥2 supporting');
  if (c.m === 1 && c.p >= 4) return LP('(vi): 1 moderate and ≥4 supporting');
  return undefined;
}

function benignRule(c: Counts): { acmgClass: AcmgClass; rule: string } | undefined {
  if (c.ba >= 1) return { acmgClass: 'Benign', rule: 'Benign (i): BA1' };
  if (c.bs >= 2) return { acmgClass: 'Benign', rule: 'Benign (ii): ≥2 strong' };
  if (c.bs === 1 && c.bp >= 1) return { acmgClass: 'Likely benign', rule: 'Likely benign (i): 1 strong and 1 supporting' };
  if (c.bp >= 2) return { acmgClass: 'Likely benign', rule: 'Likely benign (ii): ≥2 supporting' };
  return undefined;
}

const POINTS: Record<Strength, number> = { stand_alone: 8, very_strong: 8, strong: 4, moderate: 2, supporting: 1 };

function pointsOf(criteria: Criterion[]): number {
  return criteria.reduce((sum, x) => sum + (x.direction === 'pathogenic' ? POINTS[x.strength] : -POINTS[x.strength]), 0);
}

/** Tavtigian 2020: P ≥ 10, LP 6–9, VUS 0–5, LB −1…−6, B ≤ −7. */
export function pointsClass(points: number): AcmgClass {
  if (points >= 10) return 'Pathogenic';
  if (points >= 6) return 'Likely pathogenic';
  if (points >= 0) return 'Uncertain significance';
  if (points >= -6) return 'Likely benign';
  return 'Benign';
}
