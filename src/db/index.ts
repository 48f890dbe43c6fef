import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.js';
import { configureAuditKeys } from '../audit/keys.js';
import type { Db } from './db.js';
import { openPg } from './pg.js';
import { openPglite } from './pglite.js';

export type { Db, Queryable, Row } from './db.js';
export { one } from './db.js';
export { migrate } from './migrate.js';

/**
 * DATABASE_URL selects a server; otherwise PGlite in `<dataDir>/pg`. The audit keys are derived
 * from the platform secret here, so every process that writes the database keys the audit chain.
 */
export async function openDb(config: Pick<Config, 'databaseUrl' | 'dataDir' | 'secret'>): Promise<Db> {
  configureAuditKeys(config.secret);
  if (config.databaseUrl) return openPg(config.databaseUrl);
  const dir = join(config.dataDir, 'pg');
  mkdirSync(dir, { recursive: true });
  return openPglite(dir);
}
