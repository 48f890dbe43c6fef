import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ErrorMessage } from '../shell/ErrorMessage';
import { useFormat } from '../shell/format';
import { Pager } from '../shell/Pager';
import { useOrganisations } from '../shell/organisations';
import { useApi } from '../shell/use-api';
import type { DelayedCase } from './types';

const LIMIT = 20;

/** Cases past their stage's target, most overdue first (server order), paged. */
export function DelayedCases() {
  const { t } = useTranslation('management');
  const f = useFormat();
  const [offset, setOffset] = useState(0);
  const list = useApi<{ items: DelayedCase[]; total: number }>('/management/delayed', { limit: LIMIT, offset });
  // The delayed list carries hospital ids only; names come from the organisation list (cached per session).
  const orgs = useOrganisations();
  return (
    <section className="card">
      <h2>{t('delayed.title')}</h2>
      <ErrorMessage error={list.error} />
      <div className={`table-wrap ${list.loading ? 'loading' : ''}`}>
        <table className="data-table">
          <thead>
            <tr>
              <th>{t('delayed.case')}</th>
              <th>{t('delayed.hospital')}</th>
              <th>{t('delayed.domain')}</th>
              <th>{t('delayed.state')}</th>
              <th>{t('delayed.since')}</th>
              <th className="num">{t('delayed.daysInState')}</th>
              <th className="num">{t('delayed.targetDays')}</th>
              <th className="num">{t('delayed.overdueDays')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data?.items.map((c) => (
              <tr key={c.caseId}>
                <td>
                  <Link to={`/cases/${encodeURIComponent(c.caseId)}`}>{c.caseId}</Link>
                </td>
                <td>{orgs.name(c.hospitalId)}</td>
                <td>{t(`registry:domain.${c.domain}`)}</td>
                <td>{t(`registry:state.${c.state}`)}</td>
                <td>{f.date(c.since)}</td>
                <td className="num">{f.number(c.daysInState, 1)}</td>
                <td className="num">{f.number(c.targetDays)}</td>
                <td className="num overdue-days">{f.number(c.overdueDays, 1)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {list.data && list.data.items.length === 0 && <p className="empty">{t('delayed.empty')}</p>}
      </div>
      {list.data && <Pager offset={offset} limit={LIMIT} total={list.data.total} onChange={setOffset} />}
    </section>
  );
}
