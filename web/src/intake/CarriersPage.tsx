import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { ErrorMessage } from '../shell/ErrorMessage';
import { useFormat } from '../shell/format';
import { useApi } from '../shell/use-api';
import type { VariantCarriers } from './types';

/**
 * The samples carrying one variant in the cases the caller may see, linked to their cases, and how
 * many samples carry it on the whole platform: rounded, and withheld when it or its difference
 * from the list is a small cell (intake/small-counts.ts).
 */
export function CarriersPage() {
  const { t } = useTranslation('intake');
  const f = useFormat();
  const [params] = useSearchParams();
  const from = params.get('from');
  const query = { chrom: params.get('chrom') ?? '', pos: params.get('pos') ?? '', ref: params.get('ref') ?? '', alt: params.get('alt') ?? '' };
  const carriers = useApi<VariantCarriers>('/variant-carriers', query);
  const d = carriers.data;
  return (
    <section className="page">
      {from && (
        <p>
          <Link to={`/cases/${encodeURIComponent(from)}/variants`}>{t('carriers.back', { id: from })}</Link>
        </p>
      )}
      <h1>{t('carriers.title', { variant: `${query.chrom}:${query.pos} ${query.ref}>${query.alt}` })}</h1>
      <ErrorMessage error={carriers.error} />
      {d && (
        <>
          <p>{t('carriers.intro')}</p>
          <p className="muted" data-testid="platform-carriers">
            {d.platformCarriers === null
              ? t('carriers.platformFewer', { minCellSize: d.minCellSize })
              : t('carriers.platform', { n: d.platformCarriers, base: d.roundingBase })}
          </p>
          {d.items.length === 0 ? (
            <p className="muted">{t('carriers.none')}</p>
          ) : (
            <div className="table-wrap">
              <table className="data-table carriers-table">
                <thead>
                  <tr>
                    <th>{t('carriers.column.case')}</th>
                    <th>{t('carriers.column.participant')}</th>
                    <th>{t('carriers.column.sample')}</th>
                    <th>{t('variants.column.gt')}</th>
                    <th className="num">{t('variants.column.vaf')}</th>
                    <th className="num">{t('carriers.column.dp')}</th>
                    <th>{t('variants.column.filter')}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.items.map((c) => (
                    <tr key={c.sampleId}>
                      <td>
                        <Link to={`/cases/${encodeURIComponent(c.caseId)}`}>{c.caseId}</Link>
                      </td>
                      <td>
                        <code>{c.participantId}</code>
                      </td>
                      <td>
                        <code>{c.sampleId}</code> {t(`variants.role.${c.role}`)}
                      </td>
                      <td>
                        <code>{c.gt ?? '—'}</code>
                      </td>
                      <td className="num">{f.number(c.vaf, 3)}</td>
                      <td className="num">{f.number(c.dp, 0)}</td>
                      <td className="small">{c.filter}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
