import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Static } from 'typebox';
import type { Org as OrgSchema } from '../../../src/auth/schemas.js';
import { api } from '../api';

/** One organisation as `GET /api/organisations` returns it (type from the server's TypeBox schema). */
export type Organisation = Static<typeof OrgSchema>;

// Several APIs name an organisation only by id (delayed cases, case events) or only in English
// (shipments). The list is small and public within the platform, so it is fetched once per session
// and every page resolves names from it. Cleared on login and logout (see auth/session.tsx).
let pending: Promise<Organisation[]> | null = null;
let loaded: Organisation[] | null = null;

function loadOrganisations(): Promise<Organisation[]> {
  pending ??= api.get<{ items: Organisation[] }>('/organisations').then(
    (r) => (loaded = r.items),
    (err: unknown) => {
      pending = null; // a failed load is retried by the next page that needs it
      throw err;
    },
  );
  return pending;
}

export function forgetOrganisations(): void {
  pending = null;
  loaded = null;
}

/** The display name of an organisation in a language: Japanese name in ja, English in en, each falling back to the other. */
export function orgDisplayName(org: Pick<Organisation, 'name' | 'nameJa'>, language: string): string {
  return language === 'ja' ? org.nameJa || org.name : org.name || org.nameJa;
}

export interface Organisations {
  /** Every organisation, or null until the list has arrived. */
  list: Organisation[] | null;
  error: unknown;
  /** Those of one type (`hospital`, `sequencing_company`, …); empty until loaded. */
  ofType(type: string): Organisation[];
  /** The name of `id` in the active language; until the list arrives (or for an unknown id) `fallback`, else the id. */
  name(id: string | null | undefined, fallback?: string | null): string;
}

export function useOrganisations(): Organisations {
  const { i18n } = useTranslation();
  const [list, setList] = useState<Organisation[] | null>(loaded);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (list) return;
    let live = true;
    loadOrganisations().then(
      (items) => live && setList(items),
      (err: unknown) => live && setError(err),
    );
    return () => {
      live = false;
    };
  }, [list]);
  const language = i18n.language;
  const ofType = useCallback((type: string) => (list ?? []).filter((o) => o.type === type), [list]);
  const name = useCallback(
    (id: string | null | undefined, fallback?: string | null) => {
      if (!id) return fallback ?? '';
      const org = list?.find((o) => o.id === id);
      return org ? orgDisplayName(org, language) : fallback || id;
    },
    [list, language],
  );
  return { list, error, ofType, name };
}
