import { met, notMet, type Criterion, type Strength } from './types.js';

/** Score thresholds, highest strength first; `pp3` values are minima, `bp4` values maxima. */
export interface ScoreCalibration {
  name: string;
  pp3: [Strength, number][];
  bp4: [Strength, number][];
}

/**
 * REVEL as calibrated by Pejaver et al. (Am J Hum Genet 2022;109:2163), adopted by ClinGen SVI:
 * PP3 Strong ≥0.932, Moderate ≥0.773, Supporting ≥0.644; BP4 Supporting ≤0.290, Moderate ≤0.183,
 * Strong ≤0.016. Scores in between support neither.
 */
export const REVEL_CALIBRATION: ScoreCalibration = {
  name: 'REVEL',
  pp3: [['strong', 0.932], ['moderate', 0.773], ['supporting', 0.644]],
  bp4: [['strong', 0.016], ['moderate', 0.183], ['supporting', 0.29]],
};

/** PP3 / BP4 from a predictor score found in the input (INFO), for missense variants. */
export function evaluateInSilico(consequences: string[], score: number | undefined, calibration: ScoreCalibration = REVEL_CALIBRATION): [Criterion, Criterion] {
  if (!consequences.includes('missense_variant')) {
    const why = `${calibration.name} applies to missense variants (${consequences.join(', ')})`;
    return [notMet('PP3', why), notMet('BP4', why)];
  }
  if (score === undefined) return [notMet('PP3', `no ${calibration.name} score in the input`), notMet('BP4', `no ${calibration.name} score in the input`)];
  const pp3 = calibration.pp3.find(([, min]) => score >= min);
  if (pp3) return [met('PP3', pp3[0], `${calibration.name} ${score} ≥ ${pp3[1]}`, calibration.name), notMet('BP4', `${calibration.name} ${score}`, calibration.name)];
  const bp4 = calibration.bp4.find(([, max]) => score <= max);
  if (bp4) return [notMet('PP3', `${calibration.name} ${score}`, calibration.name), met('BP4', bp4[0], `${calibration.name} ${score} ≤ ${bp4[1]}`, calibration.name)];
  return [notMet('PP3', `${calibration.name} ${score} in the indeterminate range`, calibration.name), notMet('BP4', `${calibration.name} ${score} in the indeterminate range`, calibration.name)];
}
