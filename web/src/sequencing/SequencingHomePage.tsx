import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ErrorMessage } from '../shell/ErrorMessage';
import { useFormat } from '../shell/format';
import { useGet } from '../shell/query';
import type { SequencingRun } from '../intake/types';
import type { Static } from 'typebox';
import type { ResequencingRequest as ResequencingSchema } from '../../../src/intake/schemas.js';

type ResequencingRequest = Static<typeof ResequencingSchema>;

const caseLink = (caseId: string) => `/sequencing/cases/${encodeURIComponent(caseId)}`;

/** The sequencing company's desk: re-sequencing asked of it, and its runs with their QC. */
export function SequencingHomePage() {
  const { t } = useTranslation('sequencing');
  const f = useFormat();
  const runs = useGet<{ items: SequencingRun[]; total: number }>('/sequencing-runs', { limit: 100 });
  const reseq = useGet<{ items: ResequencingRequest[]; total: number }>('/resequencing-requests', { status: 'open', limit: 100 });
  return (
    <section className="page">
      <div className="page-head">
        <h1>{t('home.title')}</h1>
      </div>
      <p className="muted">
        {t('home.help')} <Link to="/incoming">{t('home.incomingLink')}</Link>
      </p>
      <ErrorMessage error={runs.error ?? reseq.error} />
      {reseq.data && reseq.data.items.length > 0 && (
        <section className="card" aria-labelledby="reseq-title">
          <h2 id="reseq-title">{t('home.resequencing')}</h2>
          <ul>
            {reseq.data.items.map((r) => (
              <li key={r.id}>
                <Link to={caseLink(r.caseId)}>{r.caseId}</Link> · {f.dateTime(r.createdAt)}:{' '}
                {r.items.map((i) => i.reasons.join('; ')).join(' / ')}
              </li>
            ))}
          </ul>
        </section>
      )}
      <section className="card" aria-labelledby="runs-home-title">
        <h2 id="runs-home-title">{t('home.runs', { total: f.number(runs.data?.total ?? 0) })}</h2>
        {runs.data && runs.data.items.length === 0 && <p className="muted">{t('runs.empty')}</p>}
        {runs.data && runs.data.items.length > 0 && (
          <table className="data-table">
            <thead>
              <tr>
                <th>{t('home.case')}</th>
                <th>{t('runs.sampleName')}</th>
                <th>{t('runs.specimen')}</th>
                <th>{t('runs.sequencedAt')}</th>
                <th>{t('runs.qc')}</th>
              </tr>
            </thead>
            <tbody>
              {runs.data.items.map((r) => (
                <tr key={r.id}>
                  <td><Link to={caseLink(r.caseId)}>{r.caseId}</Link></td>
                  <td><code>{r.sampleName}</code></td>
                  <td><code>{r.barcode}</code></td>
                  <td>{f.dateTime(r.sequencedAt)}</td>
                  <td>{t(`qcStatus.${r.qcStatus}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </section>
  );
}
