import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { ErrorMessage } from '../shell/ErrorMessage';
import type { CaseDetail } from './types';

/**
 * Moves that another screen makes, with the record that justifies them: a specimen entry, a
 * shipment's dispatch, its goods-in check. A bare button would move the case without that record.
 */
const MOVED_ELSEWHERE = ['specimen_collected', 'shipped', 'recollection_requested', 'received'];

/**
 * The moves the server says are allowed from here, as buttons. Withdrawal is not one of them:
 * it is recorded as a consent withdrawal of a participant (see CaseMembers), which moves the case.
 */
export function TransitionBar({ detail, onChanged }: { detail: CaseDetail; onChanged(d: CaseDetail): void }) {
  const { t } = useTranslation('registry');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const moves = detail.allowedTransitions.filter((s) => s !== 'withdrawn' && !MOVED_ELSEWHERE.includes(s));
  const elsewhere = detail.allowedTransitions.filter((s) => MOVED_ELSEWHERE.includes(s));
  const go = async (to: string) => {
    setBusy(to);
    setError(null);
    try {
      onChanged(await api.post<CaseDetail>(`/cases/${encodeURIComponent(detail.id)}/transitions`, { to, ...(note.trim() ? { note: note.trim() } : {}) }));
      setNote('');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };
  return (
    <section className="card">
      <h2>{t('transition.title')}</h2>
      <ErrorMessage error={error} />
      {elsewhere.map((s) => (
        <p key={s} className="muted">
          {t(`transition.elsewhere.${detail.state === 'recollection_requested' && s === 'specimen_collected' ? 'recollected' : s}`)}
        </p>
      ))}
      {moves.length === 0 ? (
        elsewhere.length === 0 && <p className="muted">{t('transition.none')}</p>
      ) : (
        <div className="transition-bar">
          <label className="field wide">
            <span>{t('transition.note')}</span>
            <input name="transitionNote" value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
          </label>
          <div className="button-row">
            {moves.map((s) => (
              <button key={s} type="button" disabled={busy !== null} onClick={() => void go(s)}>
                {t('transition.moveTo', { state: t(`state.${s}`) })}
              </button>
            ))}
          </div>
        </div>
      )}
    </section>
  );
}
