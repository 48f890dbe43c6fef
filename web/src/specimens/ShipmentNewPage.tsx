import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../api';
import { ErrorMessage, FieldError } from '../shell/ErrorMessage';
import { useFormat } from '../shell/format';
import { Pager } from '../shell/Pager';
import { useApi } from '../shell/use-api';
import { useCollectedSpecimens } from './collected-specimens';
import type { ShipmentDetail } from './types';

const CASES_PER_PAGE = 20;

/** Builds a shipment manifest: destination sequencing company plus the collected specimens to send. */
export function ShipmentNewPage() {
  const { t, i18n } = useTranslation('specimens');
  const f = useFormat();
  const navigate = useNavigate();
  const [toOrgId, setToOrgId] = useState('');
  const [trackingNo, setTrackingNo] = useState('');
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [offset, setOffset] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const companies = useApi<{ items: { id: string; name: string; nameJa: string }[] }>('/organisations', { type: 'sequencing_company' });
  const candidates = useCollectedSpecimens(offset, CASES_PER_PAGE, 0);

  const toggle = (id: string, on: boolean) => {
    const next = new Set(picked);
    if (on) next.add(id);
    else next.delete(id);
    setPicked(next);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const s = await api.post<ShipmentDetail>('/shipments', { toOrgId, specimenIds: [...picked], ...(trackingNo.trim() ? { trackingNo: trackingNo.trim() } : {}) });
      navigate(`/shipments/${encodeURIComponent(s.id)}`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <section className="page">
      <p>
        <Link to="/shipments">{t('shipments.back')}</Link>
      </p>
      <h1>{t('newShipment.title')}</h1>
      <ErrorMessage error={error} />
      <ErrorMessage error={companies.error} />
      <form onSubmit={submit}>
        <div className="card row">
          <label className="field">
            <span>{t('newShipment.destination')}</span>
            <select name="toOrgId" required value={toOrgId} onChange={(e) => setToOrgId(e.target.value)}>
              <option value="">{t('newShipment.choose')}</option>
              {companies.data?.items.map((o) => (
                <option key={o.id} value={o.id}>
                  {i18n.language === 'ja' ? o.nameJa : o.name}
                </option>
              ))}
            </select>
            <FieldError error={error} field="toOrgId" />
          </label>
          <label className="field">
            <span>{t('shipments.column.trackingNo')}</span>
            <input name="trackingNo" value={trackingNo} maxLength={100} onChange={(e) => setTrackingNo(e.target.value)} />
          </label>
        </div>
        <section className="card">
          <h2>{t('newShipment.specimens')}</h2>
          <p className="muted">{t('newShipment.help')}</p>
          <ErrorMessage error={candidates.error} />
          {candidates.data && candidates.data.cases.length === 0 && <p className="empty">{t('newShipment.none')}</p>}
          {candidates.data?.cases.map(({ summary, specimens }) => (
            <fieldset key={summary.id} className="pick-case">
              <legend>
                <Link to={`/cases/${encodeURIComponent(summary.id)}`}>{summary.id}</Link> {t(`registry:domain.${summary.domain}`)} · {summary.diagnosisText}
              </legend>
              {specimens.length === 0 && <span className="muted">{t('newShipment.noneInCase')}</span>}
              {specimens.map((s) => (
                <label key={s.id} className="checkbox">
                  <input type="checkbox" name="specimen" value={s.id} checked={picked.has(s.id)} onChange={(e) => toggle(s.id, e.target.checked)} />
                  <span>
                    <code>{s.barcode}</code> {t(`type.${s.type}`)} <span className="muted small">{f.dateTime(s.collectedAt)}</span>
                  </span>
                </label>
              ))}
            </fieldset>
          ))}
          {candidates.data && <Pager offset={offset} limit={CASES_PER_PAGE} total={candidates.data.total} onChange={setOffset} />}
          <FieldError error={error} field="specimenIds" />
        </section>
        <div className="button-row">
          <span>{t('newShipment.selected', { n: f.number(picked.size) })}</span>
          <button type="submit" disabled={busy || picked.size === 0 || !toOrgId}>
            {t('newShipment.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
