import { PGlite } from '@electric-sql/pglite';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Db, Queryable } from '../db/db.js';
import { migrate, migrationsFingerprint } from '../db/migrate.js';
import { openPg } from '../db/pg.js';
import { PGLITE_PARSERS, wrapPglite } from '../db/pglite.js';
import { skipReason } from './skip.js';
import { configureAuditKeys } from '../audit/keys.js';
import { testConfig } from '../config.js';

/**
 * Every database test runs on PGlite, and on a PostgreSQL server too when TEST_DATABASE_URL is
 * set. A new PGlite data directory takes ~5 s to initialise, so each test database is loaded
 * from a migrated template tarball (cached per migration fingerprint); on a server, each test
 * database is a CREATE DATABASE … TEMPLATE copy of a migrated template database.
 */
export interface DbKind {
  name: 'pglite' | 'pg';
  /** false, or why this kind is skipped (never in CI: see skipReason). */
  skip: string | false;
}

export function dbKinds(): DbKind[] {
  return [
    { name: 'pglite', skip: false },
    {
      name: 'pg',
      skip: skipReason(Boolean(process.env.TEST_DATABASE_URL), 'TEST_DATABASE_URL is not set (PostgreSQL server tests)'),
    },
  ];
}

export interface TestDb extends Db {
  /** Runs SQL bypassing the application, as a DBA could (used by tamper tests). */
  raw: Queryable;
}

export async function openTestDb(kind: DbKind['name']): Promise<TestDb> {
  configureAuditKeys(testConfig().secret);
  return kind === 'pglite' ? openPgliteTestDb() : openServerTestDb();
}

async function pgliteTemplate(): Promise<Blob> {
  const dir = join(tmpdir(), 'kiban-test-templates');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `pglite-${migrationsFingerprint()}.tar`);
  if (!existsSync(file)) {
    const pglite = await PGlite.create({ parsers: PGLITE_PARSERS });
    await migrate(wrapPglite(pglite));
    const blob = await pglite.dumpDataDir('none');
    await pglite.close();
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.from(await blob.arrayBuffer()));
    renameSync(tmp, file); // atomic: parallel test processes never see half a template
  }
  return new Blob([readFileSync(file)]);
}

async function openPgliteTestDb(): Promise<TestDb> {
  const db = wrapPglite(await PGlite.create({ loadDataDir: await pgliteTemplate(), parsers: PGLITE_PARSERS }));
  return { ...db, raw: db };
}

let serverCounter = 0;

async function openServerTestDb(): Promise<TestDb> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set');
  const template = `kiban_tmpl_${migrationsFingerprint()}`;
  const name = `kiban_t_${process.pid}_${Date.now() % 1e8}_${serverCounter++}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query('SELECT pg_advisory_lock(7312002)');
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
    if (exists.rowCount === 0) {
      await admin.query(`CREATE DATABASE ${template}`);
      const tdb = openPg(withDatabase(url, template), 2);
      await migrate(tdb);
      await tdb.close();
    }
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    await admin.query('SELECT pg_advisory_unlock(7312002)');
  } finally {
    await admin.end();
  }
  const db = openPg(withDatabase(url, name), 10);
  return {
    ...db,
    raw: db,
    async close() {
      await db.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** A scratch directory removed by the caller; tests never write into the repository. */
export function scratchDir(prefix: string): { path: string; remove(): void } {
  const path = join(tmpdir(), `${prefix}-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`);
  mkdirSync(path, { recursive: true });
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
