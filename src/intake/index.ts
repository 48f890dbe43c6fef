/** The intake module: sequencing runs, result files, QC gates. Other modules use it through this file. */
import { addTransitionGuard } from '../registry/index.js';
import { requireSamplesLoaded } from './analysed-guard.js';

export { intakeRoutes } from './routes.js';
addTransitionGuard('analysed', requireSamplesLoaded);
export {
  DEFAULT_QC_GATES, QC_METRICS, QcGatesOverride, evaluateGates, gatesFor, mergeGateConfig,
  type GateResult, type QcGateConfig, type QcMetric, type QcMetrics,
} from './qc-gates.js';
export { ingestPort, ingestPortFor, type IngestPort, type IngestProgress, type IngestStatus } from './pipeline.js';
export type { SampleMapping } from './vcf-samples.js';
export { seedDemoSequencing, type DemoSites } from './demo.js';
export { assertSampleInUse } from './sample-in-use.js';
export { samplesOfCase, casesOfSampleIds, withdrawnSamples, type CaseSample } from './variants.js';
