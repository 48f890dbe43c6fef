import { met, notMet, type Criterion } from './types.js';

export interface FrequencyThresholds {
  /** BA1: allele frequency above this is stand-alone benign. ClinGen SVI: 0.05. */
  ba1: number;
  /** BS1: greater than expected for the disorder. Default 0.01; set per gene or disease. */
  bs1: number;
  /** PM2: absent, or at or below this (recessive disorders need a higher value). Default 0.0001. */
  pm2: number;
}

export const DEFAULT_FREQUENCY_THRESHOLDS: FrequencyThresholds = { ba1: 0.05, bs1: 0.01, pm2: 0.0001 };

export interface FrequencyInput {
  /** Allele frequency in the population named; null when the site is unseen there. */
  af: number | null;
  /** The population (`gnomAD`, `54KJPN`, or `input INFO/AF`) and its release. */
  population: string;
  thresholds?: Partial<FrequencyThresholds>;
}

/**
 * PM2 (at Supporting, as ClinGen SVI recommended in 2020), BS1 and BA1 from one population
 * frequency. Only one of the three can be met; the evidence names the population and the
 * threshold used, so a curator sees which rule and which data decided.
 */
export function evaluateFrequency(input: FrequencyInput): [Criterion, Criterion, Criterion] {
  const t = { ...DEFAULT_FREQUENCY_THRESHOLDS, ...input.thresholds };
  const { af, population } = input;
  const src = population;
  if (af === null) {
    return [met('PM2', 'supporting', `absent from ${population}`, src), notMet('BS1', `absent from ${population}`, src), notMet('BA1', `absent from ${population}`, src)];
  }
  const at = `AF ${af} in ${population}`;
  if (af > t.ba1) return [notMet('PM2', `${at} > ${t.pm2}`, src), notMet('BS1', `${at}: BA1 applies instead`, src), met('BA1', 'stand_alone', `${at} > ${t.ba1}`, src)];
  if (af > t.bs1) return [notMet('PM2', `${at} > ${t.pm2}`, src), met('BS1', 'strong', `${at} > ${t.bs1}`, src), notMet('BA1', `${at} ≤ ${t.ba1}`, src)];
  if (af <= t.pm2) return [met('PM2', 'supporting', `${at} ≤ ${t.pm2}`, src), notMet('BS1', `${at} ≤ ${t.bs1}`, src), notMet('BA1', `${at} ≤ ${t.ba1}`, src)];
  return [notMet('PM2', `${at} > ${t.pm2}`, src), notMet('BS1', `${at} ≤ ${t.bs1}`, src), notMet('BA1', `${at} ≤ ${t.ba1}`, src)];
}
