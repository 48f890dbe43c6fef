import pg from 'pg';
import { INT8_OID, NUMERIC_OID, runTransactionWork, type Db, type Queryable } from './db.js';

const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID || oid === NUMERIC_OID) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
};

/** A PostgreSQL server through a connection pool. */
export function openPg(connectionString: string, maxConnections = 10): Db {
  const pool = new pg.Pool({ connectionString, max: maxConnections, types: types as never });
  // An idle connection the server ends (a restart, pg_terminate_backend, DROP DATABASE … FORCE)
  // is an 'error' event on the pool, and an unheard one would end the process. The pool drops the
  // connection and opens another on next use; after close() the event is expected and not worth a line.
  let closed = false;
  pool.on('error', (err) => {
    if (!closed) process.stderr.write(`kiban: an idle PostgreSQL connection was lost (${err.message}); the pool will reconnect\n`);
  });
  const wrap = (c: pg.Pool | pg.PoolClient): Queryable => ({
    async query(sql, params) {
      const result = await c.query(sql, params as unknown[] | undefined);
      return result.rows;
    },
    exec: async (sql) => void (await c.query(sql)),
  });
  return {
    driver: 'pg',
    ...wrap(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await runTransactionWork(wrap(client), fn);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => {
      closed = true;
      return pool.end();
    },
  };
}
