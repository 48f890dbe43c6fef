import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ErrorMessage } from '../shell/ErrorMessage';
import { useFormat } from '../shell/format';
import { Pager } from '../shell/Pager';
import { useOrganisations } from '../shell/organisations';
import { useApi } from '../shell/use-api';
import { SHIPMENT_STATUSES, type Shipment } from './types';

const LIMIT = 25;

/**
 * Shipments of the caller's organisation: outgoing for a hospital (with "new shipment"), incoming
 * for a sequencing company (dispatched ones first: those are on their way and need checking).
 */
export function ShipmentListPage({ direction }: { direction: 'outgoing' | 'incoming' }) {
  const { t } = useTranslation('specimens');
  const f = useFormat();
  const orgs = useOrganisations();
  const [status, setStatus] = useState(direction === 'incoming' ? 'dispatched' : '');
  const [offset, setOffset] = useState(0);
  const list = useApi<{ items: Shipment[]; total: number }>('/shipments', { direction, status, limit: LIMIT, offset });
  const base = direction === 'incoming' ? '/incoming' : '/shipments';
  return (
    <section className="page">
      <div className="page-head">
        <h1>{t(`shipments.title.${direction}`)}</h1>
        {direction === 'outgoing' && (
          <Link className="button" to="/shipments/new">
            {t('shipments.new')}
          </Link>
        )}
      </div>
      <div className="filters">
        <label className="field">
          <span>{t('field.status')}</span>
          <select
            name="status"
            value={status}
            onChange={(e) => {
              setStatus(e.target.value);
              setOffset(0);
            }}
          >
            <option value="">{t('shipments.allStatuses')}</option>
            {SHIPMENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`shipmentStatus.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorMessage error={list.error} />
      <div className={`table-wrap ${list.loading ? 'loading' : ''}`} aria-busy={list.loading}>
        <table className="data-table">
          <thead>
            <tr>
              <th>{t('shipments.column.id')}</th>
              <th>{t(direction === 'incoming' ? 'shipments.column.from' : 'shipments.column.to')}</th>
              <th>{t('field.status')}</th>
              <th>{t('shipments.column.items')}</th>
              <th>{t('shipments.column.trackingNo')}</th>
              <th>{t('shipments.column.createdAt')}</th>
              <th>{t('shipments.column.dispatchedAt')}</th>
              <th>{t('shipments.column.receivedAt')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data?.items.map((s) => (
              <tr key={s.id}>
                <td>
                  <Link to={`${base}/${encodeURIComponent(s.id)}`}>{s.id}</Link>
                </td>
                <td>{direction === 'incoming' ? orgs.name(s.fromOrgId, s.fromOrgName) : orgs.name(s.toOrgId, s.toOrgName)}</td>
                <td>
                  <span className={`state shipment-${s.status}`}>{t(`shipmentStatus.${s.status}`)}</span>
                </td>
                <td className="num">{f.number(s.itemCount)}</td>
                <td>{s.trackingNo ?? '—'}</td>
                <td>{f.dateTime(s.createdAt)}</td>
                <td>{f.dateTime(s.dispatchedAt)}</td>
                <td>{f.dateTime(s.receivedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {list.data && list.data.items.length === 0 && <p className="empty">{t('shipments.empty')}</p>}
      </div>
      {list.data && <Pager offset={offset} limit={LIMIT} total={list.data.total} onChange={setOffset} />}
    </section>
  );
}
