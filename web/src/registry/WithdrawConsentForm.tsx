import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { DateInput } from '../shell/DateInput';
import { ErrorMessage, FieldError } from '../shell/ErrorMessage';
import { todayInJapan } from '../shell/format';

/** Consent withdrawal (同意撤回): wins over everything after it; the participant's cases move to withdrawn. */
export function WithdrawConsentForm({ participantId, onDone }: { participantId: string; onDone(): void }) {
  const { t } = useTranslation('registry');
  const [effectiveOn, setEffectiveOn] = useState(todayInJapan());
  const [note, setNote] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.post(`/participants/${encodeURIComponent(participantId)}/consents/withdraw`, { effectiveOn, ...(note.trim() ? { note: note.trim() } : {}) });
      onDone();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <form className="inline-form" onSubmit={submit}>
      <p className="alert alert-warn">{t('withdraw.warning')}</p>
      <ErrorMessage error={error} />
      <div className="row">
        <label className="field">
          <span>{t('withdraw.effectiveOn')}</span>
          <DateInput required value={effectiveOn} onChange={(e) => setEffectiveOn(e.target.value)} />
          <FieldError error={error} field="effectiveOn" />
        </label>
        <label className="field wide">
          <span>{t('withdraw.note')}</span>
          <input value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
        </label>
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />
        <span>{t('withdraw.confirm')}</span>
      </label>
      <button type="submit" className="danger" disabled={!confirmed || busy}>
        {t('withdraw.submit')}
      </button>
    </form>
  );
}
