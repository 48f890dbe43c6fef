import Type, { type Static } from 'typebox';

/**
 * Sequencing QC gates (issue 4). Pure: metrics and a gate configuration in, one result per gate
 * out. Defaults and their sources are in docs/qc-gates.md; a deployment overrides any threshold
 * with `KIBAN_QC_GATES` (config.qcGates), merged over the defaults by `mergeGateConfig`.
 *
 * Every bound is inclusive: `min: 30` passes 30.0 and fails 29.99; `max: 2` passes 2.0 and fails
 * 2.01. A gate whose threshold is `null` in the override is switched off.
 */

export const QC_METRICS = [
  'meanCoverage',
  'pctBases20x',
  'pctBases30x',
  'q30Pct',
  'duplicationPct',
  'contaminationPct',
  'insertSizeMedianBp',
] as const;
export type QcMetric = (typeof QC_METRICS)[number];
export type QcMetrics = Record<QcMetric, number>;

export const GATE_DOMAINS = ['cancer', 'rare_disease'] as const;
export type GateDomain = (typeof GATE_DOMAINS)[number];
export const GATE_SPECIMEN_TYPES = ['tumour_ffpe', 'tumour_fresh_frozen', 'blood_normal', 'family_blood'] as const;
export type GateSpecimenType = (typeof GATE_SPECIMEN_TYPES)[number];

export interface Threshold {
  op: 'min' | 'max';
  value: number;
}
/** metric → threshold; a metric absent from the set is recorded but not gated. */
export type GateSet = Partial<Record<QcMetric, Threshold>>;
export type QcGateConfig = Record<GateDomain, Record<GateSpecimenType, GateSet>>;

export interface GateResult {
  metric: QcMetric;
  value: number;
  op: 'min' | 'max';
  threshold: number;
  passed: boolean;
}

const min = (value: number): Threshold => ({ op: 'min', value });
const max = (value: number): Threshold => ({ op: 'max', value });

/** Germline / normal blood: 30× WGS (docs/qc-gates.md §Germline). */
const GERMLINE: GateSet = {
  meanCoverage: min(30),
  pctBases20x: min(95),
  q30Pct: min(85),
  duplicationPct: max(20),
  contaminationPct: max(2),
  insertSizeMedianBp: min(250),
};

/** Tumour: deeper to see subclonal variants; contamination allowed a little higher (§Tumour). */
const TUMOUR_FRESH_FROZEN: GateSet = {
  meanCoverage: min(80),
  pctBases30x: min(95),
  q30Pct: min(85),
  duplicationPct: max(20),
  contaminationPct: max(3),
  insertSizeMedianBp: min(250),
};

/** FFPE DNA is fragmented: shorter inserts and more PCR duplicates are expected (§FFPE). */
const TUMOUR_FFPE: GateSet = { ...TUMOUR_FRESH_FROZEN, duplicationPct: max(30), insertSizeMedianBp: min(150) };

const byType = (tumourFfpe: GateSet, tumourFf: GateSet, germline: GateSet): Record<GateSpecimenType, GateSet> => ({
  tumour_ffpe: tumourFfpe,
  tumour_fresh_frozen: tumourFf,
  blood_normal: germline,
  family_blood: germline,
});

export const DEFAULT_QC_GATES: QcGateConfig = {
  cancer: byType(TUMOUR_FFPE, TUMOUR_FRESH_FROZEN, GERMLINE),
  // Tumour specimens are refused in rare-disease cases; the entries exist for completeness.
  rare_disease: byType(TUMOUR_FFPE, TUMOUR_FRESH_FROZEN, GERMLINE),
};

const ThresholdOverride = Type.Union([
  Type.Object({ min: Type.Number() }, { additionalProperties: false }),
  Type.Object({ max: Type.Number() }, { additionalProperties: false }),
  Type.Null(),
]);
const T = () => Type.Optional(ThresholdOverride);
const GateSetOverride = Type.Object({
  meanCoverage: T(), pctBases20x: T(), pctBases30x: T(), q30Pct: T(), duplicationPct: T(), contaminationPct: T(), insertSizeMedianBp: T(),
}, { additionalProperties: false });
const G = () => Type.Optional(GateSetOverride);
const DomainOverride = Type.Object(
  { tumour_ffpe: G(), tumour_fresh_frozen: G(), blood_normal: G(), family_blood: G() },
  { additionalProperties: false },
);

/**
 * `{ "cancer": { "tumour_ffpe": { "meanCoverage": { "min": 75 }, "insertSizeMedianBp": null } } }`:
 * per domain and specimen type, a new bound for a metric, or null to stop gating it.
 */
export const QcGatesOverride = Type.Object(
  { cancer: Type.Optional(DomainOverride), rare_disease: Type.Optional(DomainOverride) },
  { additionalProperties: false },
);
export type QcGatesOverride = Static<typeof QcGatesOverride>;

export function mergeGateConfig(base: QcGateConfig, override: QcGatesOverride | undefined): QcGateConfig {
  const out = structuredClone(base);
  for (const domain of GATE_DOMAINS) {
    for (const type of GATE_SPECIMEN_TYPES) {
      const o = override?.[domain]?.[type];
      if (!o) continue;
      const set = out[domain][type];
      for (const metric of QC_METRICS) {
        if (!(metric in o)) continue;
        const t = o[metric];
        if (t === null || t === undefined) delete set[metric];
        else set[metric] = 'min' in t ? min(t.min) : max(t.max);
      }
    }
  }
  return out;
}

export function gatesFor(config: QcGateConfig, domain: GateDomain, specimenType: GateSpecimenType): GateSet {
  return config[domain][specimenType];
}

/** One result per gate, in QC_METRICS order (stable for display and for tests). */
export function evaluateGates(gates: GateSet, metrics: QcMetrics): GateResult[] {
  const results: GateResult[] = [];
  for (const metric of QC_METRICS) {
    const t = gates[metric];
    if (!t) continue;
    const value = metrics[metric];
    const passed = t.op === 'min' ? value >= t.value : value <= t.value;
    results.push({ metric, value, op: t.op, threshold: t.value, passed });
  }
  return results;
}

/** "meanCoverage 28.5 < 30 (min)" — the reason line shown to the sequencing company. */
export function failureReason(r: GateResult): string {
  return `${r.metric} ${r.value} ${r.op === 'min' ? '<' : '>'} ${r.threshold} (${r.op})`;
}
