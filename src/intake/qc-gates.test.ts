import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { configFromEnv } from '../config.js';
import { DEFAULT_QC_GATES, evaluateGates, gatesFor, mergeGateConfig, type QcMetrics } from './qc-gates.js';
import { judgeRound } from './qc-round.js';

const GERMLINE_OK: QcMetrics = {
  meanCoverage: 30, pctBases20x: 95, pctBases30x: 50, q30Pct: 85, duplicationPct: 20, contaminationPct: 2, insertSizeMedianBp: 250,
};
const TUMOUR_OK: QcMetrics = {
  meanCoverage: 80, pctBases20x: 99, pctBases30x: 95, q30Pct: 85, duplicationPct: 20, contaminationPct: 3, insertSizeMedianBp: 250,
};
const failed = (m: QcMetrics, type: Parameters<typeof gatesFor>[2], domain: 'cancer' | 'rare_disease' = 'cancer') =>
  evaluateGates(gatesFor(DEFAULT_QC_GATES, domain, type), m).filter((r) => !r.passed).map((r) => r.metric);

describe('QC gates: defaults at their boundaries (bounds are inclusive)', () => {
  test('germline metrics exactly at every threshold pass, with one result per gate', () => {
    assert.deepEqual(evaluateGates(gatesFor(DEFAULT_QC_GATES, 'rare_disease', 'blood_normal'), GERMLINE_OK), [
      { metric: 'meanCoverage', value: 30, op: 'min', threshold: 30, passed: true },
      { metric: 'pctBases20x', value: 95, op: 'min', threshold: 95, passed: true },
      { metric: 'q30Pct', value: 85, op: 'min', threshold: 85, passed: true },
      { metric: 'duplicationPct', value: 20, op: 'max', threshold: 20, passed: true },
      { metric: 'contaminationPct', value: 2, op: 'max', threshold: 2, passed: true },
      { metric: 'insertSizeMedianBp', value: 250, op: 'min', threshold: 250, passed: true },
    ]);
  });

  test('germline: just below a minimum or just above a maximum fails that gate only', () => {
    assert.deepEqual(failed({ ...GERMLINE_OK, meanCoverage: 29.99 }, 'blood_normal'), ['meanCoverage']);
    assert.deepEqual(failed({ ...GERMLINE_OK, pctBases20x: 94.9 }, 'family_blood', 'rare_disease'), ['pctBases20x']);
    assert.deepEqual(failed({ ...GERMLINE_OK, q30Pct: 84.99 }, 'blood_normal'), ['q30Pct']);
    assert.deepEqual(failed({ ...GERMLINE_OK, duplicationPct: 20.01 }, 'blood_normal'), ['duplicationPct']);
    assert.deepEqual(failed({ ...GERMLINE_OK, contaminationPct: 2.01 }, 'blood_normal'), ['contaminationPct']);
    assert.deepEqual(failed({ ...GERMLINE_OK, insertSizeMedianBp: 249 }, 'blood_normal'), ['insertSizeMedianBp']);
  });

  test('germline does not gate pctBases30x; tumour does not gate pctBases20x', () => {
    assert.deepEqual(failed({ ...GERMLINE_OK, pctBases30x: 0 }, 'blood_normal'), []);
    assert.deepEqual(failed({ ...TUMOUR_OK, pctBases20x: 0 }, 'tumour_fresh_frozen'), []);
  });

  test('tumour: 80× passes and 79.9× fails; contamination 3% passes and 3.01% fails; 95% ≥ 30×', () => {
    assert.deepEqual(failed(TUMOUR_OK, 'tumour_fresh_frozen'), []);
    assert.deepEqual(failed({ ...TUMOUR_OK, meanCoverage: 79.9 }, 'tumour_fresh_frozen'), ['meanCoverage']);
    assert.deepEqual(failed({ ...TUMOUR_OK, contaminationPct: 3.01 }, 'tumour_fresh_frozen'), ['contaminationPct']);
    assert.deepEqual(failed({ ...TUMOUR_OK, pctBases30x: 94.99 }, 'tumour_fresh_frozen'), ['pctBases30x']);
  });

  test('FFPE tumour allows 30% duplicates and 150 bp inserts, not more or less', () => {
    const ffpe = { ...TUMOUR_OK, duplicationPct: 30, insertSizeMedianBp: 150 };
    assert.deepEqual(failed(ffpe, 'tumour_ffpe'), []);
    assert.deepEqual(failed({ ...ffpe, duplicationPct: 30.01, insertSizeMedianBp: 149 }, 'tumour_ffpe'), ['duplicationPct', 'insertSizeMedianBp']);
    assert.deepEqual(failed(ffpe, 'tumour_fresh_frozen'), ['duplicationPct', 'insertSizeMedianBp']);
  });
});

describe('QC gates: overrides', () => {
  test('a new bound replaces the default for that domain and type only; null switches a gate off', () => {
    const merged = mergeGateConfig(DEFAULT_QC_GATES, {
      cancer: { tumour_fresh_frozen: { meanCoverage: { min: 75 }, insertSizeMedianBp: null } },
    });
    assert.deepEqual(merged.cancer.tumour_fresh_frozen.meanCoverage, { op: 'min', value: 75 });
    assert.equal(merged.cancer.tumour_fresh_frozen.insertSizeMedianBp, undefined);
    assert.deepEqual(merged.cancer.tumour_ffpe.meanCoverage, { op: 'min', value: 80 });
    assert.deepEqual(DEFAULT_QC_GATES.cancer.tumour_fresh_frozen.meanCoverage, { op: 'min', value: 80 }, 'defaults untouched');
    assert.deepEqual(failed({ ...TUMOUR_OK, meanCoverage: 75 }, 'tumour_fresh_frozen'), ['meanCoverage']);
    assert.deepEqual(evaluateGates(merged.cancer.tumour_fresh_frozen, { ...TUMOUR_OK, meanCoverage: 75, insertSizeMedianBp: 1 })
      .filter((r) => !r.passed), []);
  });

  test('KIBAN_QC_GATES is read as JSON and checked: an unknown metric is refused naming the path', () => {
    const env = { KIBAN_DATA_DIR: '/tmp/kiban-qc-test', KIBAN_SECRET: 'x'.repeat(32) };
    const ok = configFromEnv({ ...env, KIBAN_QC_GATES: '{"rare_disease":{"blood_normal":{"contaminationPct":{"max":3}}}}' });
    assert.deepEqual(ok.qcGates, { rare_disease: { blood_normal: { contaminationPct: { max: 3 } } } });
    assert.throws(() => configFromEnv({ ...env, KIBAN_QC_GATES: '{"cancer":{"blood_normal":{"depth":{"min":3}}}}' }),
      (err: Error) => err.message.startsWith('configuration qcGates.cancer.blood_normal.depth:'));
  });
});

describe('QC round', () => {
  test('one failing gate fails the round; reasons name metric, value and threshold per run', () => {
    const outcome = judgeRound(DEFAULT_QC_GATES, 'cancer', [
      { runId: 'SR-T', specimenId: 'SP-T', specimenType: 'tumour_fresh_frozen', metrics: { ...TUMOUR_OK, meanCoverage: 79.9, duplicationPct: 22.5 } },
      { runId: 'SR-N', specimenId: 'SP-N', specimenType: 'blood_normal', metrics: GERMLINE_OK },
    ]);
    assert.equal(outcome.passed, false);
    assert.equal(outcome.gates.length, 12);
    assert.deepEqual(outcome.failures, [{
      runId: 'SR-T', specimenId: 'SP-T', specimenType: 'tumour_fresh_frozen',
      reasons: ['meanCoverage 79.9 < 80 (min)', 'duplicationPct 22.5 > 20 (max)'],
    }]);
  });

  test('all gates of all runs passing passes the round', () => {
    const outcome = judgeRound(DEFAULT_QC_GATES, 'rare_disease', [
      { runId: 'SR-P', specimenId: 'SP-P', specimenType: 'blood_normal', metrics: GERMLINE_OK },
      { runId: 'SR-M', specimenId: 'SP-M', specimenType: 'family_blood', metrics: GERMLINE_OK },
    ]);
    assert.deepEqual({ passed: outcome.passed, n: outcome.gates.length, failures: outcome.failures }, { passed: true, n: 12, failures: [] });
  });
});
