/**
 * Interpretation: the pure core (ACMG/AMP criteria and their combination, inheritance modes,
 * phenotype similarity, candidate ranking) and, at the edge, `kiban prioritise`.
 */
export * from './acmg/types.js';
export { combineCriteria, pointsClass, type Combination } from './acmg/combine.js';
export { classifyVariant, type AcmgInput, type AcmgResult } from './acmg/classify.js';
export { lofMechanism, evaluatePvs1, type LofMechanism } from './acmg/pvs1.js';
export { parseProteinChange, type KnownPathogenic } from './acmg/protein.js';
export { DEFAULT_FREQUENCY_THRESHOLDS, type FrequencyThresholds } from './acmg/frequency.js';
export { REVEL_CALIBRATION, type ScoreCalibration } from './acmg/insilico.js';
export * from './genotype.js';
export { interpretationRoutes } from './routes.js';
export { runInterpretation, PIPELINE_VERSION, type ServerKnowledge, type RunOutcome } from './run.js';
export { startInterpretationWorkers, interpretAfterIngest, enqueueInterpretation, INTERPRETATION_QUEUE } from './jobs.js';
export { seedDemoPhenotype } from './service.js';
