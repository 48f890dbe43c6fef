import { useEffect, useRef, useState, type FormEvent } from 'react';
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
import { CATEGORIES, DOMAINS, type CaseDetail, type ConsentDocument, type Domain } from './types';

const DRAFT_SAVE_DELAY_MS = 400;
const FIELD_PATHS = ['domain', 'category', 'returnRoute', 'diagnosis', 'proband', 'consent', 'family'];

/** Case registration with consent (DESIGN §3 first step). Every keystroke is kept as a local draft. */
export function CaseNewPage() {
  const { t } = useTranslation('registry');
  const f = useFormat();
  const me = useMe();
  const navigate = useNavigate();
  const initialDraft = useRef(loadDraft(me.userId));
  const [form, setForm] = useState<CaseForm>(() => initialDraft.current?.form ?? emptyCaseForm(todayInJapan()));
  const [savedAt, setSavedAt] = useState<string | null>(initialDraft.current?.savedAt ?? null);
  const [restored] = useState(initialDraft.current !== null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const dirty = useRef(false);
  const docs = useApi<{ items: ConsentDocument[] }>('/consent/documents');
  const documents = docs.data?.items ?? [];

  // With one consent document version in force, pre-select it (still shown, still changeable).
  useEffect(() => {
    const only = documents.length === 1 ? documents[0]!.id : '';
    if (only && !form.consent.documentId) setForm((x) => ({ ...x, consent: { ...x.consent, documentId: only } }));
  }, [documents, form.consent.documentId]);

  useEffect(() => {
    if (!dirty.current) return;
    const timer = setTimeout(() => setSavedAt(saveDraft(me.userId, form)), DRAFT_SAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [form, me.userId]);

  const change = (patch: Partial<CaseForm>) => {
    dirty.current = true;
    setForm((x) => ({ ...x, ...patch }));
  };

  const discard = () => {
    clearDraft(me.userId);
    dirty.current = false;
    setSavedAt(null);
    setError(null);
    setForm(emptyCaseForm(todayInJapan()));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
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

  const domain = form.domain;
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
      <form className="case-form" onSubmit={submit} noValidate={false}>
        <fieldset className="card">
          <legend>{t('form.section.case')}</legend>
          <div className="row">
            <div className="field">
              <span>{t('form.domain')}</span>
              <div className="radio-group">
                {DOMAINS.map((d) => (
                  <label key={d} className="radio">
                    <input type="radio" name="domain" value={d} required checked={domain === d} onChange={() => change({ domain: d as Domain, category: '' })} />
                    <span>{t(`domain.${d}`)}</span>
                  </label>
                ))}
              </div>
              <FieldError error={error} field="domain" />
            </div>
            <label className="field">
              <span>{t('form.category')}</span>
              <select name="category" required value={form.category} disabled={!domain} onChange={(e) => change({ category: e.target.value })}>
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
                    <input type="radio" name="returnRoute" value={r} required checked={form.returnRoute === r} onChange={() => change({ returnRoute: r })} />
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
              <input name="icd10" required placeholder={t('form.diagnosis.icd10Placeholder')} pattern="[A-TV-Za-tv-z][0-9][0-9ABab](\.[0-9A-Za-z]{1,4})?" value={form.icd10} onChange={(e) => change({ icd10: e.target.value })} />
              <FieldError error={error} field="diagnosis.icd10" />
            </label>
            <label className="field wide">
              <span>{t('form.diagnosis.text')}</span>
              <input name="diagnosisText" required value={form.diagnosisText} onChange={(e) => change({ diagnosisText: e.target.value })} />
              <FieldError error={error} field="diagnosis.text" />
            </label>
            {domain === 'cancer' && (
              <label className="field narrow">
                <span>{t('form.diagnosis.oncotree')}</span>
                <input name="oncotreeCode" required placeholder={t('form.diagnosis.oncotreePlaceholder')} value={form.oncotreeCode} onChange={(e) => change({ oncotreeCode: e.target.value })} />
                <FieldError error={error} field="diagnosis.oncotreeCode" />
              </label>
            )}
          </div>
        </fieldset>

        <fieldset className="card">
          <legend>{t('form.section.proband')}</legend>
          <PersonFields value={form.proband} onChange={(p) => change({ proband: p })} path="proband" error={error} idPrefix="proband" />
        </fieldset>

        <fieldset className="card">
          <legend>{t('form.section.consent')}</legend>
          <ConsentFields value={form.consent} onChange={(c) => change({ consent: c })} documents={documents} path="consent" error={error} idPrefix="consent" />
        </fieldset>

        {domain === 'rare_disease' && (
          <FamilyFields members={form.family} onChange={(family) => change({ family })} probandConsent={form.consent} documents={documents} error={error} />
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
