import { useTranslation } from 'react-i18next';
import { FieldError } from '../shell/ErrorMessage';
import type { PersonForm } from './case-form';
import { SEXES } from './types';

interface Props {
  value: PersonForm;
  onChange(next: PersonForm): void;
  path: string;
  error: unknown;
  idPrefix: string;
}

/** `proband` + `sex` → `proband.sex`; an empty path is the body's top level. */
export const at = (path: string, field: string) => (path ? `${path}.${field}` : field);

const THIS_YEAR = new Date().getFullYear();

/** Hospital patient id, birth year and sex: what the registry keeps about a participant (no names). */
export function PersonFields({ value, onChange, path, error, idPrefix }: Props) {
  const { t } = useTranslation('registry');
  return (
    <div className="row">
      <label className="field">
        <span>{t('form.person.hospitalPatientId')}</span>
        <input name={`${idPrefix}-hospitalPatientId`} required autoComplete="off" value={value.hospitalPatientId} onChange={(e) => onChange({ ...value, hospitalPatientId: e.target.value })} />
        <FieldError error={error} field={at(path, 'hospitalPatientId')} />
      </label>
      <label className="field narrow">
        <span>{t('form.person.birthYear')}</span>
        <input
          name={`${idPrefix}-birthYear`}
          type="number"
          inputMode="numeric"
          min={1900}
          max={THIS_YEAR}
          required
          value={value.birthYear}
          onChange={(e) => onChange({ ...value, birthYear: e.target.value })}
        />
        <FieldError error={error} field={at(path, 'birthYear')} />
      </label>
      <label className="field narrow">
        <span>{t('form.person.sex')}</span>
        <select name={`${idPrefix}-sex`} required value={value.sex} onChange={(e) => onChange({ ...value, sex: e.target.value })}>
          <option value="">{t('form.choose')}</option>
          {SEXES.map((s) => (
            <option key={s} value={s}>
              {t(`sex.${s}`)}
            </option>
          ))}
        </select>
        <FieldError error={error} field={at(path, 'sex')} />
      </label>
    </div>
  );
}
