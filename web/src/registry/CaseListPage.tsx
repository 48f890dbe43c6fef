import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { useMe } from '../auth/session';
import { ErrorMessage } from '../shell/ErrorMessage';
import { useFormat } from '../shell/format';
import { Pager } from '../shell/Pager';
import { orgDisplayName, useOrganisations } from '../shell/organisations';
import { SelectField } from '../shell/SelectField';
import { useApi } from '../shell/use-api';
import { CASE_STATES, CATEGORIES, DOMAINS, type CaseSummary, type Domain, type Page } from './types';

const PAGE_SIZES = [25, 50, 100];
const SEARCH_DEBOUNCE_MS = 300;

/**
 * Cases, paged, filtered and sorted by the server (`GET /api/cases`): only one page is ever in the
 * browser, so 10,000 cases cost the same as 10. Filters live in the URL, so back/forward and
 * links keep them.
 */
export function CaseListPage() {
  const { t, i18n } = useTranslation('registry');
  const me = useMe();
  const f = useFormat();
  const [params, setParams] = useSearchParams();
  const get = (k: string, d = '') => params.get(k) ?? d;
  const limit = Number(get('limit', '25')) || 25;
  const offset = Math.max(0, Number(get('offset', '0')) || 0);
  const sort = get('sort', 'createdAt');
  const order = get('order', 'desc');
  const [search, setSearch] = useState(get('q'));

  const update = (changes: Record<string, string>, resetPage = true) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (resetPage) next.delete('offset');
    setParams(next, { replace: true });
  };

  // The id search waits for a pause in typing; older requests are aborted by useApi.
  useEffect(() => {
    if (search === get('q')) return;
    const timer = setTimeout(() => update({ q: search.trim() }), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [search]);

  const showHospital = me.orgType !== 'hospital';
  const orgs = useOrganisations();
  const list = useApi<Page<CaseSummary>>('/cases', {
    limit, offset, sort, order,
    state: get('state'), domain: get('domain'), category: get('category'), q: get('q'), hospitalId: get('hospitalId'), overdue: get('overdue'),
  });

  const sortBy = (field: string) => update({ sort: field, order: sort === field && order === 'desc' ? 'asc' : 'desc' });
  const hospitalName = (c: CaseSummary) => (i18n.language === 'ja' ? c.hospitalNameJa || c.hospitalName : c.hospitalName || c.hospitalNameJa);

  return (
    <section className="page">
      <div className="page-head">
        <h1>{t('list.title')}</h1>
        {me.principal === 'hospital:clinician' && (
          <Link className="button" to="/cases/new">
            {t('list.newCase')}
          </Link>
        )}
      </div>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label className="field">
          <span>{t('list.filter.search')}</span>
          <input type="search" name="q" value={search} placeholder={t('list.filter.searchPlaceholder')} onChange={(e) => setSearch(e.target.value)} />
        </label>
        <SelectField label={t('list.filter.state')} name="state" value={get('state')} emptyOption={t('list.filter.all')}
          options={CASE_STATES} optionLabel={(s) => t(`state.${s}`)} onChange={(state) => update({ state })} />
        <SelectField label={t('list.filter.domain')} name="domain" value={get('domain')} emptyOption={t('list.filter.all')}
          options={DOMAINS} optionLabel={(d) => t(`domain.${d}`)} onChange={(domain) => update({ domain, category: '' })} />
        <SelectField label={t('list.filter.category')} name="category" value={get('category')} emptyOption={t('list.filter.all')}
          options={CATEGORIES[get('domain') as Domain] ?? [...CATEGORIES.cancer, ...CATEGORIES.rare_disease]}
          optionLabel={(c) => t(`category.${c}`)} onChange={(category) => update({ category })} />
        {showHospital && (
          <label className="field">
            <span>{t('list.filter.hospital')}</span>
            <select name="hospitalId" value={get('hospitalId')} onChange={(e) => update({ hospitalId: e.target.value })}>
              <option value="">{t('list.filter.all')}</option>
              {orgs.ofType('hospital').map((h) => (
                <option key={h.id} value={h.id}>
                  {orgDisplayName(h, i18n.language)}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="field checkbox">
          <input type="checkbox" name="overdue" checked={get('overdue') === 'true'} onChange={(e) => update({ overdue: e.target.checked ? 'true' : '' })} />
          <span>{t('list.filter.overdue')}</span>
        </label>
        <label className="field">
          <span>{t('list.filter.pageSize')}</span>
          <select value={String(limit)} onChange={(e) => update({ limit: e.target.value })}>
            {PAGE_SIZES.map((n) => (
              <option key={n} value={n}>
                {f.number(n)}
              </option>
            ))}
          </select>
        </label>
      </form>
      <ErrorMessage error={list.error} />
      <div className={`table-wrap ${list.loading ? 'loading' : ''}`} aria-busy={list.loading}>
        <table className="data-table">
          <thead>
            <tr>
              <SortableTh field="id" label={t('list.column.id')} sort={sort} order={order} onSort={sortBy} />
              <th>{t('list.column.domain')}</th>
              <th>{t('list.column.diagnosis')}</th>
              {showHospital && <th>{t('list.column.hospital')}</th>}
              {(['state', 'stateChangedAt', 'createdAt'] as const).map((field) => (
                <SortableTh key={field} field={field} label={t(`list.column.${field}`)} sort={sort} order={order} onSort={sortBy} />
              ))}
            </tr>
          </thead>
          <tbody>
            {list.data?.items.map((c) => (
              <tr key={c.id} className={c.overdue ? 'overdue' : ''}>
                <td>
                  <Link to={`/cases/${encodeURIComponent(c.id)}`}>{c.id}</Link>
                </td>
                <td>
                  {t(`domain.${c.domain}`)}
                  <span className="muted small">{t(`category.${c.category}`)}</span>
                </td>
                <td>
                  {c.diagnosisIcd10 && <code>{c.diagnosisIcd10}</code>} {c.diagnosisText}
                </td>
                {showHospital && <td>{hospitalName(c)}</td>}
                <td>
                  <span className={`state state-${c.state}`}>{t(`state.${c.state}`)}</span>
                  {c.overdue && <span className="badge badge-warn">{t('list.overdue')}</span>}
                </td>
                <td>{f.dateTime(c.stateChangedAt)}</td>
                <td>{f.date(c.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {list.data && list.data.items.length === 0 && <p className="empty">{t('list.empty')}</p>}
      </div>
      {list.data && <Pager offset={offset} limit={limit} total={list.data.total} onChange={(o) => update({ offset: String(o) }, false)} />}
    </section>
  );
}

interface SortableThProps {
  field: string;
  label: string;
  sort: string;
  order: string;
  onSort(field: string): void;
}

/** A column header that sorts on the server; clicking again flips the order. */
function SortableTh({ field, label, sort, order, onSort }: SortableThProps) {
  const active = sort === field;
  const mark = active ? (order === 'asc' ? '▲' : '▼') : '';
  return (
    <th aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="link" onClick={() => onSort(field)}>
        {label} {mark}
      </button>
    </th>
  );
}
