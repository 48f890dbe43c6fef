import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import i18next from 'i18next';
import { ApiError } from '../api';
import { resources } from '../i18n';
import { errorText } from './error-text';

async function i18n(lng: 'ja' | 'en') {
  const inst = i18next.createInstance();
  await inst.init({ resources, lng, fallbackLng: false, ns: Object.keys(resources.ja), defaultNS: 'shell', interpolation: { escapeValue: false } });
  return inst;
}

const err = (status: number, code: string, kind: string, details: Record<string, unknown>, message = 'server words') =>
  new ApiError(status, { code, kind, message, details });

describe('errorText: server errors in the reader’s language, details filled in', () => {
  test('not found names the entity and id', async () => {
    const e = err(404, 'NOT_FOUND', 'not_found', { entity: 'case', id: 'K-000002' }, 'case K-000002 not found');
    assert.equal(errorText(await i18n('ja'), e), '症例 K-000002 が見つかりません。');
    assert.equal(errorText(await i18n('en'), e), 'Case K-000002 was not found.');
  });

  test('a duplicate enrolment names the hospital and the existing participant', async () => {
    const e = err(409, 'PARTICIPANT_EXISTS', 'conflict', { field: 'body.proband.hospitalPatientId', orgId: 'H-TOKYO', participantId: 'P-0000000001' });
    assert.equal(errorText(await i18n('ja'), e), 'この患者は H-TOKYO で既に登録されています（参加者 P-0000000001）。');
    assert.equal(errorText(await i18n('en'), e), 'This patient is already registered at H-TOKYO (participant P-0000000001).');
  });

  test('case states in an illegal transition are translated, the allowed ones listed', async () => {
    const e = err(409, 'CASE_ILLEGAL_TRANSITION', 'conflict', { caseId: 'K-000007', from: 'registered', to: 'sequenced', allowed: ['consented', 'withdrawn'] });
    assert.equal(errorText(await i18n('en'), e), 'Case K-000007 cannot go from “Registered” to “Sequenced”. Allowed: Consented, Consent withdrawn');
    const ja = await i18n('ja');
    assert.equal(errorText(ja, e), `症例 K-000007 は「${ja.t('registry:state.registered')}」から「${ja.t('registry:state.sequenced')}」に進めません。可能な遷移：${ja.t('registry:state.consented')}、${ja.t('registry:state.withdrawn')}`);
  });

  test('a validation error reads by its rule (what the form shows under the field)', async () => {
    const e = err(400, 'INVALID_INPUT', 'invalid_input', { field: 'body.diagnosis.oncotreeCode', rule: 'required' }, 'body.diagnosis.oncotreeCode: required for cancer cases');
    assert.equal(errorText(await i18n('ja'), e), '入力してください。');
    assert.equal(errorText(await i18n('en'), e), 'Required.');
  });

  test('login throttling says how many minutes to wait', async () => {
    const e = err(429, 'LOGIN_THROTTLED', 'too_many_requests', { retryAfterSeconds: 61 });
    assert.equal(errorText(await i18n('ja'), e), 'ログインの失敗が続いたため、一時的にロックされています。2 分後に再度お試しください。');
  });

  test('an unknown code, or a text whose detail is missing, falls back to the kind — never English or a half sentence', async () => {
    const ja = await i18n('ja');
    assert.equal(errorText(ja, err(409, 'SOMETHING_NEW', 'conflict', {})), ja.t('shell:error.kind.conflict'));
    assert.equal(errorText(ja, err(404, 'NOT_FOUND', 'not_found', {}, 'no route GET /api/x')), ja.t('shell:error.kind.not_found'));
    assert.equal(errorText(ja, new Error('boom')), ja.t('shell:error.kind.internal'));
    // FHIR's 422 reads as bad input, not as a server fault.
    assert.equal(errorText(ja, err(422, 'FHIR_SOMETHING_NEW', 'unprocessable', {})), ja.t('shell:error.kind.invalid_input'));
  });
});
