import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { migrate, loadMigrations } from './migrate.js';
import { dbKinds, openTestDb, type TestDb } from '../testing/test-db.js';

for (const kind of dbKinds()) {
  describe(`migrations on ${kind.name}`, { skip: kind.skip }, () => {
    let db: TestDb;
    before(async () => (db = await openTestDb(kind.name)));
    after(() => db.close());

    test('every migration is recorded and a second run applies nothing', async () => {
      const versions = (await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY 1'))
        .map((r) => r.version);
      assert.deepEqual(versions, loadMigrations().map((m) => m.version));
      assert.deepEqual(await migrate(db), []);
    });

    test('int8 counts come back as numbers and timestamps as Dates on both drivers', async () => {
      const [row] = await db.query<{ n: unknown; t: unknown }>('SELECT count(*) AS n, now() AS t FROM organisations');
      assert.equal(row?.n, 0);
      assert.ok(row?.t instanceof Date);
    });

    test('beforeCommit hooks run inside the transaction after its work; a failing one rolls it all back', async () => {
      await db.query('CREATE TABLE hook_test (step text)');
      const steps = async () => (await db.query<{ step: string }>('SELECT step FROM hook_test')).map((r) => r.step).sort();
      assert.equal(db.beforeCommit, undefined, 'no hooks outside a transaction');
      await db.transaction(async (tx) => {
        tx.beforeCommit!(async () => {
          const seen = await tx.query<{ n: number }>('SELECT count(*) AS n FROM hook_test');
          await tx.query('INSERT INTO hook_test VALUES ($1)', [`hook saw ${seen[0]!.n}`]);
          tx.beforeCommit!(async () => void (await tx.query("INSERT INTO hook_test VALUES ('hook of a hook')")));
        });
        await tx.query("INSERT INTO hook_test VALUES ('work')");
      });
      assert.deepEqual(await steps(), ['hook of a hook', 'hook saw 1', 'work']);
      await assert.rejects(db.transaction(async (tx) => {
        tx.beforeCommit!(async () => {
          throw new Error('hook failed');
        });
        await tx.query("INSERT INTO hook_test VALUES ('rolled back')");
      }), /hook failed/);
      assert.deepEqual(await steps(), ['hook of a hook', 'hook saw 1', 'work']);
    });

    test('the audit log refuses UPDATE, DELETE and TRUNCATE', async () => {
      await db.query(`INSERT INTO audit_log (seq, at, actor_kind, action, prev_hash, hash)
                      VALUES (1, now(), 'system', 'test', 'x', 'y')`);
      await assert.rejects(db.query("UPDATE audit_log SET action = 'forged'"), /append-only/);
      await assert.rejects(db.query('DELETE FROM audit_log'), /append-only/);
      await assert.rejects(db.query('TRUNCATE audit_log'), /append-only/);
    });
  });
}

describe('the server pool when PostgreSQL ends an idle connection', { skip: dbKinds()[1]!.skip }, () => {
  test('the process carries on and the next query opens a new connection', async () => {
    const db = await openTestDb('pg');
    try {
      const [{ pid }] = (await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')) as [{ pid: number }];
      const written: string[] = [];
      const write = process.stderr.write.bind(process.stderr);
      process.stderr.write = ((chunk: string) => (written.push(String(chunk)), true)) as typeof process.stderr.write;
      try {
        // From another connection, as an administrator or a server restart would.
        const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
        await admin.connect();
        await admin.query('SELECT pg_terminate_backend($1)', [pid]);
        await admin.end();
        // Without a listener the pool's 'error' event would be an uncaught exception here.
        await new Promise((r) => setTimeout(r, 200));
      } finally {
        process.stderr.write = write;
      }
      assert.match(written.join(''), /an idle PostgreSQL connection was lost \(terminating connection due to administrator command\)/);
      const [{ pid: next }] = (await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')) as [{ pid: number }];
      assert.notEqual(next, pid);
    } finally {
      await db.close();
    }
  });
});
