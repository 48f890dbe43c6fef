import type { i18n as I18n, TFunction } from 'i18next';
import { ApiError } from '../api';

/**
 * What a person reads for a server error: the `errors` namespace's text for its stable code
 * (`errors:code.CASE_STATE`), with the error's details (ids, states, fields) interpolated and the
 * values that are themselves codes (case states, specimen statuses, entity names) translated.
 * Generic validation errors (INVALID_INPUT) read by their rule (`errors:rule.required`), which is
 * what a form shows under the field. The server's English message stays available for support
 * (ErrorMessage shows it under "details"), never as the main text.
 */
export function errorText(i18n: I18n, error: unknown): string {
  const t = i18n.t.bind(i18n) as TFunction;
  if (!(error instanceof ApiError)) return t('shell:error.kind.internal');
  const values = interpolationValues(t, error.details);
  const rule = typeof error.details.rule === 'string' ? error.details.rule : '';
  const keys = error.code === 'INVALID_INPUT' && rule ? [`rule.${rule}`, 'code.INVALID_INPUT'] : [`code.${error.code}`];
  for (const key of keys) {
    if (!i18n.exists(key, { ns: 'errors' })) continue;
    const text = t(key, { ns: 'errors', ...values });
    // A detail the text needs is missing (an older server, a new call site): say the kind instead
    // of showing a half-filled sentence.
    if (!text.includes('{{')) return text;
  }
  return t(`shell:error.kind.${kindKey(error.kind)}`);
}

const KNOWN_KINDS = ['invalid_input', 'unauthenticated', 'forbidden', 'not_found', 'conflict', 'too_many_requests', 'network', 'internal'];
/** Kinds some modules use (FHIR's 412 and 422) under the heading of the nearest kind the shell names. */
const KIND_ALIASES: Record<string, string> = { unprocessable: 'invalid_input', precondition_failed: 'conflict', usage: 'invalid_input', check_failed: 'conflict' };

/** The `shell:error.kind.*` key for an error kind; an unknown one reads as internal. */
export function kindKey(kind: string): string {
  const k = KIND_ALIASES[kind] ?? kind;
  return KNOWN_KINDS.includes(k) ? k : 'internal';
}

/** Details as i18next values; codes among them in the reader's language. */
function interpolationValues(t: TFunction, details: Record<string, unknown>): Record<string, unknown> {
  const v: Record<string, unknown> = { ...details, interpolation: { escapeValue: false } };
  if (typeof details.entity === 'string') v.entity = t(`errors:entity.${details.entity.replaceAll(' ', '_')}`, { defaultValue: details.entity });
  for (const k of ['state', 'from', 'to'] as const) {
    if (typeof details[k] === 'string') v[k] = t(`registry:state.${details[k]}`, { defaultValue: details[k] });
  }
  if (typeof details.status === 'string') v.status = t(`specimens:status.${details.status}`, { defaultValue: details.status });
  if (Array.isArray(details.allowed)) {
    v.allowed = details.allowed.map((s) => t(`registry:state.${String(s)}`, { defaultValue: String(s) })).join(t('errors:ui.listSeparator'));
  }
  if (typeof details.retryAfterSeconds === 'number') v.minutes = Math.max(1, Math.ceil(details.retryAfterSeconds / 60));
  return v;
}
