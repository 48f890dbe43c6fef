/**
 * The one database layer (STYLE §3): a `Db` with `query` and `transaction`, backed by embedded
 * PGlite or a PostgreSQL server. Both return the same JavaScript types: int8 and numeric as
 * numbers (counts and ids here stay far below 2^53), timestamptz as Date, json/jsonb parsed.
 */
export type Row = Record<string, unknown>;

export interface Queryable {
  query<T = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Inside a transaction only: runs `hook` in the transaction after its work and just before
   * COMMIT (in registration order); a hook that throws rolls the transaction back. The audit log
   * appends there, so the chain's lock is held for two statements, not the whole transaction.
   */
  beforeCommit?(hook: () => Promise<void>): void;
}

export interface Db extends Queryable {
  readonly driver: 'pglite' | 'pg';
  /** Runs `fn` in one transaction: commits if it resolves, rolls back if it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * What both drivers do around a transaction's work: collect `beforeCommit` hooks on the handle,
 * and run them after the work resolves, before the driver commits.
 */
export async function runTransactionWork<T>(tx: Queryable, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  const hooks: Array<() => Promise<void>> = [];
  const result = await fn({ ...tx, beforeCommit: (hook) => void hooks.push(hook) });
  // A hook may register another (an audit recorded by an earlier hook): run until none are left.
  for (let i = 0; i < hooks.length; i++) await hooks[i]!();
  return result;
}

export const INT8_OID = 20;
export const NUMERIC_OID = 1700;

export async function one<T>(q: Queryable, sql: string, params?: readonly unknown[]): Promise<T | undefined> {
  const rows = await q.query<T>(sql, params);
  return rows[0];
}
