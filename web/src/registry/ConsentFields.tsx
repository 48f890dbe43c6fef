import { useTranslation } from 'react-i18next';
import { DateInput } from '../shell/DateInput';
import { FieldError } from '../shell/ErrorMessage';
import type { ConsentForm } from './case-form';
import { CONSENT_CHOICES, type ConsentDocument } from './types';

interface Props {
  value: ConsentForm;
  onChange(next: ConsentForm): void;
  documents: ConsentDocument[];
  /** Dotted path of this consent in the request body, for server field errors (`consent`, `family.0.consent`; '' when it is the body). */
  path: string;
  error: unknown;
  idPrefix: string;
}

/** Consent document version, signed date, and the five choices, each ticked explicitly (none pre-ticked). */
export function ConsentFields({ value, onChange, documents, path, error, idPrefix }: Props) {
  const { t, i18n } = useTranslation('registry');
  const at = (field: string) => (path ? `${path}.${field}` : field);
  return (
    <div className="consent-fields">
      <div className="row">
        <label className="field">
          <span>{t('form.consent.document')}</span>
          <select name={`${idPrefix}-documentId`} required value={value.documentId} onChange={(e) => onChange({ ...value, documentId: e.target.value })}>
            <option value="">{t('form.choose')}</option>
            {documents.map((d) => (
              <option key={d.id} value={d.id}>
                {t('form.consent.documentOption', { title: i18n.language === 'ja' ? d.titleJa || d.title : d.title, version: d.version })}
              </option>
            ))}
          </select>
          <FieldError error={error} field={at('documentId')} />
        </label>
        <label className="field">
          <span>{t('form.consent.signedOn')}</span>
          <DateInput name={`${idPrefix}-signedOn`} required value={value.signedOn} onChange={(e) => onChange({ ...value, signedOn: e.target.value })} />
          <FieldError error={error} field={at('signedOn')} />
        </label>
      </div>
      <fieldset className="choices">
        <legend>{t('form.consent.choices')}</legend>
        {CONSENT_CHOICES.map((c) => (
          <label key={c} className="checkbox">
            <input
              type="checkbox"
              name={`${idPrefix}-${c}`}
              checked={value.choices[c]}
              onChange={(e) => onChange({ ...value, choices: { ...value.choices, [c]: e.target.checked } })}
            />
            <span>
              {t(`consentChoice.${c}.label`)}
              <span className="muted small">{t(`consentChoice.${c}.help`)}</span>
            </span>
          </label>
        ))}
        <FieldError error={error} field={at('choices')} />
      </fieldset>
    </div>
  );
}
