import { useCallback, useEffect, useRef, useState } from 'react';
import { api, isAbort, type Query } from '../api';

export interface Loaded<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  reload(): void;
  /** Replaces the data with a newer copy a POST returned, without another GET. */
  setData(data: T): void;
}

/**
 * GETs `path` whenever it or the query changes. A newer request aborts the older one, so typing
 * into a search box never shows a stale page of results. `path: null` waits (nothing to load).
 */
export function useApi<T>(path: string | null, query: Query = {}): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(path !== null);
  const [tick, setTick] = useState(0);
  const key = path === null ? null : JSON.stringify([path, query]);
  const keyRef = useRef(key);
  keyRef.current = key;

  useEffect(() => {
    if (path === null) return;
    const ctrl = new AbortController();
    setLoading(true);
    api
      .get<T>(path, query, ctrl.signal)
      .then((d) => {
        setData(d);
        setError(null);
      })
      .catch((err) => {
        if (!isAbort(err)) setError(err);
      })
      .finally(() => {
        if (!ctrl.signal.aborted) setLoading(false);
      });
    return () => ctrl.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` stands for path + query
  }, [key, tick]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload, setData };
}
