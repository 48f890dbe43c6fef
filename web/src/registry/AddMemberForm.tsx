import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { ErrorMessage, FieldError, isFieldError } from '../shell/ErrorMessage';
import { SelectField } from '../shell/SelectField';
import { todayInJapan } from '../shell/format';
import { useApi } from '../shell/use-api';
import { emptyConsent, memberBody, newMember, type MemberForm } from './case-form';
import { ConsentFields } from './ConsentFields';
import { PersonFields } from './PersonFields';
import { AFFECTED_STATUSES, RELATIONSHIPS, type CaseDetail, type ConsentDocument } from './types';

/** Adds a family member to an existing rare-disease case (POST /cases/:id/members). */
export function AddMemberForm({ caseId, onAdded }: { caseId: string; onAdded(d: CaseDetail): void }) {
  const { t } = useTranslation('registry');
  const [open, setOpen] = useState(false);
  const [m, setM] = useState<MemberForm>(() => newMember('mother', emptyConsent(todayInJapan())));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const docs = useApi<{ items: ConsentDocument[] }>(open ? '/consent/documents' : null);

  if (!open) {
    return (
      <button type="button" className="secondary" onClick={() => setOpen(true)}>
        {t('members.add')}
      </button>
    );
  }
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onAdded(await api.post<CaseDetail>(`/cases/${encodeURIComponent(caseId)}/members`, memberBody(m)));
      setOpen(false);
      setM(newMember('mother', emptyConsent(todayInJapan())));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="inline-form" onSubmit={submit}>
      <h3>{t('members.add')}</h3>
      {!isFieldError(error, ['relationship', 'affectedStatus', 'hospitalPatientId', 'birthYear', 'sex', 'consent']) && <ErrorMessage error={error} />}
      <div className="row">
        <SelectField size="narrow" label={t('form.family.relationship')} value={m.relationship} options={RELATIONSHIPS}
          optionLabel={(r) => t(`relationship.${r}`)} onChange={(relationship) => setM({ ...m, relationship })}>
          <FieldError error={error} field="relationship" />
        </SelectField>
        <SelectField size="narrow" label={t('form.family.affectedStatus')} value={m.affectedStatus} options={AFFECTED_STATUSES}
          optionLabel={(a) => t(`affected.${a}`)} onChange={(affectedStatus) => setM({ ...m, affectedStatus })} />
      </div>
      <PersonFields value={m} onChange={(p) => setM({ ...m, ...p })} path="" error={error} idPrefix="add" />
      <label className="checkbox">
        <input type="checkbox" checked={m.withConsent} onChange={(e) => setM({ ...m, withConsent: e.target.checked })} />
        <span>{t('form.family.withConsent')}</span>
      </label>
      {m.withConsent && (
        <ConsentFields value={m.consent} onChange={(c) => setM({ ...m, consent: c })} documents={docs.data?.items ?? []} path="consent" error={error} idPrefix="add-consent" />
      )}
      <div className="button-row">
        <button type="submit" disabled={busy}>
          {t('members.addSubmit')}
        </button>
        <button type="button" className="secondary" onClick={() => setOpen(false)}>
          {t('form.cancel')}
        </button>
      </div>
    </form>
  );
}
