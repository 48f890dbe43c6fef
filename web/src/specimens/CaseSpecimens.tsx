import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../shell/ErrorMessage';
import { useFormat } from '../shell/format';
import { useApi } from '../shell/use-api';
import type { CaseDetail } from '../registry/types';
import { RecollectionNotice } from './RecollectionNotice';
import { SpecimenForm } from './SpecimenForm';
import type { Specimen } from './types';

/** A case's specimens, and (for the hospital) the form to record a newly collected one. */
export function CaseSpecimens({ detail, canEdit, onCaseChanged }: { detail: CaseDetail; canEdit: boolean; onCaseChanged(): void }) {
  const { t } = useTranslation('specimens');
  const f = useFormat();
  const list = useApi<{ items: Specimen[] }>(`/cases/${encodeURIComponent(detail.id)}/specimens`);
  const relationshipOf = (participantId: string) => detail.members.find((m) => m.participantId === participantId)?.relationship;
  const canAdd = canEdit && !['registered', 'withdrawn'].includes(detail.state);
  return (
    <section className="card">
      <h2>{t('case.title')}</h2>
      <ErrorMessage error={list.error} />
      {detail.state === 'recollection_requested' && list.data && <RecollectionNotice specimens={list.data.items} />}
      {list.data && list.data.items.length === 0 && <p className="muted">{t('case.empty')}</p>}
      {list.data && list.data.items.length > 0 && (
        <table className="data-table">
          <thead>
            <tr>
              <th>{t('field.barcode')}</th>
              <th>{t('field.type')}</th>
              <th>{t('field.participant')}</th>
              <th>{t('field.status')}</th>
              <th>{t('field.collectedAt')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((s) => {
              const rel = relationshipOf(s.participantId);
              return (
                <tr key={s.id}>
                  <td>
                    <code>{s.barcode}</code>
                  </td>
                  <td>{t(`type.${s.type}`)}</td>
                  <td>
                    <code>{s.participantId}</code> {rel && <span className="muted small">{t(`registry:relationship.${rel}`)}</span>}
                  </td>
                  <td>
                    {t(`status.${s.status}`)}
                    {s.rejection && <span className={`badge check-${s.rejection.result}`}>{t(`check.${s.rejection.result}`)}</span>}
                  </td>
                  <td>{f.dateTime(s.collectedAt)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {canAdd && (
        <SpecimenForm
          detail={detail}
          onAdded={() => {
            list.reload();
            onCaseChanged();
          }}
        />
      )}
    </section>
  );
}
