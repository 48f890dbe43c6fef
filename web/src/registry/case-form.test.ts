import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { caseBody, emptyCaseForm, newMember, noChoices } from './case-form';

describe('trio registration form: each person\'s consent is their own', () => {
  test('a parent added after the proband ticked every choice starts with none ticked, same document and date', () => {
    const form = emptyCaseForm('2026-12-02');
    form.consent = { documentId: 'WGS-AP-RD-1.0', signedOn: '2026-12-01', choices: { researchUse: true, industryUse: true, internationalSharing: true, recontact: true, secondaryFindings: true } };
    const mother = newMember('mother', form.consent);
    assert.deepEqual(mother.consent, { documentId: 'WGS-AP-RD-1.0', signedOn: '2026-12-01', choices: noChoices() });
    assert.deepEqual(noChoices(), { researchUse: false, industryUse: false, internationalSharing: false, recontact: false, secondaryFindings: false });
  });

  test('the request body carries each member\'s choices as ticked', () => {
    const form = { ...emptyCaseForm('2026-12-02'), domain: 'rare_disease' as const, category: 'undiagnosed', returnRoute: 'B' as const };
    form.consent = { documentId: 'WGS-AP-RD-1.0', signedOn: '2026-12-01', choices: { ...noChoices(), secondaryFindings: true } };
    const mother = newMember('mother', form.consent);
    mother.consent.choices.researchUse = true;
    form.family = [mother, newMember('father', form.consent)];
    const body = caseBody(form);
    assert.deepEqual([body.consent.choices, ...body.family!.map((m) => m.consent?.choices)], [
      { ...noChoices(), secondaryFindings: true },
      { ...noChoices(), researchUse: true },
      noChoices(),
    ]);
  });
});
