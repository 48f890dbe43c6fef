import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.js';

/**
 * Numbered SQL migrations (NNN_name.sql), the same on PGlite and on a server. Each runs in its
 * own transaction together with its row in schema_migrations; an advisory lock keeps two
 * starting servers from migrating at once.
 */
export function migrationsDir(): string {
  // Beside this file both in src/ (tests) and in dist/ (the build copies the .sql files).
  return fileURLToPath(new URL('./migrations/', import.meta.url));
}

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function loadMigrations(dir = migrationsDir()): Migration[] {
  if (!existsSync(dir)) throw new Error(`migrations folder missing: ${dir}`);
  return readdirSync(dir)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 3)), name: f, sql: readFileSync(dir + f, 'utf8') }));
}

/** A fingerprint of the migration set, used to key cached template databases in tests. */
export function migrationsFingerprint(migrations = loadMigrations()): string {
  const h = createHash('sha256');
  for (const m of migrations) h.update(m.name).update(m.sql);
  return h.digest('hex').slice(0, 16);
}

export async function migrate(db: Db, migrations = loadMigrations()): Promise<number[]> {
  await db.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const applied: number[] = [];
  for (const m of migrations) {
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(7312001)');
      const rows = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [m.version]);
      if (rows.length > 0) return false;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      return true;
    });
    if (done) applied.push(m.version);
  }
  return applied;
}
