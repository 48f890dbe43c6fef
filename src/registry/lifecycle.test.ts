import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CASE_STATES, checkTransition, illegalTransitionMessage, nextStates, nextStatesFor, TRANSITIONS } from './lifecycle.js';

describe('case lifecycle (pure)', () => {
  test('the happy path walks every milestone in order, each move legal for its principal', () => {
    const path: Array<[string, string]> = [
      ['consented', 'hospital:clinician'], ['specimen_collected', 'hospital:clinician'], ['shipped', 'hospital:clinician'],
      ['received', 'sequencing_company:lab_technician'], ['sequenced', 'sequencing_company:lims_system'],
      ['data_received', 'data_center:analyst'], ['qc_passed', 'data_center:analyst'], ['analysed', 'data_center:analyst'],
      ['report_drafted', 'report_writer:report_writer'], ['report_signed', 'report_writer:report_writer'],
      ['returned', 'data_center:analyst'], ['expert_panel_held', 'hospital:clinician'], ['outcome_recorded', 'hospital:clinician'],
    ];
    let state = 'registered';
    for (const [to, who] of path) {
      assert.deepEqual(checkTransition(state as never, to as never, who as never), { ok: true }, `${state} → ${to} by ${who}`);
      state = to;
    }
  });

  test('next states include withdrawal from every state but withdrawn itself', () => {
    assert.deepEqual(nextStates('registered'), ['consented', 'withdrawn']);
    assert.deepEqual(nextStates('data_received'), ['qc_passed', 'qc_failed', 'withdrawn']);
    assert.deepEqual(nextStates('qc_failed'), ['sequenced', 'specimen_collected', 'withdrawn']);
    assert.deepEqual(nextStates('outcome_recorded'), ['withdrawn']);
    assert.deepEqual(nextStates('withdrawn'), []);
    for (const s of CASE_STATES.filter((x) => x !== 'withdrawn')) assert.ok(nextStates(s).includes('withdrawn'), s);
  });

  test('skipping a milestone is illegal and names the allowed states', () => {
    assert.deepEqual(checkTransition('registered', 'sequenced', 'sequencing_company:lab_technician'),
      { ok: false, reason: 'illegal', allowed: ['consented', 'withdrawn'] });
    assert.equal(illegalTransitionMessage('K-000012', 'registered', 'sequenced', ['consented', 'withdrawn']),
      'case K-000012: cannot go from registered to sequenced; allowed: consented, withdrawn');
    assert.equal(illegalTransitionMessage('K-000001', 'withdrawn', 'consented', []), 'case K-000001: cannot go from withdrawn to consented; allowed: none');
  });

  test('after withdrawal nothing is legal, not even for Kiban itself', () => {
    for (const to of CASE_STATES) {
      assert.deepEqual(checkTransition('withdrawn', to, 'system'), { ok: false, reason: 'illegal', allowed: [] }, to);
    }
  });

  test('withdrawal is reserved to the consent module (system); a person asking gets consent_only', () => {
    assert.deepEqual(checkTransition('sequenced', 'withdrawn', 'hospital:clinician'), { ok: false, reason: 'consent_only' });
    assert.deepEqual(checkTransition('sequenced', 'withdrawn', 'system'), { ok: true });
  });

  test('a legal move by the wrong principal names who may make it', () => {
    assert.deepEqual(checkTransition('shipped', 'received', 'hospital:clinician'),
      { ok: false, reason: 'not_permitted', permitted: ['sequencing_company:lab_technician', 'sequencing_company:lims_system'] });
    assert.deepEqual(checkTransition('report_signed', 'returned', 'report_writer:report_writer'), { ok: true });
    assert.deepEqual(checkTransition('report_signed', 'returned', 'data_center:analyst'), { ok: true });
    assert.equal(checkTransition('analysed', 'report_drafted', 'data_center:analyst').ok, false);
  });

  test('QC failure loops back: re-sequence (sequencer) or new specimen (hospital)', () => {
    assert.deepEqual(nextStatesFor('qc_failed', 'sequencing_company:lab_technician'), ['sequenced']);
    assert.deepEqual(nextStatesFor('qc_failed', 'hospital:clinician'), ['specimen_collected']);
    assert.deepEqual(nextStatesFor('qc_failed', 'data_center:analyst'), []);
  });

  test('researchers and the committee can make no move at all', () => {
    for (const t of TRANSITIONS) {
      assert.ok(!t.by.includes('research_org:researcher') && !t.by.includes('review_committee:committee_member'), `${t.from}→${t.to}`);
    }
  });
});
