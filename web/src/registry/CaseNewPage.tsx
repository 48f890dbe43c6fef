import { useEffect, useRef, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api } from '../api';
import { useMe } from '../auth/session';
import { ErrorMessage, FieldError, isFieldError } from '../shell/ErrorMessage';
import { todayInJapan, useFormat } from '../shell/format';
import { useApi } from '../shell/use-api';
import { caseBody, clearDraft, emptyCaseForm, loadDraft, saveDraft, type CaseForm } from './case-form';
import { ConsentFields } from './ConsentFields';
import { FamilyFields } from './FamilyFields';
import { PersonFields } from './PersonFields';
import { CATEGORIES, DOMAINS, type CaseDetail, type ConsentDocument } from './types';

const DRAFT_SAVE_DELAY_MS = 400;
const FIELD_PATHS = ['domain', 'category', 'returnRoute', 'diagnosis', 'proband', 'consent', 'family'];

/**
 * Case registration with consent (DESIGN §3 first step). The form's state lives in React Hook Form;
 * every change a person makes is kept as a local draft (saved a moment after the last keystroke).
 */
export function CaseNewPage() {
  const { t } = useTranslation('registry');
  const f = useFormat();
  const me = useMe();
  const navigate = useNavigate();
  const initialDraft = useRef(loadDraft(me.userId));
  const { register, control, watch, setValue, getValues, reset, handleSubmit } = useForm<CaseForm>({
    defaultValues: initialDraft.current?.form ?? emptyCaseForm(todayInJapan()),
  });
  const [savedAt, setSavedAt] = useState<string | null>(initialDraft.current?.savedAt ?? null);
  const [restored] = useState(initialDraft.current !== null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const dirty = useRef(false);
  const docs = useApi<{ items: ConsentDocument[] }>('/consent/documents');
  const documents = docs.data?.items ?? [];

  // With one consent document version in force, pre-select it (still shown, still changeable; not
  // a change of the person's, so it alone does not save a draft).
  useEffect(() => {
    const only = documents.length === 1 ? documents[0]!.id : '';
    if (only && !getValues('consent.documentId')) setValue('consent', { ...getValues('consent'), documentId: only });
  }, [documents, getValues, setValue]);

  // Draft: from the person's first change on, every change is saved a moment after the last one.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const sub = watch((_values, { type }) => {
      if (type === 'change') dirty.current = true;
      if (!dirty.current) return;
      clearTimeout(timer);
      timer = setTimeout(() => setSavedAt(saveDraft(me.userId, getValues())), DRAFT_SAVE_DELAY_MS);
    });
    return () => {
      sub.unsubscribe();
      clearTimeout(timer);
    };
  }, [watch, getValues, me.userId]);

  const discard = () => {
    clearDraft(me.userId);
    dirty.current = false;
    setSavedAt(null);
    setError(null);
    reset(emptyCaseForm(todayInJapan()));
  };

  const submit = async (form: CaseForm) => {
    setBusy(true);
    setError(null);
    try {
      const created = await api.post<CaseDetail>('/cases', caseBody(form));
      clearDraft(me.userId);
      dirty.current = false;
      navigate(`/cases/${encodeURIComponent(created.id)}`, { state: { created: true } });
    } catch (err) {
      setError(err);
      setBusy(false);
      // the draft stays: a failed or expired-session submit loses nothing
    }
  };

  const domain = watch('domain');
  return (
    <section className="page">
      <div className="page-head">
        <h1>{t('form.title')}</h1>
        <div className="draft-status" role="status">
          {savedAt ? t('form.draft.savedAt', { time: f.dateTime(savedAt) }) : t('form.draft.notSaved')}
          <button type="button" className="secondary small" onClick={discard}>
            {t('form.draft.discard')}
          </button>
        </div>
      </div>
      {restored && <div className="alert alert-info">{t('form.draft.restored')}</div>}
      {!isFieldError(error, FIELD_PATHS) && <ErrorMessage error={error} />}
      {isFieldError(error, FIELD_PATHS) && <div className="alert alert-error" role="alert">{t('form.fixFields')}</div>}
      <ErrorMessage error={docs.error} />
      <p className="muted small required-legend">{t('shell:form.requiredLegend')}</p>
      <form className="case-form" onSubmit={handleSubmit(submit)} noValidate={false}>
        <fieldset className="card">
          <legend>{t('form.section.case')}</legend>
          <div className="row">
            <div className="field">
              <span>{t('form.domain')}</span>
              <div className="radio-group">
                {DOMAINS.map((d) => (
                  <label key={d} className="radio">
                    <input type="radio" value={d} required {...register('domain', { onChange: () => setValue('category', '') })} />
                    <span>{t(`domain.${d}`)}</span>
                  </label>
                ))}
              </div>
              <FieldError error={error} field="domain" />
            </div>
            <label className="field">
              <span>{t('form.category')}</span>
              <select required disabled={!domain} {...register('category')}>
                <option value="">{t('form.choose')}</option>
                {(domain ? CATEGORIES[domain] : []).map((c) => (
                  <option key={c} value={c}>
                    {t(`category.${c}`)}
                  </option>
                ))}
              </select>
              <FieldError error={error} field="category" />
            </label>
            <div className="field">
              <span>{t('form.returnRoute')}</span>
              <div className="radio-group">
                {(['A', 'B'] as const).map((r) => (
                  <label key={r} className="radio">
                    <input type="radio" value={r} required {...register('returnRoute')} />
                    <span>{t(`returnRoute.${r}`)}</span>
                  </label>
                ))}
              </div>
              <FieldError error={error} field="returnRoute" />
            </div>
          </div>
        </fieldset>

        <fieldset className="card">
          <legend>{t('form.section.diagnosis')}</legend>
          <div className="row">
            <label className="field narrow">
              <span>{t('form.diagnosis.icd10')}</span>
              <input required placeholder={t('form.diagnosis.icd10Placeholder')} pattern="[A-TV-Za-tv-z][0-9][0-9ABab](\.[0-9A-Za-z]{1,4})?" {...register('icd10')} />
              <FieldError error={error} field="diagnosis.icd10" />
            </label>
            <label className="field wide">
              <span>{t('form.diagnosis.text')}</span>
              <input required {...register('diagnosisText')} />
              <FieldError error={error} field="diagnosis.text" />
            </label>
            {domain === 'cancer' && (
              <label className="field narrow">
                <span>{t('form.diagnosis.oncotree')}</span>
                <input required placeholder={t('form.diagnosis.oncotreePlaceholder')} {...register('oncotreeCode')} />
                <FieldError error={error} field="diagnosis.oncotreeCode" />
              </label>
            )}
          </div>
        </fieldset>

        <fieldset className="card">
          <legend>{t('form.section.proband')}</legend>
          <Controller name="proband" control={control} render={({ field }) => (
            <PersonFields value={field.value} onChange={field.onChange} path="proband" error={error} idPrefix="proband" />
          )} />
        </fieldset>

        <fieldset className="card">
          <legend>{t('form.section.consent')}</legend>
          <Controller name="consent" control={control} render={({ field }) => (
            <ConsentFields value={field.value} onChange={field.onChange} documents={documents} path="consent" error={error} idPrefix="consent" />
          )} />
        </fieldset>

        {domain === 'rare_disease' && (
          <Controller name="family" control={control} render={({ field }) => (
            <FamilyFields members={field.value} onChange={field.onChange} probandConsent={watch('consent')} documents={documents} error={error} />
          )} />
        )}

        <div className="button-row">
          <button type="submit" disabled={busy}>
            {busy ? t('form.submitting') : t('form.submit')}
          </button>
        </div>
      </form>
      <p className="muted small draft-note">{t('form.draft.privacy')}</p>
    </section>
  );
}
