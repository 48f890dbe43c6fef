import { useTranslation } from 'react-i18next';
import { FieldError } from '../shell/ErrorMessage';
import { SelectField } from '../shell/SelectField';
import { newMember, type ConsentForm, type MemberForm } from './case-form';
import { ConsentFields } from './ConsentFields';
import { PersonFields } from './PersonFields';
import { AFFECTED_STATUSES, RELATIONSHIPS, type ConsentDocument } from './types';

interface Props {
  members: MemberForm[];
  onChange(next: MemberForm[]): void;
  /** The proband's consent: its document and date (not its choices) start a new member's consent. */
  probandConsent: ConsentForm;
  documents: ConsentDocument[];
  error: unknown;
}

/** Family members of a rare-disease proband (trio: add mother and father), each with their own consent. */
export function FamilyFields({ members, onChange, probandConsent, documents, error }: Props) {
  const { t } = useTranslation('registry');
  const set = (i: number, m: MemberForm) => onChange(members.map((x, j) => (j === i ? m : x)));
  return (
    <fieldset className="card">
      <legend>{t('form.family.title')}</legend>
      <p className="muted">{t('form.family.help')}</p>
      {members.map((m, i) => (
        <div key={m.key} className="member" data-testid={`member-${i}`}>
          <div className="member-head">
            <h3>{t(`relationship.${m.relationship}`)}</h3>
            <button type="button" className="secondary small" onClick={() => onChange(members.filter((_, j) => j !== i))}>
              {t('form.family.remove')}
            </button>
          </div>
          <div className="row">
            <SelectField size="narrow" label={t('form.family.relationship')} value={m.relationship} options={RELATIONSHIPS}
              optionLabel={(r) => t(`relationship.${r}`)} onChange={(relationship) => set(i, { ...m, relationship })} />
            <SelectField size="narrow" label={t('form.family.affectedStatus')} name={`family${i}-affectedStatus`} value={m.affectedStatus}
              options={AFFECTED_STATUSES} optionLabel={(a) => t(`affected.${a}`)} onChange={(affectedStatus) => set(i, { ...m, affectedStatus })}>
              <FieldError error={error} field={`family.${i}.affectedStatus`} />
            </SelectField>
          </div>
          <PersonFields value={m} onChange={(p) => set(i, { ...m, ...p })} path={`family.${i}`} error={error} idPrefix={`family${i}`} />
          <label className="checkbox">
            <input type="checkbox" name={`family${i}-withConsent`} checked={m.withConsent} onChange={(e) => set(i, { ...m, withConsent: e.target.checked })} />
            <span>{t('form.family.withConsent')}</span>
          </label>
          {m.withConsent && (
            <ConsentFields value={m.consent} onChange={(c) => set(i, { ...m, consent: c })} documents={documents} path={`family.${i}.consent`} error={error} idPrefix={`family${i}`} />
          )}
        </div>
      ))}
      <div className="button-row">
        {RELATIONSHIPS.map((r) => (
          <button key={r} type="button" className="secondary" onClick={() => onChange([...members, newMember(r, probandConsent)])}>
            {t('form.family.add', { relationship: t(`relationship.${r}`) })}
          </button>
        ))}
      </div>
    </fieldset>
  );
}
