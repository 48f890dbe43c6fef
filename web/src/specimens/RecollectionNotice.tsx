import { useTranslation } from 'react-i18next';
import { useFormat } from '../shell/format';
import { useOrganisations } from '../shell/organisations';
import type { Specimen } from './types';

/**
 * A case waiting for re-collection: what the sequencing company found on each refused specimen and
 * its note, and what the hospital does next (record the new specimen below, then ship it).
 */
export function RecollectionNotice({ specimens }: { specimens: Specimen[] }) {
  const { t } = useTranslation('specimens');
  const f = useFormat();
  const orgs = useOrganisations();
  const refused = specimens.filter((s) => s.status === 'rejected' && s.rejection);
  return (
    <div className="alert alert-error recollection" role="alert">
      <strong>{t('recollection.title')}</strong>
      <ul>
        {refused.map((s) => (
          <li key={s.id}>
            {t('recollection.item', {
              barcode: s.barcode, type: t(`type.${s.type}`), result: t(`check.${s.rejection!.result}`),
              org: orgs.name(s.rejection!.orgId), at: f.dateTime(s.rejection!.at),
            })}
            {s.rejection!.note && <q className="recollection-note">{s.rejection!.note}</q>}
          </li>
        ))}
      </ul>
      <p>{t('recollection.next')}</p>
    </div>
  );
}
