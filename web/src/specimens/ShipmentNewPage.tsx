import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../api';
import { ErrorMessage, FieldError } from '../shell/ErrorMessage';
import { useFormat } from '../shell/format';
import { Pager } from '../shell/Pager';
import { orgDisplayName, useOrganisations } from '../shell/organisations';
import { useShippableSpecimens } from './collected-specimens';
import type { ShipmentDetail, Specimen } from './types';

const SPECIMENS_PER_PAGE = 50;

/**
 * Builds a shipment manifest: destination sequencing company plus specimens ready to ship, paged by
 * the server (one request per page, however many cases). Ticks survive paging.
 */
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
  const orgs = useOrganisations();
  const candidates = useShippableSpecimens(offset, SPECIMENS_PER_PAGE);
  // The page's specimens under their case, cases in order of their oldest specimen (the server's order).
  const byCase = useMemo(() => {
    const groups = new Map<string, Specimen[]>();
    for (const s of candidates.data?.items ?? []) groups.set(s.caseId, [...(groups.get(s.caseId) ?? []), s]);
    return [...groups];
  }, [candidates.data]);

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
      <ErrorMessage error={orgs.error} />
      <form onSubmit={submit}>
        <div className="card row">
          <label className="field">
            <span>{t('newShipment.destination')}</span>
            <select name="toOrgId" required value={toOrgId} onChange={(e) => setToOrgId(e.target.value)}>
              <option value="">{t('newShipment.choose')}</option>
              {orgs.ofType('sequencing_company').map((o) => (
                <option key={o.id} value={o.id}>
                  {orgDisplayName(o, i18n.language)}
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
          <div className={candidates.loading ? 'loading' : ''} aria-busy={candidates.loading}>
            {candidates.data && candidates.data.items.length === 0 && <p className="empty">{t('newShipment.none')}</p>}
            {byCase.map(([caseId, specimens]) => (
              <fieldset key={caseId} className="pick-case">
                <legend>
                  {t('newShipment.case')} <Link to={`/cases/${encodeURIComponent(caseId)}`}>{caseId}</Link>
                </legend>
                {specimens.map((s) => (
                  <label key={s.id} className="checkbox">
                    <input type="checkbox" name="specimen" value={s.id} checked={picked.has(s.id)} onChange={(e) => toggle(s.id, e.target.checked)} />
                    <span>
                      <code>{s.barcode}</code> {t(`type.${s.type}`)} <span className="muted small">{t('newShipment.participant', { id: s.participantId })}</span>{' '}
                      <span className="muted small">{f.dateTime(s.collectedAt)}</span>
                    </span>
                  </label>
                ))}
              </fieldset>
            ))}
          </div>
          {candidates.data && <Pager offset={offset} limit={SPECIMENS_PER_PAGE} total={candidates.data.total} onChange={setOffset} />}
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
