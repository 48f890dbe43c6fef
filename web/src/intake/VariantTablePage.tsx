import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ErrorMessage } from '../shell/ErrorMessage';
import { useFormat } from '../shell/format';
import { Pager } from '../shell/Pager';
import { SelectField } from '../shell/SelectField';
import { useApi } from '../shell/use-api';
import type { VariantRow, VariantTable } from './types';
import { SO_TERMS } from '../../../src/genomics/consequence/terms.js';

/** The SO terms Kiban's annotation emits, most severe first (Sequence Ontology names, as VEP shows them). */
const CONSEQUENCE_TERMS = SO_TERMS.map(([term]) => term);

const PAGE = 50;
const IMPACTS = ['HIGH', 'MODERATE', 'LOW', 'MODIFIER'] as const;
type SortKey = 'position' | 'gene' | 'impact' | 'maxPopulationAf' | 'vaf' | 'clinvar';

interface Filters {
  gene: string;
  consequence: string;
  impact: string;
  maxAf: string;
  clinvar: string;
}
const NO_FILTERS: Filters = { gene: '', consequence: '', impact: '', maxAf: '', clinvar: '' };

/** A case's variants from the variant store: filtered, sorted and paged on the server. */
export function VariantTablePage() {
  const { t } = useTranslation('intake');
  const { id = '' } = useParams();
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [sampleId, setSampleId] = useState<string>('');
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'position', desc: false });
  const [offset, setOffset] = useState(0);
  const table = useApi<VariantTable>(`/cases/${encodeURIComponent(id)}/variants`, {
    sampleId: sampleId || undefined, gene: filters.gene, consequence: filters.consequence, impact: filters.impact,
    maxAf: filters.maxAf, clinvar: filters.clinvar, sort: sort.key, order: sort.desc ? 'desc' : 'asc', limit: PAGE, offset,
  });
  const apply = (e: FormEvent) => {
    e.preventDefault();
    setFilters(draft);
    setOffset(0);
  };
  const sortBy = (key: SortKey) => {
    setSort((s) => ({ key, desc: s.key === key ? !s.desc : false }));
    setOffset(0);
  };
  const field = (name: keyof Filters) => ({
    value: draft[name],
    onChange: (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [name]: e.target.value })),
  });
  const data = table.data;
  return (
    <section className="page">
      <p>
        <Link to={`/cases/${encodeURIComponent(id)}`}>{t('variants.back')}</Link>
      </p>
      <h1>{t('variants.title', { id })}</h1>
      <form className="filters" role="search" aria-label={t('variants.filter.legend')} onSubmit={apply}>
        {data && data.samples.length > 1 && (
          <label className="field">
            <span>{t('variants.sample')}</span>
            <select value={sampleId || data.sampleId || ''} onChange={(e) => { setSampleId(e.target.value); setOffset(0); }}>
              {data.samples.map((s) => (
                <option key={s.sampleId} value={s.sampleId}>
                  {t('variants.sampleOption', { sampleId: s.sampleId, role: t(`variants.role.${s.role}`) })}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="field">
          <span>{t('variants.filter.gene')}</span>
          <input name="gene" {...field('gene')} />
        </label>
        <SelectField label={t('variants.filter.consequence')} name="consequence" value={draft.consequence} emptyOption={t('variants.filter.anyConsequence')}
          options={CONSEQUENCE_TERMS} optionLabel={(c) => c} onChange={(consequence) => setDraft((d) => ({ ...d, consequence }))} />
        <SelectField size="narrow" label={t('variants.filter.impact')} name="impact" value={draft.impact} emptyOption={t('variants.filter.anyImpact')}
          options={IMPACTS} optionLabel={(i) => t(`variants.impact.${i}`)} onChange={(impact) => setDraft((d) => ({ ...d, impact }))} />
        <label className="field narrow">
          <span>{t('variants.filter.maxAf')}</span>
          <input name="maxAf" type="number" min="0" max="1" step="any" {...field('maxAf')} />
        </label>
        <label className="field">
          <span>{t('variants.filter.clinvar')}</span>
          <input name="clinvar" {...field('clinvar')} />
        </label>
        <div className="filter-actions">
          <button type="submit">{t('variants.filter.apply')}</button>
          <button type="button" className="secondary" onClick={() => { setDraft(NO_FILTERS); setFilters(NO_FILTERS); setOffset(0); }}>
            {t('variants.filter.clear')}
          </button>
        </div>
      </form>
      <ErrorMessage error={table.error} />
      {table.loading && !data && <p className="muted">{t('variants.loading')}</p>}
      {data && data.samples.length === 0 && <p className="muted">{t('variants.noSamples')}</p>}
      {data && data.samples.length > 0 && data.items.length === 0 && <p className="muted">{t('variants.empty')}</p>}
      {data && data.items.length > 0 && (
        <>
          <Variants caseId={id} rows={data.items} cohort={data.cohort} sort={sort} onSort={sortBy} />
          <Pager offset={offset} limit={PAGE} total={data.total} onChange={setOffset} />
        </>
      )}
    </section>
  );
}

interface VariantsProps {
  caseId: string;
  rows: VariantRow[];
  cohort: VariantTable['cohort'];
  sort: { key: SortKey; desc: boolean };
  onSort(key: SortKey): void;
}

function Variants({ caseId, rows, cohort, sort, onSort }: VariantsProps) {
  const { t } = useTranslation('intake');
  const f = useFormat();
  const head = (key: SortKey | null, label: string, className?: string) => (
    <th className={className} aria-sort={key && sort.key === key ? (sort.desc ? 'descending' : 'ascending') : undefined}>
      {key ? (
        <button type="button" className="link" onClick={() => onSort(key)} aria-label={t('variants.sortBy', { column: t(label) })}>
          {t(label)} {sort.key === key ? (sort.desc ? '▼' : '▲') : ''}
        </button>
      ) : t(label)}
    </th>
  );
  return (
    <div className="table-wrap">
      <table className="data-table variant-table">
        <thead>
          <tr>
            {head('position', 'variants.column.position')}
            {head(null, 'variants.column.change')}
            {head('gene', 'variants.column.gene')}
            {head(null, 'variants.column.consequence')}
            {head('impact', 'variants.column.impact')}
            {head(null, 'variants.column.hgvs')}
            {head('maxPopulationAf', 'variants.column.maxPopulationAf', 'num')}
            {head('clinvar', 'variants.column.clinvar')}
            {head(null, 'variants.column.gt')}
            {head('vaf', 'variants.column.vaf', 'num')}
            {head(null, 'variants.column.filter')}
            <th className="num" title={t('variants.cohort.help', { minCellSize: cohort?.minCellSize ?? 0, base: cohort?.roundingBase ?? 1 })}>
              {t('variants.column.otherCarriers', { n: cohort?.samples ?? 0 })}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((v) => (
            <tr key={v.variantKey}>
              <td>
                <code>
                  {v.chrom}:{v.pos1}
                </code>
              </td>
              <td>
                <code>
                  {v.ref}{'>'}{v.alt}
                </code>
              </td>
              <td>{v.gene ?? '—'}</td>
              <td className="small">{v.consequence ?? '—'}</td>
              <td className="nowrap">{v.impact ? t(`variants.impact.${v.impact}`) : '—'}</td>
              <td className="small">
                {v.hgvsc || v.hgvsp
                  ? [v.hgvsc, v.hgvsp].filter(Boolean).map((h, i) => (
                    <span key={i}>
                      {i > 0 && ' '}
                      <code>{h}</code>
                    </span>
                  ))
                  : '—'}
              </td>
              <td className="num">{f.number(v.maxPopulationAf, 5)}</td>
              <td className="small">{v.clinvarSignificance ?? '—'}</td>
              <td>
                <code>{v.gt ?? '—'}</code>
              </td>
              <td className="num">{f.number(v.vaf, 3)}</td>
              <td className="small">{v.filter}</td>
              <td className="num">
                {v.otherCarriers === 0 ? (
                  f.number(0, 0)
                ) : (
                  // Which of them the user may see (their own hospital's cases) is on the carriers page.
                  <Link to={`/variant-carriers?${new URLSearchParams({ chrom: v.chrom, pos: String(v.pos1), ref: v.ref, alt: v.alt, from: caseId })}`}>
                    {v.otherCarriers === null ? t('variants.cohort.fewer', { minCellSize: cohort?.minCellSize ?? 0 }) : f.number(v.otherCarriers, 0)}
                  </Link>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
