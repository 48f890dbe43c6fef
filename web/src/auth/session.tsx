import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Static } from 'typebox';
import type { Me as MeSchema } from '../../../src/auth/schemas.js';
import { api, ApiError, setCsrfToken, setUnauthenticatedHandler } from '../api';
import { clearUserDrafts } from '../shell/drafts';
import { forgetOrganisations } from '../shell/organisations';

/** The caller as `GET /api/auth/me` returns it: the type comes from the server's TypeBox schema. */
export type Me = Static<typeof MeSchema>;

type SessionState =
  | { status: 'loading' }
  | { status: 'anonymous'; expired: boolean }
  | { status: 'signed_in'; me: Me };

interface SessionApi {
  state: SessionState;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
}

const SessionContext = createContext<SessionApi | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  useEffect(() => {
    let live = true;
    api
      .get<Me>('/auth/me')
      .then((me) => {
        setCsrfToken(me.csrfToken);
        if (live) setState({ status: 'signed_in', me });
      })
      .catch(() => live && setState({ status: 'anonymous', expired: false }));
    // Any later 401 means the session ended (idle timeout, revoked): back to login, drafts kept.
    setUnauthenticatedHandler(() => {
      setCsrfToken('');
      setState({ status: 'anonymous', expired: true });
    });
    return () => {
      live = false;
      setUnauthenticatedHandler(null);
    };
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const me = await api.post<Me>('/auth/login', { username, password });
    setCsrfToken(me.csrfToken);
    forgetOrganisations();
    setState({ status: 'signed_in', me });
  }, []);

  // An explicit logout also clears this user's form drafts (they can hold hospital patient ids);
  // a session that merely expired keeps them, so nothing typed is lost (shell/drafts.ts).
  const userId = state.status === 'signed_in' ? state.me.userId : null;
  const logout = useCallback(async () => {
    try {
      await api.post('/auth/logout');
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 401) throw err; // still signed in: drafts kept
    }
    if (userId) clearUserDrafts(userId);
    forgetOrganisations();
    setCsrfToken('');
    setState({ status: 'anonymous', expired: false });
  }, [userId]);

  const value = useMemo(() => ({ state, login, logout }), [state, login, logout]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** The signed-in caller; only for pages rendered inside the signed-in shell. */
export function useMe(): Me {
  const { state } = useSession();
  if (state.status !== 'signed_in') throw new Error('useMe without a session');
  return state.me;
}
