import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { ErrorMessage, isFieldError } from '../shell/ErrorMessage';
import { todayInJapan } from '../shell/format';
import { useApi } from '../shell/use-api';
import { emptyConsent, type ConsentForm } from './case-form';
import { ChoiceChips } from './ChoiceChips';
import { ConsentFields } from './ConsentFields';
import type { ConsentDocument, ConsentInput, ConsentRecord } from './types';

interface Props {
  participantId: string;
  /** The participant's current consent (null: none recorded yet). */
  current: ConsentRecord | null;
  onDone(record: ConsentRecord): void;
  onCancel(): void;
}

/**
 * A change of mind (同意内容の変更): the participant signs again with new choices, and a new consent
 * record is added (`POST /api/participants/:id/consents`); earlier records stay in the history. As at
 * registration, no choice is pre-ticked: each is ticked as the participant chose on the new form.
 */
export function RecordConsentForm({ participantId, current, onDone, onCancel }: Props) {
  const { t } = useTranslation('registry');
  const [value, setValue] = useState<ConsentForm>(() => emptyConsent(todayInJapan(), current?.documentId ?? ''));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const docs = useApi<{ items: ConsentDocument[] }>('/consent/documents');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body: ConsentInput = { documentId: value.documentId, signedOn: value.signedOn, choices: value.choices };
      onDone(await api.post<ConsentRecord>(`/participants/${encodeURIComponent(participantId)}/consents`, body));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <form className="inline-form record-consent" onSubmit={submit}>
      <h3>{t(current ? 'recordConsent.titleChange' : 'recordConsent.titleFirst')}</h3>
      <p className="muted">{t('recordConsent.help')}</p>
      {current && current.kind === 'consent' && (
        <div className="current-choices">
          <span className="muted small">{t('recordConsent.current')}</span>
          <ChoiceChips choices={current.choices} />
        </div>
      )}
      {!isFieldError(error, ['documentId', 'signedOn', 'choices']) && <ErrorMessage error={error} />}
      <ConsentFields value={value} onChange={setValue} documents={docs.data?.items ?? []} path="" error={error} idPrefix="newConsent" />
      <ErrorMessage error={docs.error} />
      <div className="button-row">
        <button type="button" className="secondary" onClick={onCancel}>
          {t('form.cancel')}
        </button>
        <button type="submit" disabled={busy || !value.documentId}>
          {t('recordConsent.submit')}
        </button>
      </div>
    </form>
  );
}
