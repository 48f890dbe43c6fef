import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { ErrorMessage } from '../shell/ErrorMessage';
import { ManifestTable } from './ManifestTable';
import { CHECK_RESULTS, type CheckResult, type ShipmentDetail } from './types';

/** Goods-in check at the sequencing company: one result (and note) per item, then receive. */
export function ReceiveForm({ shipment, onReceived }: { shipment: ShipmentDetail; onReceived(d: ShipmentDetail): void }) {
  const { t } = useTranslation('specimens');
  const [checks, setChecks] = useState<Record<string, { result: CheckResult | ''; note: string }>>(() =>
    Object.fromEntries(shipment.items.map((i) => [i.specimenId, { result: '', note: '' }])),
  );
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const unchecked = shipment.items.filter((i) => !checks[i.specimenId]?.result).length;
  const set = (id: string, patch: Partial<{ result: CheckResult | ''; note: string }>) =>
    setChecks((c) => ({ ...c, [id]: { result: '', note: '', ...c[id], ...patch } }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const items = shipment.items.map((i) => {
        const c = checks[i.specimenId]!;
        return { specimenId: i.specimenId, result: c.result, ...(c.note.trim() ? { note: c.note.trim() } : {}) };
      });
      onReceived(await api.post<ShipmentDetail>(`/shipments/${encodeURIComponent(shipment.id)}/receive`, { items }));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <form className="card" onSubmit={submit}>
      <h2>{t('receive.title')}</h2>
      <p className="muted">{t('receive.help')}</p>
      <ErrorMessage error={error} />
      <button type="button" className="secondary small" onClick={() => shipment.items.forEach((i) => !checks[i.specimenId]?.result && set(i.specimenId, { result: 'ok' }))}>
        {t('receive.allOk')}
      </button>
      <ManifestTable
        items={shipment.items}
        check={(i) => (
          <div className="radio-group" role="radiogroup" aria-label={t('detail.check')}>
            {CHECK_RESULTS.map((r) => (
              <label key={r} className="radio">
                <input type="radio" name={`check-${i.specimenId}`} value={r} required checked={checks[i.specimenId]?.result === r} onChange={() => set(i.specimenId, { result: r })} />
                <span>{t(`check.${r}`)}</span>
              </label>
            ))}
          </div>
        )}
        note={(i) => {
          const c = checks[i.specimenId] ?? { result: '', note: '' };
          return (
            <input
              name={`note-${i.specimenId}`}
              aria-label={t('detail.note')}
              maxLength={1000}
              required={c.result !== '' && c.result !== 'ok'}
              value={c.note}
              onChange={(e) => set(i.specimenId, { note: e.target.value })}
            />
          );
        }}
      />
      <div className="button-row">
        {unchecked > 0 && <span className="muted">{t('receive.unchecked', { n: unchecked })}</span>}
        <button type="submit" disabled={busy || unchecked > 0}>
          {t('receive.submit')}
        </button>
      </div>
    </form>
  );
}
