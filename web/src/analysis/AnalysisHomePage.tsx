import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { CaseSummary, Page } from '../registry/types';
import { ErrorMessage } from '../shell/ErrorMessage';
import { useFormat } from '../shell/format';
import { useOrganisations } from '../shell/organisations';
import { Pager } from '../shell/Pager';
import { useGet } from '../shell/query';
import type { Static } from 'typebox';
import type { VariantStatusList } from '../../../src/intake/schemas.js';

type VariantStatus = Static<typeof VariantStatusList>['items'][number];

const LIMIT = 50;

/**
 * The analyst's desk: cases whose sequencing data passed QC and wait for analysis (qc_passed),
 * longest waiting first, each a step from its variant table; and those whose data arrived and wait
 * for the QC gates (data_received).
 */
export function AnalysisHomePage() {
  const { t } = useTranslation('analysis');
  const [offset, setOffset] = useState(0);
  const ready = useGet<Page<CaseSummary>>('/cases', { state: 'qc_passed', sort: 'stateChangedAt', order: 'asc', limit: LIMIT, offset });
  const arriving = useGet<Page<CaseSummary>>('/cases', { state: 'data_received', sort: 'stateChangedAt', order: 'asc', limit: 10 });
  return (
    <section className="page">
      <div className="page-head"><h1>{t('home.title')}</h1></div>
      <p className="muted">{t('home.help')}</p>
      <ErrorMessage error={ready.error ?? arriving.error} />
      <section className="card" aria-labelledby="ready-title">
        <h2 id="ready-title">{t('home.ready', { total: ready.data?.total ?? 0 })}</h2>
        {ready.data && <CaseTable cases={ready.data.items} withVariants />}
        {ready.data && ready.data.total > LIMIT && <Pager total={ready.data.total} limit={LIMIT} offset={offset} onChange={setOffset} />}
      </section>
      <section className="card" aria-labelledby="arriving-title">
        <h2 id="arriving-title">{t('home.arriving', { total: arriving.data?.total ?? 0 })}</h2>
        {arriving.data && <CaseTable cases={arriving.data.items} withVariants={false} />}
      </section>
    </section>
  );
}

function CaseTable({ cases, withVariants }: { cases: CaseSummary[]; withVariants: boolean }) {
  const { t } = useTranslation('analysis');
  // How each case's QC-passed data stand in the variant store (one request for the page).
  const ids = cases.map((c) => c.id).join(',');
  const status = useGet<{ items: VariantStatus[] }>(withVariants && ids ? '/variant-status' : null, { caseIds: ids });
  const statusOf = (id: string) => status.data?.items.find((s) => s.caseId === id);
  const { t: tRegistry } = useTranslation('registry');
  const f = useFormat();
  const orgs = useOrganisations();
  if (cases.length === 0) return <p className="muted">{t('home.none')}</p>;
  return (
    <table className="data-table analysis-cases">
      <thead>
        <tr>
          <th>{t('home.case')}</th>
          <th>{t('home.domain')}</th>
          <th>{t('home.diagnosis')}</th>
          <th>{t('home.hospital')}</th>
          <th>{t('home.since')}</th>
          <th>{t('home.open')}</th>
        </tr>
      </thead>
      <tbody>
        {cases.map((c) => (
          <tr key={c.id} className={c.overdue ? 'overdue' : undefined}>
            <td><Link to={`/cases/${encodeURIComponent(c.id)}`}>{c.id}</Link></td>
            <td>{tRegistry(`domain.${c.domain}`)}</td>
            <td>{c.diagnosisIcd10 && <code>{c.diagnosisIcd10}</code>} {c.diagnosisText}</td>
            <td>{orgs.name(c.hospitalId, c.hospitalName)}</td>
            <td>{f.dateTime(c.stateChangedAt)}{c.overdue && <span className="badge badge-warn">{tRegistry('list.overdue')}</span>}</td>
            <td>{withVariants && <DataCell caseId={c.id} status={statusOf(c.id)} loading={status.isPending} />}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function DataCell({ caseId, status, loading }: { caseId: string; status: VariantStatus | undefined; loading: boolean }) {
  const { t } = useTranslation('analysis');
  if (loading) return null;
  if (status && status.loaded > 0) return <Link to={`/cases/${encodeURIComponent(caseId)}/variants`}>{t('home.variants')}</Link>;
  if (status && status.failed > 0) return <span className="badge badge-warn">{t('home.dataFailed')}</span>;
  if (status && status.inProgress > 0) return <span className="muted">{t('home.dataInProgress')}</span>;
  return <span className="muted">{t('home.noData')}</span>;
}
