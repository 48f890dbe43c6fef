import assert from 'node:assert/strict';
import { test } from 'node:test';
import { combineCriteria, pointsClass } from './combine.js';
import { met, type Criterion, type CriterionCode, type Strength } from './types.js';

/** `PVS1`, `PS1`, `PM2_Supporting`, `BS1`, `BP4_Moderate` → met criteria. */
function parse(labels: string): Criterion[] {
  const strengths: Record<string, Strength> = { VeryStrong: 'very_strong', Strong: 'strong', Moderate: 'moderate', Supporting: 'supporting' };
  const byPrefix: [string, Strength][] = [['PVS', 'very_strong'], ['PS', 'strong'], ['PM', 'moderate'], ['PP', 'supporting'], ['BA', 'stand_alone'], ['BS', 'strong'], ['BP', 'supporting']];
  return labels.split(' ').filter(Boolean).map((label) => {
    const [code, s] = label.split('_') as [CriterionCode, string | undefined];
    const strength = s ? strengths[s]! : byPrefix.find(([p]) => code.startsWith(p))![1];
    return met(code, strength, 'test');
  });
}

// Richards 2015 Table 5, every rule at its boundary, and the contradictions.
const TABLE_5: [string, string, string][] = [
  ['PVS1 PS1', 'Pathogenic', 'Pathogenic (i)(a): PVS1 and ≥1 strong'],
  ['PVS1 PM1 PM2', 'Pathogenic', 'Pathogenic (i)(b): PVS1 and ≥2 moderate'],
  ['PVS1 PM2 PP3', 'Pathogenic', 'Pathogenic (i)(c): PVS1, 1 moderate and 1 supporting'],
  ['PVS1 PP3 PP4', 'Pathogenic', 'Pathogenic (i)(d): PVS1 and ≥2 supporting'],
  ['PS1 PS2', 'Pathogenic', 'Pathogenic (ii): ≥2 strong'],
  ['PS2 PM1 PM2 PM4', 'Pathogenic', 'Pathogenic (iii)(a): 1 strong and ≥3 moderate'],
  ['PS2 PM1 PM2 PP3 PP4', 'Pathogenic', 'Pathogenic (iii)(b): 1 strong, 2 moderate and ≥2 supporting'],
  ['PS2 PM1 PP1 PP2 PP3 PP4', 'Pathogenic', 'Pathogenic (iii)(c): 1 strong, 1 moderate and ≥4 supporting'],
  ['PVS1 PM2', 'Likely pathogenic', 'Likely pathogenic (i): PVS1 and 1 moderate'],
  ['PS2 PM1', 'Likely pathogenic', 'Likely pathogenic (ii): 1 strong and 1–2 moderate'],
  ['PS2 PM1 PM2', 'Likely pathogenic', 'Likely pathogenic (ii): 1 strong and 1–2 moderate'],
  ['PS2 PP3 PP4', 'Likely pathogenic', 'Likely pathogenic (iii): 1 strong and ≥2 supporting'],
  ['PM1 PM2 PM4', 'Likely pathogenic', 'Likely pathogenic (iv): ≥3 moderate'],
  ['PM1 PM2 PP3 PP4', 'Likely pathogenic', 'Likely pathogenic (v): 2 moderate and ≥2 supporting'],
  ['PM1 PP1 PP2 PP3 PP4', 'Likely pathogenic', 'Likely pathogenic (vi): 1 moderate and ≥4 supporting'],
  ['BA1', 'Benign', 'Benign (i): BA1'],
  ['BS1 BS2', 'Benign', 'Benign (ii): ≥2 strong'],
  ['BS1 BP4', 'Likely benign', 'Likely benign (i): 1 strong and 1 supporting'],
  ['BP4 BP7', 'Likely benign', 'Likely benign (ii): ≥2 supporting'],
  // Just below each threshold.
  ['PVS1 PP3', 'Uncertain significance', 'no combination of Table 5 met'],
  ['PS2', 'Uncertain significance', 'no combination of Table 5 met'],
  ['PM1 PM2 PP3', 'Uncertain significance', 'no combination of Table 5 met'],
  ['PM1 PP1 PP2 PP3', 'Uncertain significance', 'no combination of Table 5 met'],
  ['BS1', 'Uncertain significance', 'no combination of Table 5 met'],
  ['BP4', 'Uncertain significance', 'no combination of Table 5 met'],
  // Re-weighted criteria count at their applied strength.
  ['PVS1_Strong PS1', 'Pathogenic', 'Pathogenic (ii): ≥2 strong'],
  ['PVS1 PM2_Supporting', 'Uncertain significance', 'no combination of Table 5 met'],
  ['PVS1 PM2_Supporting PP3', 'Pathogenic', 'Pathogenic (i)(d): PVS1 and ≥2 supporting'],
  ['PP3_Strong PM1', 'Likely pathogenic', 'Likely pathogenic (ii): 1 strong and 1–2 moderate'],
  // Contradictory evidence.
  ['PVS1 PS1 BS1 BP4', 'Uncertain significance', 'conflicting: Pathogenic (i)(a): PVS1 and ≥1 strong and Likely benign (i): 1 strong and 1 supporting'],
  ['PVS1 PS1 BP4', 'Pathogenic', 'Pathogenic (i)(a): PVS1 and ≥1 strong'],
];

test('Richards 2015 Table 5: every combining rule, its boundaries, re-weighting and conflicts', () => {
  for (const [labels, acmgClass, rule] of TABLE_5) {
    const r = combineCriteria(parse(labels));
    assert.deepEqual([labels, r.acmgClass, r.rule], [labels, acmgClass, rule]);
  }
});

test('criteria that were not met do not count', () => {
  const criteria = parse('PS1 PS2');
  criteria[1] = { ...criteria[1]!, met: false };
  assert.equal(combineCriteria(criteria).acmgClass, 'Uncertain significance');
});

test('Tavtigian 2020 points and classes, shown beside Table 5 where they differ', () => {
  const cases: [string, number, string][] = [
    ['PVS1 PS1', 12, 'Pathogenic'],
    ['PVS1 PP3', 9, 'Likely pathogenic'], // Table 5: VUS
    ['PS2 PM1', 6, 'Likely pathogenic'],
    ['PM2_Supporting PP3', 2, 'Uncertain significance'],
    ['BP4 BP7', -2, 'Likely benign'],
    ['BS1 BP4_Moderate', -6, 'Likely benign'],
    ['BS1 BS2', -8, 'Benign'],
    ['PS1 BS1', 0, 'Uncertain significance'],
  ];
  for (const [labels, points, cls] of cases) {
    const r = combineCriteria(parse(labels));
    assert.deepEqual([labels, r.points, r.pointsClass], [labels, points, cls]);
  }
  assert.deepEqual([10, 9, 6, 5, 0, -1, -6, -7].map(pointsClass), [
    'Pathogenic', 'Likely pathogenic', 'Likely pathogenic', 'Uncertain significance', 'Uncertain significance', 'Likely benign', 'Likely benign', 'Benign',
  ]);
});
