import { useTranslation } from 'react-i18next';
import { useFormat } from './format';

interface PagerProps {
  offset: number;
  limit: number;
  total: number;
  onChange(offset: number): void;
}

/** Server-side paging: shows "1–25 of 10,000" and moves by whole pages. */
export function Pager({ offset, limit, total, onChange }: PagerProps) {
  const { t } = useTranslation('shell');
  const f = useFormat();
  const from = total === 0 ? 0 : offset + 1;
  const to = Math.min(offset + limit, total);
  const lastOffset = Math.max(0, Math.floor((total - 1) / limit) * limit);
  return (
    <nav className="pager" aria-label={t('pager.label')}>
      <button type="button" onClick={() => onChange(0)} disabled={offset === 0}>
        {t('pager.first')}
      </button>
      <button type="button" onClick={() => onChange(Math.max(0, offset - limit))} disabled={offset === 0}>
        {t('pager.previous')}
      </button>
      <span className="pager-status">{t('pager.range', { from: f.number(from), to: f.number(to), total: f.number(total) })}</span>
      <button type="button" onClick={() => onChange(offset + limit)} disabled={to >= total}>
        {t('pager.next')}
      </button>
      <button type="button" onClick={() => onChange(lastOffset)} disabled={to >= total}>
        {t('pager.last')}
      </button>
    </nav>
  );
}
