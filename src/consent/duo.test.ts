import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkChoices, duoCodes } from './duo.js';

const all = { researchUse: true, industryUse: true, internationalSharing: true, recontact: true, secondaryFindings: true };

describe('consent choices → DUO codes (pure)', () => {
  test('everything allowed: general research use with ethics approval', () => {
    assert.deepEqual(duoCodes(all), ['DUO:0000021', 'DUO:0000042']);
  });
  test('no industry use: non-commercial and not-for-profit use only', () => {
    assert.deepEqual(duoCodes({ ...all, industryUse: false }), ['DUO:0000021', 'DUO:0000042', 'DUO:0000045', 'DUO:0000046']);
  });
  test('no international sharing: geographical restriction', () => {
    assert.deepEqual(duoCodes({ ...all, internationalSharing: false }), ['DUO:0000021', 'DUO:0000022', 'DUO:0000042']);
  });
  test('no research: clinical care use only', () => {
    const none = { researchUse: false, industryUse: false, internationalSharing: false, recontact: false, secondaryFindings: false };
    assert.deepEqual(duoCodes(none), ['DUO:0000022', 'DUO:0000043']);
  });
  test('re-contact and secondary findings have no DUO term and change no code', () => {
    assert.deepEqual(duoCodes({ ...all, recontact: false, secondaryFindings: false }), duoCodes(all));
  });
  test('industry use without research use is refused, naming the field and rule', () => {
    assert.throws(() => checkChoices({ ...all, researchUse: false, internationalSharing: false }, 'body.consent.choices'), {
      message: 'body.consent.choices.industryUse: requires researchUse', details: { field: 'body.consent.choices.industryUse', rule: 'dependency' },
    });
  });
});
