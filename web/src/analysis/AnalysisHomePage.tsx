import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { CaseSummary, Page } from '../registry/types';
import { ErrorMessage } from '../shell/ErrorMessage';
import { useFormat } from '../shell/format';
import { useOrganisations } from '../shell/organisations';
import { Pager } from '../shell/Pager';
import { useGet } from '../shell/query';

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
            <td>{withVariants && <Link to={`/cases/${encodeURIComponent(c.id)}/variants`}>{t('home.variants')}</Link>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
