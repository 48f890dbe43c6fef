import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
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

    test('the audit log refuses UPDATE, DELETE and TRUNCATE', async () => {
      await db.query(`INSERT INTO audit_log (seq, at, actor_kind, action, prev_hash, hash)
                      VALUES (1, now(), 'system', 'test', 'x', 'y')`);
      await assert.rejects(db.query("UPDATE audit_log SET action = 'forged'"), /append-only/);
      await assert.rejects(db.query('DELETE FROM audit_log'), /append-only/);
      await assert.rejects(db.query('TRUNCATE audit_log'), /append-only/);
    });
  });
}
