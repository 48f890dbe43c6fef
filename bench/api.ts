/**
 * API latency and throughput with 10,000 generated cases, on PGlite and on a PostgreSQL server.
 *
 *   npm run bench:api                                   # PGlite, and the server if BENCH_DATABASE_URL is set
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:api
 *   BENCH_CASES=10000 BENCH_SECONDS=15 BENCH_CONNECTIONS=50 npm run bench:api
 *
 * For each database: generates the demo dataset with BENCH_CASES cases into an empty database,
 * starts the server as a user does (`bin/kiban.js start --no-demo`, the compiled CLI: run `npm run
 * build` after changing the code) in its own process with the default log level, logs in as the
 * central manager (who sees every case) and drives 50 concurrent clients with autocannon from this
 * process at (1) the case list, first page of 50, sorted by last state change, (2) the case list
 * filtered by state and domain, and (3) case pages chosen at random. Every case-page read writes
 * an audit entry, as in production. The two processes share the machine's cores.
 */
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { configFromEnv } from '../src/config.js';
import { migrate, openDb, type Db } from '../src/db/index.js';
import { DEMO_PASSWORD, loadDemo } from '../src/demo/index.js';
import { describeMachine } from './machine.js';

const CASES = Number(process.env.BENCH_CASES ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

interface Figures {
  name: string;
  p50: number;
  p99: number;
  rps: number;
  errors: number;
  non2xx: number;
}

async function run(name: string, url: string, headers: Record<string, string>, paths?: string[]): Promise<Figures> {
  let i = 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers,
    ...(paths ? { requests: [{ setupRequest: (req: { path: string }) => ({ ...req, path: paths[i++ % paths.length]! }) }] } : {}),
  } as autocannon.Options);
  return {
    name,
    p50: result.latency.p50,
    p99: result.latency.p99,
    rps: result.requests.average,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

/** Generates the cases into the database, then closes it so that the server process can open it. */
async function generate(label: string, db: Db): Promise<string[]> {
  await migrate(db);
  const t0 = performance.now();
  await loadDemo(db, { cases: CASES });
  const [count] = await db.query<{ n: number }>('SELECT count(*) AS n FROM cases');
  console.log(`[${label}] generated ${count?.n} cases in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const ids = (await db.query<{ id: string }>('SELECT id FROM cases ORDER BY random() LIMIT 2000')).map((r) => r.id);
  await db.close();
  return ids;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** `kiban start --no-demo` on the data directory (and DATABASE_URL, if any), until it answers /api/health. */
async function startServer(dataDir: string, databaseUrl: string | undefined): Promise<{ base: string; stop(): Promise<void> }> {
  const port = await freePort();
  const env = { ...process.env, KIBAN_DATA_DIR: dataDir, KIBAN_PORT: String(port), ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) };
  const child = spawn(process.execPath, [join(import.meta.dirname, '..', 'bin', 'kiban.js'), 'start', '--no-demo'], { env, stdio: 'ignore' });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const base = `http://127.0.0.1:${port}`;
  for (let tries = 0; ; tries++) {
    if (child.exitCode !== null) throw new Error(`bench: the server exited (${child.exitCode}); is it built (npm run build)?`);
    if (await fetch(`${base}/api/health`).then((r) => r.ok, () => false)) break;
    if (tries > 600) throw new Error('bench: the server did not answer /api/health within 60 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function benchServer(label: string, ids: string[], dataDir: string, databaseUrl?: string): Promise<Figures[]> {
  const server = await startServer(dataDir, databaseUrl);
  const { base } = server;
  try {
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'manager', password: DEMO_PASSWORD }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const headers = { cookie };
    const figures = [
      await run('case list (page 1 of 50, sorted by last change)', `${base}/api/cases?limit=50&sort=stateChangedAt&order=desc`, headers),
      await run('case list (filtered: state + domain)', `${base}/api/cases?limit=50&state=sequenced&domain=cancer`, headers),
      await run('case page (random case)', base, headers, ids.map((id) => `/api/cases/${id}`)),
    ];
    for (const f of figures) {
      console.log(`[${label}] ${f.name}: p50 ${f.p50} ms, p99 ${f.p99} ms, ${f.rps.toFixed(0)} req/s, errors ${f.errors}, non-2xx ${f.non2xx}`);
    }
    return figures;
  } finally {
    await server.stop();
  }
}

/** The secret the server started on `dir` will use (created there), so the audit chain keys match. */
function dataDirSecret(dir: string): string {
  return configFromEnv({ KIBAN_DATA_DIR: dir }).secret;
}

async function main(): Promise<void> {
  console.log(`command: npm run bench:api  (BENCH_CASES=${CASES} BENCH_SECONDS=${SECONDS} BENCH_CONNECTIONS=${CONNECTIONS})`);
  console.log(describeMachine());
  const all: Array<[string, Figures[]]> = [];

  const dir = mkdtempSync(join(tmpdir(), 'kiban-bench-api-'));
  try {
    const ids = await generate('PGlite', await openDb({ dataDir: dir, secret: dataDirSecret(dir) }));
    all.push(['PGlite (embedded)', await benchServer('PGlite', ids, dir)]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const serverUrl = process.env.BENCH_DATABASE_URL;
  if (serverUrl) {
    const name = `kiban_bench_${Date.now()}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const u = new URL(serverUrl);
    u.pathname = `/${name}`;
    const serverDir = mkdtempSync(join(tmpdir(), 'kiban-bench-api-'));
    try {
      const ids = await generate('PostgreSQL', await openDb({ dataDir: serverDir, databaseUrl: u.toString(), secret: dataDirSecret(serverDir) }));
      all.push(['PostgreSQL 15 server', await benchServer('PostgreSQL', ids, serverDir, u.toString())]);
    } finally {
      rmSync(serverDir, { recursive: true, force: true });
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.end();
    }
  } else {
    console.log('(set BENCH_DATABASE_URL to also measure a PostgreSQL server)');
  }

  console.log(`\n| database | request | p50 ms | p99 ms | req/s |\n|---|---|---|---|---|`);
  for (const [db, figures] of all) for (const f of figures) console.log(`| ${db} | ${f.name} | ${f.p50} | ${f.p99} | ${f.rps.toFixed(0)} |`);
}

await main();
