import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.js';
import { configureAuditKeys } from '../audit/keys.js';
import { KibanError } from '../errors.js';
import type { Db } from './db.js';
import { lockDataDir } from './lock.js';
import { openPg } from './pg.js';
import { openPglite } from './pglite.js';

export type { Db, Queryable, Row } from './db.js';
export { one } from './db.js';
export { migrate } from './migrate.js';

export interface OpenOptions {
  /**
   * For commands that read an existing database (`kiban audit verify`): fail with NO_DATABASE
   * (exit 4) instead of creating an empty one where there is none.
   */
  mustExist?: boolean;
}

/**
 * DATABASE_URL selects a server; otherwise PGlite in `<dataDir>/pg`, which one process at a time
 * may open (PGlite has no lock of its own; two processes on one directory corrupt it): a lock
 * file with the holder's pid refuses a second with DATABASE_IN_USE. The audit keys are derived from
 * the platform secret here, so every process that writes the database keys the audit chain.
 */
export async function openDb(config: Pick<Config, 'databaseUrl' | 'dataDir' | 'secret'>, opts: OpenOptions = {}): Promise<Db> {
  configureAuditKeys(config.secret);
  if (config.databaseUrl) {
    const db = openPg(config.databaseUrl);
    if (opts.mustExist) await assertMigrated(db, 'the PostgreSQL server in DATABASE_URL').catch(async (err: unknown) => (await db.close(), Promise.reject(err)));
    return db;
  }
  const dir = join(config.dataDir, 'pg');
  if (opts.mustExist && !existsSync(join(dir, 'PG_VERSION'))) {
    throw noDatabase(`${dir} (KIBAN_DATA_DIR=${config.dataDir})`);
  }
  mkdirSync(dir, { recursive: true });
  const unlock = lockDataDir(join(config.dataDir, 'pg.lock'), dir);
  try {
    const db = await openPglite(dir);
    if (opts.mustExist) await assertMigrated(db, dir).catch(async (err: unknown) => (await db.close(), Promise.reject(err)));
    return { ...db, close: async () => (await db.close(), unlock()) };
  } catch (err) {
    unlock();
    throw err;
  }
}

async function assertMigrated(db: Db, where: string): Promise<void> {
  const [row] = await db.query<{ present: boolean }>("SELECT to_regclass('public.schema_migrations') IS NOT NULL AS present");
  if (!row?.present) throw noDatabase(where);
}

function noDatabase(where: string): KibanError {
  return new KibanError('not_found', 'NO_DATABASE',
    `no Kiban database in ${where}: set KIBAN_DATA_DIR to the folder \`kiban start\` uses (or DATABASE_URL to its server)`, { path: where });
}
