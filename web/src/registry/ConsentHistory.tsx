import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../shell/ErrorMessage';
import { useFormat } from '../shell/format';
import { useApi } from '../shell/use-api';
import { ChoiceChips } from './ChoiceChips';
import type { ConsentRecord } from './types';

/** Every consent and withdrawal a participant signed, oldest first (GET /participants/:id/consents). */
export function ConsentHistory({ participantId }: { participantId: string }) {
  const { t } = useTranslation('registry');
  const f = useFormat();
  const h = useApi<{ items: ConsentRecord[] }>(`/participants/${encodeURIComponent(participantId)}/consents`);
  return (
    <div className="consent-history">
      <ErrorMessage error={h.error} />
      {h.loading && <p className="muted">{t('detail.loading')}</p>}
      <ol>
        {h.data?.items.map((r) => (
          <li key={r.id}>
            <strong>{t(`consentKind.${r.kind}`)}</strong> <code>{r.documentId}</code>{' '}
            {t('members.signedOn', { date: f.date(r.signedOn) })} · {t('members.effectiveOn', { date: f.date(r.effectiveOn) })} ·{' '}
            {t('members.recordedAt', { date: f.dateTime(r.recordedAt) })}
            {r.kind === 'consent' && <ChoiceChips choices={r.choices} />}
            {r.duoCodes && r.duoCodes.length > 0 && (
              <span className="muted small">{t('members.duo', { codes: r.duoCodes.join(', ') })}</span>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}
