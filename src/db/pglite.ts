import { PGlite } from '@electric-sql/pglite';
import { INT8_OID, NUMERIC_OID, runTransactionWork, type Db, type Queryable } from './db.js';

export const PGLITE_PARSERS = { [INT8_OID]: Number, [NUMERIC_OID]: Number };

/** Embedded PostgreSQL (WASM) in a data directory; without one it lives in memory. */
export async function openPglite(dataDir?: string): Promise<Db> {
  return wrapPglite(await PGlite.create({ ...(dataDir ? { dataDir } : {}), parsers: PGLITE_PARSERS }));
}

export function wrapPglite(pglite: PGlite): Db {
  const wrap = (q: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    query: async (sql, params) => (await q.query(sql, params as unknown[] | undefined)).rows as never,
    exec: async (sql) => void (await q.exec(sql)),
  });
  return {
    driver: 'pglite',
    ...wrap(pglite),
    // PGlite serialises transactions and queries with one lock: a transaction sees no
    // interleaved statements, as one connection of a server would.
    transaction: (fn) => pglite.transaction((tx) => runTransactionWork(wrap(tx), fn)),
    close: () => pglite.close(),
  };
}
