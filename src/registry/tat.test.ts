import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DAY_MS, overdueStatus, percentile, samplesFromTimeline, stageTargets, stateTargetDays, summariseStages, unknownTargetKeys } from './tat.js';

const day = (n: number) => new Date(Date.UTC(2025, 0, 1) + n * DAY_MS);

describe('turnaround time (pure)', () => {
  test('percentile interpolates linearly between ranks (type 7, as percentile_cont)', () => {
    assert.equal(percentile([1, 2, 3, 4], 0.5), 2.5);
    assert.equal(percentile([1, 2, 3, 4], 0.25), 1.75);
    assert.equal(percentile([10], 0.9), 10);
    assert.equal(percentile([0, 10], 0.9), 9);
  });

  test('samples from a timeline: each event minus the one before it', () => {
    const s = samplesFromTimeline([
      { fromState: null, toState: 'registered', at: day(0) },
      { fromState: 'registered', toState: 'consented', at: day(0) },
      { fromState: 'consented', toState: 'specimen_collected', at: day(10) },
      { fromState: 'specimen_collected', toState: 'shipped', at: day(12.5) },
    ]);
    assert.deepEqual(s, [
      { from: 'registered', to: 'consented', days: 0 },
      { from: 'consented', to: 'specimen_collected', days: 10 },
      { from: 'specimen_collected', to: 'shipped', days: 2.5 },
    ]);
  });

  test('stage statistics: median, quartiles, p90, min, max of hand-built durations', () => {
    const samples = [4, 1, 3, 2, 10].map((days) => ({ from: 'shipped', to: 'received', days }));
    const shipped = summariseStages(samples).find((s) => s.from === 'shipped')!;
    assert.deepEqual(shipped, { from: 'shipped', to: 'received', targetDays: 3, n: 5, medianDays: 3, p25Days: 2, p75Days: 4, p90Days: 7.6, minDays: 1, maxDays: 10 });
    const never = summariseStages(samples).find((s) => s.from === 'analysed')!;
    assert.deepEqual(never, { from: 'analysed', to: 'report_drafted', targetDays: 14, n: 0, medianDays: null, p25Days: null, p75Days: null, p90Days: null, minDays: null, maxDays: null });
  });

  test('every lifecycle stage has a documented default target; overrides replace it by key', () => {
    assert.ok(stageTargets().every((s) => s.targetDays > 0));
    assert.equal(stageTargets({ 'shipped->received': 1.5 }).find((s) => s.from === 'shipped')!.targetDays, 1.5);
    assert.equal(stateTargetDays('sequenced'), 14, 'the plan: data at the data center within 2 weeks of sequencing');
    assert.deepEqual(unknownTargetKeys({ 'shipped->received': 1, 'shipped->recieved': 1 }), ['shipped->recieved']);
  });

  test('a state left two ways takes the larger target; terminal states have none', () => {
    assert.equal(stateTargetDays('qc_failed'), 21);
    assert.equal(stateTargetDays('outcome_recorded'), null);
    assert.equal(stateTargetDays('withdrawn'), null);
  });

  test('overdue when the time in state exceeds the target of the stage leaving it (boundary exclusive)', () => {
    assert.equal(overdueStatus('shipped', day(0), day(3)).overdue, false, 'exactly at target');
    const late = overdueStatus('shipped', day(0), day(3.5));
    assert.deepEqual(late, { daysInState: 3.5, targetDays: 3, overdue: true, overdueDays: 0.5 });
    assert.equal(overdueStatus('shipped', day(0), day(2), { 'shipped->received': 1, 'shipped->recollection_requested': 1 }).overdue, true, 'override');
    assert.equal(overdueStatus('outcome_recorded', day(0), day(999)).overdue, false);
  });
});

describe('TAT target overrides at start-up', () => {
  test('an override naming no stage stops the app from starting, naming the key', async () => {
    const { buildApp } = await import('../app.js');
    const { testConfig } = await import('../config.js');
    const start = async () => (await buildApp({ config: testConfig({ tatTargetsDays: { 'shipped->recieved': 2 } }), db: {} as never }, { webDir: false })).ready();
    await assert.rejects(start(), {
      code: 'INVALID_CONFIG',
      message: 'tatTargetsDays: unknown stage shipped->recieved (stages are listed in docs/tat.md)',
    });
  });
});
