import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../shell/ErrorMessage';
import { useFormat } from '../shell/format';
import { useApi } from '../shell/use-api';
import { ChoiceChips } from './ChoiceChips';
import type { ConsentRecord } from './types';

/** DUO terms the server derives from the choices (src/consent/duo.ts), by their standard abbreviation. */
const DUO_TERMS: Record<string, string> = {
  'DUO:0000042': 'GRU',
  'DUO:0000043': 'CC',
  'DUO:0000045': 'NPU',
  'DUO:0000046': 'NCU',
  'DUO:0000022': 'GS',
  'DUO:0000021': 'IRB',
};

/**
 * Every consent and withdrawal a participant signed, oldest first (GET /participants/:id/consents):
 * kind, document, dates, the five choices and the DUO codes derived from them. The last row is the
 * one in force; `highlightId` marks a record just added.
 */
export function ConsentHistory({ participantId, highlightId }: { participantId: string; highlightId?: string | null }) {
  const { t } = useTranslation('registry');
  const f = useFormat();
  const h = useApi<{ items: ConsentRecord[] }>(`/participants/${encodeURIComponent(participantId)}/consents`);
  const items = h.data?.items ?? [];
  return (
    <div className="consent-history">
      <h3>{t('history.title', { id: participantId })}</h3>
      <ErrorMessage error={h.error} />
      {h.loading && !h.data && <p className="muted">{t('detail.loading')}</p>}
      {highlightId && <div className="alert alert-success" role="status">{t('recordConsent.done')}</div>}
      {h.data && items.length === 0 && <p className="muted">{t('members.noConsent')}</p>}
      {items.length > 0 && (
        <table className="data-table">
          <thead>
            <tr>
              <th>{t('history.kind')}</th>
              <th>{t('history.document')}</th>
              <th>{t('history.signedOn')}</th>
              <th>{t('history.effectiveOn')}</th>
              <th>{t('history.recordedAt')}</th>
              <th>{t('history.choices')}</th>
              <th>{t('history.duo')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r, i) => (
              <tr key={r.id} className={r.id === highlightId ? 'highlight' : undefined}>
                <td>
                  <span className={r.kind === 'withdrawal' ? 'badge badge-warn' : 'badge badge-ok'}>{t(`consentKind.${r.kind}`)}</span>
                  {i === items.length - 1 && <span className="muted small"> {t('history.current')}</span>}
                </td>
                <td>
                  <code>{r.documentId}</code>
                </td>
                <td>{f.date(r.signedOn)}</td>
                <td>{f.date(r.effectiveOn)}</td>
                <td>{f.dateTime(r.recordedAt)}</td>
                <td>{r.kind === 'consent' ? <ChoiceChips choices={r.choices} /> : <span className="muted">{t('history.nothingPermitted')}</span>}</td>
                <td className="duo">
                  {r.duoCodes.length > 0
                    ? r.duoCodes.map((c) => {
                        const abbr = DUO_TERMS[c];
                        return (
                          <span key={c} className="duo-code" title={abbr ? t(`duo.${abbr}`) : undefined}>
                            <code>{c}</code>
                            {abbr && <span className="muted small"> {abbr}</span>}
                          </span>
                        );
                      })
                    : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
