import type { Db } from '../db/index.js';

/**
 * pg-boss's custom database hook (`new PgBoss({ db })`) over our Db layer, so the queue runs on
 * PGlite as well as on a server (docs/adr/0001-job-queue.md). pg-boss sends two kinds of SQL:
 * parameterised single statements (fetch, complete, fail…) and, without parameters, scripts of
 * several statements wrapped in BEGIN … COMMIT with an advisory lock (schema creation, migration,
 * maintenance). A server takes both through one simple query; PGlite's extended protocol refuses
 * several statements, so those go through `exec`. pg-boss reads no rows from those scripts.
 */
export interface PgBossDb {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

const MULTIPLE_COMMANDS = /cannot insert multiple commands into a prepared statement/;

export function pgBossDb(db: Db): PgBossDb {
  return {
    async executeSql(text, values) {
      if (values && values.length > 0) return { rows: await db.query(text, values) };
      try {
        return { rows: await db.query(text) };
      } catch (err) {
        if (!MULTIPLE_COMMANDS.test(String((err as Error).message))) throw err;
        await db.exec(text);
        return { rows: [] };
      }
    },
  };
}
