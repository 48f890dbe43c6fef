import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ShipmentItem } from './types';

interface Props {
  items: ShipmentItem[];
  /** The check cell: the result as read, or the controls to record it. */
  check(item: ShipmentItem): ReactNode;
  note(item: ShipmentItem): ReactNode;
  /** The case cell; the receiving sequencing company links it to its run and upload page. */
  caseCell?(item: ShipmentItem): ReactNode;
}

/** A shipment's manifest, one row per specimen: what the hospital sent and what the receiver found. */
export function ManifestTable({ items, check, note, caseCell }: Props) {
  const { t } = useTranslation('specimens');
  return (
    <table className="data-table">
      <thead>
        <tr>
          <th>{t('field.barcode')}</th>
          <th>{t('field.type')}</th>
          <th>{t('detail.case')}</th>
          <th>{t('detail.check')}</th>
          <th>{t('detail.note')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((i) => (
          <tr key={i.specimenId}>
            <td>
              <code>{i.barcode}</code>
            </td>
            <td>{t(`type.${i.type}`)}</td>
            <td>{caseCell ? caseCell(i) : i.caseId}</td>
            <td>{check(i)}</td>
            <td>{note(i)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
