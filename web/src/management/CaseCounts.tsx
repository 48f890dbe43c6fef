import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { CASE_STATES, DOMAINS } from '../registry/types';
import { ErrorMessage } from '../shell/ErrorMessage';
import { useFormat } from '../shell/format';
import { useApi } from '../shell/use-api';
import type { Summary } from './types';

/** Cases by lifecycle state (rows, in lifecycle order) and domain (columns); each count links to the filtered list. */
export function CaseCounts() {
  const { t } = useTranslation('management');
  const f = useFormat();
  const s = useApi<Summary>('/management/summary');
  const count = (state: string, domain?: string) =>
    (s.data?.byState ?? []).filter((r) => r.state === state && (!domain || r.domain === domain)).reduce((a, r) => a + r.count, 0);
  const domainTotal = (domain: string) => (s.data?.byState ?? []).filter((r) => r.domain === domain).reduce((a, r) => a + r.count, 0);
  const states = CASE_STATES.filter((st) => count(st) > 0);
  return (
    <section className="card">
      <h2>{t('counts.title')}</h2>
      <ErrorMessage error={s.error} />
      {s.data && (
        <>
          <p className="big-number">{t('counts.total', { n: f.number(s.data.total) })}</p>
          <table className="data-table counts">
            <thead>
              <tr>
                <th>{t('counts.state')}</th>
                {DOMAINS.map((d) => (
                  <th key={d} className="num">
                    {t(`registry:domain.${d}`)}
                  </th>
                ))}
                <th className="num">{t('counts.all')}</th>
              </tr>
            </thead>
            <tbody>
              {states.map((st) => (
                <tr key={st}>
                  <td>
                    <span className={`state state-${st}`}>{t(`registry:state.${st}`)}</span>
                  </td>
                  {DOMAINS.map((d) => (
                    <td key={d} className="num">
                      <Link to={`/cases?state=${st}&domain=${d}`}>{f.number(count(st, d))}</Link>
                    </td>
                  ))}
                  <td className="num">
                    <Link to={`/cases?state=${st}`}>{f.number(count(st))}</Link>
                  </td>
                </tr>
              ))}
              {states.length === 0 && (
                <tr>
                  <td colSpan={DOMAINS.length + 2} className="empty">
                    {t('counts.empty')}
                  </td>
                </tr>
              )}
            </tbody>
            <tfoot>
              <tr>
                <th>{t('counts.all')}</th>
                {DOMAINS.map((d) => (
                  <th key={d} className="num">
                    {f.number(domainTotal(d))}
                  </th>
                ))}
                <th className="num">{f.number(s.data.total)}</th>
              </tr>
            </tfoot>
          </table>
        </>
      )}
    </section>
  );
}
