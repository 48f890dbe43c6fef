import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { Static } from 'typebox';
import type { Permissions as PermissionsSchema } from '../../../src/auth/schemas.js';
import { api, ApiError, type Query } from '../api';
import { useSession } from '../auth/session';

/**
 * Server state through TanStack Query. The cache belongs to one signed-in user: it is dropped when
 * the user changes, so nobody sees the previous user's data while their own loads.
 */
export function QueryProvider({ children }: { children: ReactNode }) {
  const [client] = useState(() => new QueryClient({
    defaultOptions: {
      queries: {
        // A 4xx will not change on retry; a network blip may.
        retry: (n, err) => n < 2 && !(err instanceof ApiError && err.status >= 400 && err.status < 500),
        refetchOnWindowFocus: false,
      },
    },
  }));
  const { state } = useSession();
  const userId = state.status === 'signed_in' ? state.me.userId : null;
  // Cleared when a signed-in user signs out or another signs in; not on the first sign-in, when
  // clearing would orphan the queries the first page has just started.
  const previous = useRef(userId);
  useEffect(() => {
    if (previous.current !== null && previous.current !== userId) client.clear();
    previous.current = userId;
  }, [client, userId]);
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}

/** A GET through the one API client, keyed by path and query. `path: null` waits. */
export function useGet<T>(path: string | null, query: Query = {}, opts: { refetchIntervalMs?: number | false } = {}) {
  return useQuery({
    queryKey: [path, query],
    queryFn: ({ signal }) => api.get<T>(path!, query, signal),
    enabled: path !== null,
    ...(opts.refetchIntervalMs ? { refetchInterval: opts.refetchIntervalMs } : {}),
  });
}

type Permissions = Static<typeof PermissionsSchema>;

/**
 * What the caller's role may call, from the server's route policies (GET /api/auth/permissions):
 * a page shows a section only when it may load it. Until the list arrives nothing guarded shows.
 */
export function usePermissions(): { ready: boolean; can(method: 'GET' | 'POST', routePath: string): boolean } {
  const q = useQuery({ queryKey: ['permissions'], queryFn: ({ signal }) => api.get<Permissions>('/auth/permissions', {}, signal), staleTime: Infinity });
  const routes = q.data?.routes;
  const can = useCallback((method: 'GET' | 'POST', routePath: string) => routes?.includes(`${method} ${routePath}`) ?? false, [routes]);
  return { ready: q.isSuccess, can };
}
