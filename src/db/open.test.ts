import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { main } from '../cli/main.js';
import { KibanError } from '../errors.js';
import { scratchDir } from '../testing/test-db.js';
import { migrate, openDb } from './index.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Any platform secret: these tests open and lock databases, they write no audit entries. */
const SECRET = 'test-secret-0123456789abcdef0123456789abcdef';

describe('opening the embedded database', () => {
  const dir = scratchDir('kiban-open-db');
  const saved = { ...process.env };
  after(() => {
    process.env = saved;
    dir.remove();
  });

  test('a command that reads an existing database: none there is exit 4 with a clear message, and nothing is created', async () => {
    const dataDir = join(dir.path, 'absent');
    process.env = { ...saved, KIBAN_DATA_DIR: dataDir };
    delete process.env.DATABASE_URL;
    delete process.env.KIBAN_SECRET;
    const err: string[] = [];
    assert.equal(await main(['audit', 'verify'], { stdout: () => {}, stderr: (s) => void err.push(s) }), 4);
    assert.equal(err.join(''), `kiban: no Kiban database in ${dataDir}/pg (KIBAN_DATA_DIR=${dataDir}): set KIBAN_DATA_DIR to the folder \`kiban start\` uses (or DATABASE_URL to its server)\n`);
    assert.equal(existsSync(dataDir), false, 'no data folder, no secret file');
  });

  test('the same without KIBAN_DATA_DIR, spawned in an empty folder: exit 4 and no ./.kiban', () => {
    const cwd = join(dir.path, 'empty-cwd');
    mkdirSync(cwd);
    const env: NodeJS.ProcessEnv = { ...saved, NODE_ENV: 'test' };
    delete env.KIBAN_DATA_DIR;
    delete env.DATABASE_URL;
    const script = `const { main } = await import(${JSON.stringify(join(ROOT, 'src/cli/main.ts'))}); process.exitCode = await main(['audit', 'verify']);`;
    const r = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), '--input-type=module', '-e', script], { cwd, env, encoding: 'utf8' });
    assert.equal(r.status, 4, r.stderr);
    assert.match(r.stderr, /^kiban: no Kiban database in .*\/\.kiban\/pg /);
    assert.deepEqual(readdirSync(cwd), []);
  });

  test('a database folder with no Kiban tables is not a Kiban database (exit 4), and is left as it was', async () => {
    const dataDir = join(dir.path, 'unmigrated');
    const db = await openDb({ dataDir, secret: SECRET });
    await db.close();
    await assert.rejects(openDb({ dataDir, secret: SECRET }, { mustExist: true }), (e: unknown) => e instanceof KibanError && e.code === 'NO_DATABASE' && e.kind === 'not_found');
    const again = await openDb({ dataDir, secret: SECRET });
    assert.deepEqual(await again.query("SELECT to_regclass('public.schema_migrations') IS NULL AS absent"), [{ absent: true }]);
    await again.close();
  });

  test('a directory another process holds is refused naming its pid; after close, or when the holder died, it opens', async () => {
    const dataDir = join(dir.path, 'held');
    const first = await openDb({ dataDir, secret: SECRET });
    await migrate(first);
    assert.equal(readFileSync(join(dataDir, 'pg.lock'), 'utf8'), `${process.pid}\n`);
    await assert.rejects(openDb({ dataDir, secret: SECRET }), (e: unknown) => {
      assert.ok(e instanceof KibanError);
      assert.deepEqual([e.kind, e.code, e.details], ['conflict', 'DATABASE_IN_USE', { path: join(dataDir, 'pg'), pid: process.pid }]);
      assert.equal(e.message, `the database in ${join(dataDir, 'pg')} is open in another Kiban process (pid ${process.pid}, see ${join(dataDir, 'pg.lock')}); stop that process first, or use DATABASE_URL for a PostgreSQL server that many processes share`);
      return true;
    });
    await first.close();
    assert.equal(existsSync(join(dataDir, 'pg.lock')), false, 'close releases the lock');
    // A lock left by a process that died (kill -9) is taken over.
    const dead = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
    writeFileSync(join(dataDir, 'pg.lock'), `${dead.stdout.trim()}\n`);
    const second = await openDb({ dataDir, secret: SECRET }, { mustExist: true });
    assert.deepEqual(await second.query('SELECT count(*)::int AS n FROM schema_migrations WHERE version = 1'), [{ n: 1 }]);
    await second.close();
  });
});
