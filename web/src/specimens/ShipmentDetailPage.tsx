import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api } from '../api';
import { useMe } from '../auth/session';
import { ErrorMessage } from '../shell/ErrorMessage';
import { useFormat } from '../shell/format';
import { useOrganisations } from '../shell/organisations';
import { useApi } from '../shell/use-api';
import { ManifestTable } from './ManifestTable';
import { ReceiveForm } from './ReceiveForm';
import type { ShipmentDetail } from './types';

/** One shipment: its manifest; the hospital dispatches it, the sequencing company checks and receives it. */
export function ShipmentDetailPage() {
  const { t } = useTranslation('specimens');
  const f = useFormat();
  const me = useMe();
  const orgs = useOrganisations();
  const { id = '' } = useParams();
  const s = useApi<ShipmentDetail>(`/shipments/${encodeURIComponent(id)}`);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const isSender = s.data?.fromOrgId === me.orgId;
  const isReceiver = s.data?.toOrgId === me.orgId;
  const back = me.orgType === 'sequencing_company' ? '/incoming' : '/shipments';

  const [reason, setReason] = useState('');
  // Dispatch cannot be undone (the specimens leave the hospital): a second, explicit step.
  const [confirming, setConfirming] = useState(false);
  const act = async (action: 'dispatch' | 'cancel', body?: unknown) => {
    setBusy(true);
    setError(null);
    try {
      s.setData(await api.post<ShipmentDetail>(`/shipments/${encodeURIComponent(id)}/${action}`, body));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const d = s.data;
  return (
    <section className="page">
      <p>
        <Link to={back}>{t('shipments.back')}</Link>
      </p>
      <ErrorMessage error={s.error} />
      <ErrorMessage error={error} />
      {d && (
        <>
          <div className="page-head">
            <h1>{t('detail.title', { id: d.id })}</h1>
            <span className={`state shipment-${d.status}`}>{t(`shipmentStatus.${d.status}`)}</span>
          </div>
          <dl className="summary card">
            <dt>{t('shipments.column.from')}</dt>
            <dd>{orgs.name(d.fromOrgId, d.fromOrgName)}</dd>
            <dt>{t('shipments.column.to')}</dt>
            <dd>{orgs.name(d.toOrgId, d.toOrgName)}</dd>
            <dt>{t('shipments.column.trackingNo')}</dt>
            <dd>{d.trackingNo ?? '—'}</dd>
            <dt>{t('shipments.column.createdAt')}</dt>
            <dd>{f.dateTime(d.createdAt)}</dd>
            <dt>{t('shipments.column.dispatchedAt')}</dt>
            <dd>{f.dateTime(d.dispatchedAt)}</dd>
            <dt>{t('shipments.column.receivedAt')}</dt>
            <dd>{f.dateTime(d.receivedAt)}</dd>
            {d.status === 'cancelled' && (
              <>
                <dt>{t('detail.cancelledAt')}</dt>
                <dd>{f.dateTime(d.cancelledAt)}</dd>
                <dt>{t('detail.cancelReason')}</dt>
                <dd>{d.cancelReason}</dd>
              </>
            )}
          </dl>
          {isSender && d.status === 'created' && (
            <div className="card">
              <p>{t('detail.dispatchHelp')}</p>
              {confirming ? (
                <div className="alert alert-warn confirm-dispatch" role="alertdialog" aria-labelledby="confirm-dispatch-text">
                  <span id="confirm-dispatch-text">{t('detail.confirmDispatch', { id: d.id, to: orgs.name(d.toOrgId, d.toOrgName), count: d.items.length })}</span>
                  <div className="button-row">
                    <button type="button" disabled={busy} onClick={() => void act('dispatch').then(() => setConfirming(false))}>
                      {t('detail.confirmDispatchYes')}
                    </button>
                    <button type="button" className="secondary" disabled={busy} onClick={() => setConfirming(false)}>
                      {t('detail.confirmDispatchNo')}
                    </button>
                  </div>
                </div>
              ) : (
                <button type="button" disabled={busy} onClick={() => setConfirming(true)}>
                  {t('detail.dispatch')}
                </button>
              )}
              <form className="cancel-shipment" onSubmit={(e) => { e.preventDefault(); void act('cancel', { reason }); }}>
                <p>{t('detail.cancelHelp')}</p>
                <label className="field wide">
                  <span>{t('detail.cancelReason')}</span>
                  <input name="reason" required maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} />
                </label>
                <button type="submit" className="danger" disabled={busy || reason.trim() === ''}>
                  {t('detail.cancel')}
                </button>
              </form>
            </div>
          )}
          {isReceiver && d.status === 'dispatched' ? (
            <ReceiveForm shipment={d} onReceived={s.setData} />
          ) : (
            <ItemsTable shipment={d} isReceiver={isReceiver} />
          )}
        </>
      )}
    </section>
  );
}

function ItemsTable({ shipment, isReceiver }: { shipment: ShipmentDetail; isReceiver: boolean }) {
  const { t } = useTranslation('specimens');
  // A specimen the sequencing company received goes on to its run registration and upload.
  const caseCell = (i: ShipmentDetail['items'][number]) => i.checkResult === 'ok'
    ? <Link to={`/sequencing/cases/${encodeURIComponent(i.caseId)}?shipment=${encodeURIComponent(shipment.id)}&specimen=${encodeURIComponent(i.specimenId)}`}>{i.caseId}</Link>
    : i.caseId;
  return (
    <section className="card">
      <h2>{t('detail.items', { n: shipment.items.length })}</h2>
      <ManifestTable
        items={shipment.items}
        check={(i) => (i.checkResult ? <span className={`badge check-${i.checkResult}`}>{t(`check.${i.checkResult}`)}</span> : '—')}
        note={(i) => i.checkNote ?? ''}
        {...(isReceiver ? { caseCell } : {})}
      />
    </section>
  );
}
