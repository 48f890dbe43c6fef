import { useEffect, useState } from 'react';
import { api, isAbort } from '../api';
import type { CaseSummary, Page } from '../registry/types';
import type { Specimen } from './types';

export interface CandidatePage {
  cases: { summary: CaseSummary; specimens: Specimen[] }[];
  total: number;
}

/**
 * Specimens ready to ship: the hospital's cases in `specimen_collected`, one page at a time, each
 * with its still-`collected` specimens. The API has no "collected specimens of my hospital" list,
 * so this costs one request per case on the page (bounded by `limit`).
 */
export function useCollectedSpecimens(offset: number, limit: number, reloadKey: number) {
  const [data, setData] = useState<CandidatePage | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  useEffect(() => {
    const ctrl = new AbortController();
    setLoading(true);
    (async () => {
      const page = await api.get<Page<CaseSummary>>('/cases', { state: 'specimen_collected', sort: 'stateChangedAt', order: 'asc', limit, offset }, ctrl.signal);
      const cases = await Promise.all(
        page.items.map(async (summary) => {
          const s = await api.get<{ items: Specimen[] }>(`/cases/${encodeURIComponent(summary.id)}/specimens`, {}, ctrl.signal);
          return { summary, specimens: s.items.filter((x) => x.status === 'collected') };
        }),
      );
      return { cases, total: page.total };
    })()
      .then((d) => {
        setData(d);
        setError(null);
      })
      .catch((err) => !isAbort(err) && setError(err))
      .finally(() => !ctrl.signal.aborted && setLoading(false));
    return () => ctrl.abort();
  }, [offset, limit, reloadKey]);
  return { data, error, loading };
}
