import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../shell/format';
import { usePermissions } from '../shell/query';
import { AddMemberForm } from './AddMemberForm';
import { ChoiceChips } from './ChoiceChips';
import { ConsentHistory } from './ConsentHistory';
import { RecordConsentForm } from './RecordConsentForm';
import { WithdrawConsentForm } from './WithdrawConsentForm';
import type { CaseDetail } from './types';

interface Props {
  detail: CaseDetail;
  canEdit: boolean;
  onChanged(d: CaseDetail): void;
  reload(): void;
}

type Panel = 'history' | 'consent' | 'withdraw';

/** Proband and family members with their current consent; per member the history, a change of mind, and withdrawal. */
export function CaseMembers({ detail, canEdit, onChanged, reload }: Props) {
  const { t } = useTranslation('registry');
  const f = useFormat();
  const [open, setOpen] = useState<{ id: string; what: Panel; added?: string } | null>(null);
  const canReadHistory = usePermissions().can('GET', '/participants/:id/consents');
  const toggle = (id: string, what: Panel) => setOpen(open?.id === id && open.what === what ? null : { id, what });
  return (
    <section className="card">
      <h2>{t('members.title')}</h2>
      <table className="data-table">
        <thead>
          <tr>
            <th>{t('members.participant')}</th>
            <th>{t('form.family.relationship')}</th>
            <th>{t('form.family.affectedStatus')}</th>
            <th>{t('form.person.birthYear')}</th>
            <th>{t('form.person.sex')}</th>
            <th>{t('members.consent')}</th>
            <th>{t('members.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {detail.members.map(renderMember)}
        </tbody>
      </table>
      {detail.withdrawnMembers.map((m) => (
        <p key={m.participantId} className="alert alert-warn" data-testid="withdrawn-member">
          {t('members.withdrawnExcluded', { relationship: t(`relationship.${m.relationship}`), participantId: m.participantId })}
        </p>
      ))}
      {canEdit && detail.domain === 'rare_disease' && detail.state !== 'withdrawn' && (
        <AddMemberForm caseId={detail.id} onAdded={onChanged} />
      )}
    </section>
  );

  function renderMember(m: CaseDetail['members'][number]) {
    const isOpen = open?.id === m.participantId;
    const withdrawn = m.consent?.kind === 'withdrawal';
    return (
      <Fragment key={m.participantId}>
        <tr>
          <td>
            <code>{m.participantId}</code>
          </td>
          <td>{t(`relationship.${m.relationship}`)}</td>
          <td>{t(`affected.${m.affectedStatus}`)}</td>
          <td>{m.birthYear ?? '—'}</td>
          <td>{m.sex ? t(`sex.${m.sex}`) : '—'}</td>
          <td>
            {m.consent ? (
              <>
                <span className={withdrawn ? 'badge badge-warn' : 'badge badge-ok'}>{t(`consentKind.${m.consent.kind}`)}</span>{' '}
                <code>{m.consent.documentId}</code> {f.date(m.consent.signedOn)}
                {!withdrawn && <ChoiceChips choices={m.consent.choices} />}
              </>
            ) : (
              <span className="muted">{t('members.noConsent')}</span>
            )}
          </td>
          <td className="actions">
            {canReadHistory && (
              <button type="button" className="secondary small" aria-expanded={isOpen && open?.what === 'history'} onClick={() => toggle(m.participantId, 'history')}>
                {t('members.history')}
              </button>
            )}
            {canEdit && !withdrawn && (
              <button
                type="button"
                className="secondary small"
                aria-expanded={isOpen && open?.what === 'consent'}
                onClick={() => toggle(m.participantId, 'consent')}
              >
                {t(m.consent ? 'members.changeConsent' : 'members.recordConsent')}
              </button>
            )}
            {canEdit && m.consent && !withdrawn && (
              <button type="button" className="danger small" onClick={() => toggle(m.participantId, 'withdraw')}>
                {t('members.withdraw')}
              </button>
            )}
          </td>
        </tr>
        {isOpen && (
          <tr className="expanded">
            <td colSpan={7}>
              {open?.what === 'history' ? (
                <ConsentHistory participantId={m.participantId} highlightId={open.added ?? null} />
              ) : open?.what === 'consent' ? (
                <RecordConsentForm
                  participantId={m.participantId}
                  current={m.consent}
                  onCancel={() => setOpen(null)}
                  onDone={(record) => {
                    // Show the history with the new row, and reload the case for the member's current consent.
                    setOpen({ id: m.participantId, what: 'history', added: record.id });
                    reload();
                  }}
                />
              ) : (
                <WithdrawConsentForm
                  participantId={m.participantId}
                  onDone={() => {
                    setOpen(null);
                    reload();
                  }}
                />
              )}
            </td>
          </tr>
        )}
      </Fragment>
    );
  }
}
