import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { DateInput } from '../shell/DateInput';
import { ErrorMessage, FieldError, isFieldError } from '../shell/ErrorMessage';
import { SelectField } from '../shell/SelectField';
import type { CaseDetail } from '../registry/types';
import { BARCODE_PATTERN, SPECIMEN_TYPES, type Specimen } from './types';

/** `datetime-local` value for now, in the browser's clock (hospital PCs run on Japan time). */
function nowLocal(): string {
  const d = new Date();
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
}

/** Records a collected specimen (POST /cases/:id/specimens); the first one moves the case to specimen_collected. */
export function SpecimenForm({ detail, onAdded }: { detail: CaseDetail; onAdded(s: Specimen): void }) {
  const { t } = useTranslation('specimens');
  const proband = detail.members.find((m) => m.relationship === 'proband') ?? detail.members[0];
  const [participantId, setParticipantId] = useState(proband?.participantId ?? '');
  const [type, setType] = useState(detail.domain === 'cancer' ? 'tumour_ffpe' : 'blood_normal');
  const [barcode, setBarcode] = useState('');
  const [collectedAt, setCollectedAt] = useState(nowLocal());
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const s = await api.post<Specimen>(`/cases/${encodeURIComponent(detail.id)}/specimens`, {
        participantId,
        type,
        barcode: barcode.trim().toUpperCase(),
        collectedAt: new Date(collectedAt).toISOString(),
      });
      setBarcode('');
      onAdded(s);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="inline-form" onSubmit={submit}>
      <h3>{t('form.title')}</h3>
      {!isFieldError(error, ['participantId', 'type', 'barcode', 'collectedAt']) && <ErrorMessage error={error} />}
      <div className="row">
        <label className="field">
          <span>{t('field.participant')}</span>
          <select name="participantId" required value={participantId} onChange={(e) => setParticipantId(e.target.value)}>
            {/* A member who withdrew consent gives no new specimen (the server refuses it too). */}
            {detail.members.filter((m) => m.consent?.kind !== 'withdrawal').map((m) => (
              <option key={m.participantId} value={m.participantId}>
                {t('form.participantOption', { id: m.participantId, relationship: t(`registry:relationship.${m.relationship}`) })}
              </option>
            ))}
          </select>
          <FieldError error={error} field="participantId" />
        </label>
        <SelectField label={t('field.type')} name="type" value={type} options={SPECIMEN_TYPES} optionLabel={(x) => t(`type.${x}`)} onChange={setType}>
          <FieldError error={error} field="type" />
        </SelectField>
        <label className="field">
          <span>{t('field.barcode')}</span>
          <input
            name="barcode"
            required
            minLength={6}
            maxLength={32}
            pattern={BARCODE_PATTERN}
            title={t('form.barcodeRule')}
            placeholder={t('form.barcodePlaceholder')}
            value={barcode}
            onChange={(e) => setBarcode(e.target.value.toUpperCase())}
          />
          <FieldError error={error} field="barcode" />
        </label>
        <label className="field">
          <span>{t('field.collectedAt')}</span>
          <DateInput name="collectedAt" type="datetime-local" required value={collectedAt} onChange={(e) => setCollectedAt(e.target.value)} />
          <FieldError error={error} field="collectedAt" />
        </label>
      </div>
      <button type="submit" disabled={busy}>
        {t('form.submit')}
      </button>
    </form>
  );
}
