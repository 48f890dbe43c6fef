import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
import { dbKinds, openTestDb, scratchDir, type TestDb } from '../testing/test-db.js';
import { migrate } from '../db/migrate.js';
import { PGLITE_PARSERS, wrapPglite } from '../db/pglite.js';
import { main } from '../cli/main.js';
import { audit, verifyChain } from './service.js';
import { writeCheckpoint } from './checkpoints.js';
import { configureAuditKeys } from './keys.js';

async function appendSome(db: TestDb, n: number): Promise<void> {
  for (let i = 1; i <= n; i++) {
    await db.transaction((tx) => audit(tx, 'system', { action: 'test.event', entityType: 'case', entityId: `K-${i}`, details: { i, nested: { b: 2, a: 1 } } }));
  }
}

/** As a DBA with superuser rights could: switch off the append-only trigger, then tamper. */
async function tamper(db: TestDb, sql: string): Promise<void> {
  await db.raw.exec(`ALTER TABLE audit_log DISABLE TRIGGER USER; ${sql}; ALTER TABLE audit_log ENABLE TRIGGER USER;`);
}

for (const kind of dbKinds()) {
  describe(`audit chain on ${kind.name}`, { skip: kind.skip }, () => {
    let db: TestDb;
    before(async () => {
      db = await openTestDb(kind.name);
      await appendSome(db, 12);
    });
    after(() => db?.close());

    test('an untouched log verifies, with every entry linked to the one before', async () => {
      const result = await verifyChain(db, { pageSize: 5 }); // small pages exercise the page boundaries
      assert.equal(result.ok, true);
      assert.equal(result.entries, 12);
      const rows = await db.query<{ seq: number; prev_hash: string; hash: string }>('SELECT seq, prev_hash, hash FROM audit_log ORDER BY seq');
      for (let i = 1; i < rows.length; i++) assert.equal(rows[i]!.prev_hash, rows[i - 1]!.hash);
    });

    test('an altered field is named by its entry', async () => {
      await tamper(db, `UPDATE audit_log SET entity_id = 'K-999' WHERE seq = 7`);
      const result = await verifyChain(db, { pageSize: 5 });
      assert.deepEqual(result, {
        ok: false, entries: 6, firstBadSeq: 7,
        problem: 'audit entry 7 was altered (its hash does not match its content and the entry before it)',
      });
      await tamper(db, `UPDATE audit_log SET entity_id = 'K-7' WHERE seq = 7`);
      assert.equal((await verifyChain(db)).ok, true, 'restoring the field restores the chain');
    });

    test('an altered details value is detected too, whatever the key order jsonb stores', async () => {
      await tamper(db, `UPDATE audit_log SET details = '{"i": 3, "nested": {"a": 1, "b": 3}}' WHERE seq = 3`);
      assert.equal((await verifyChain(db)).ok, false);
      await tamper(db, `UPDATE audit_log SET details = '{"i": 3, "nested": {"a": 1, "b": 2}}' WHERE seq = 3`);
      assert.equal((await verifyChain(db)).ok, true);
    });

    test('a transaction\'s entries are appended when it commits, in order, and vanish when it rolls back', async () => {
      const count = async () => (await db.query<{ n: number }>('SELECT count(*) AS n FROM audit_log'))[0]!.n;
      const before = await count();
      let during = -1;
      await db.transaction(async (tx) => {
        await audit(tx, 'system', { action: 'test.first' });
        await audit(tx, 'system', { action: 'test.second', details: { k: 2 } });
        during = (await tx.query<{ n: number }>('SELECT count(*) AS n FROM audit_log'))[0]!.n;
        await audit(tx, 'system', { action: 'test.third' });
      });
      assert.equal(during, before, 'nothing appended before the work is done');
      const last = await db.query<{ action: string }>('SELECT action FROM audit_log ORDER BY seq DESC LIMIT 3');
      assert.deepEqual(last.map((r) => r.action).reverse(), ['test.first', 'test.second', 'test.third']);
      await assert.rejects(db.transaction(async (tx) => {
        await audit(tx, 'system', { action: 'test.rolled-back' });
        throw new Error('the work failed');
      }), /the work failed/);
      assert.equal(await count(), before + 3);
      assert.equal((await verifyChain(db)).ok, true);
      // Outside a transaction an entry is appended at once.
      await audit(db, 'system', { action: 'test.direct' });
      assert.equal(await count(), before + 4);
    });

    test('a removed entry is named', async () => {
      await tamper(db, 'DELETE FROM audit_log WHERE seq = 4');
      const result = await verifyChain(db);
      assert.equal(result.ok, false);
      assert.equal(!result.ok && result.problem, 'audit entry 4 is missing (the log jumps from 3 to 5)');
    });
  });
}

describe('audit appends from concurrent transactions (PostgreSQL server)', { skip: dbKinds()[1]!.skip }, () => {
  let db: TestDb;
  before(async () => (db = await openTestDb('pg')));
  after(() => db?.close());

  test('twenty transactions at once leave one unbroken chain, each one\'s entries together', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => db.transaction(async (tx) => {
      await audit(tx, 'system', { action: 'test.a', entityId: `T-${i}` });
      await tx.query('SELECT pg_sleep(0.01)');
      await audit(tx, 'system', { action: 'test.b', entityId: `T-${i}` });
    })));
    const result = await verifyChain(db);
    assert.equal(result.ok, true);
    const rows = await db.query<{ action: string; entity_id: string }>('SELECT action, entity_id FROM audit_log ORDER BY seq');
    assert.equal(rows.length, 40);
    for (let k = 0; k < rows.length; k += 2) {
      assert.deepEqual([rows[k]!.action, rows[k + 1]!.action, rows[k + 1]!.entity_id], ['test.a', 'test.b', rows[k]!.entity_id]);
    }
  });
});

describe('kiban audit verify (CLI)', () => {
  const dir = scratchDir('kiban-audit-cli');
  const saved = { ...process.env };
  after(() => {
    process.env = saved;
    dir.remove();
  });

  test('exits 0 on an intact log and 1 naming the first removed entry at the tail', async () => {
    configureAuditKeys('x'.repeat(40)); // the platform secret the CLI reads below
    const pglite = await PGlite.create({ dataDir: `${dir.path}/pg`, parsers: PGLITE_PARSERS });
    const db = wrapPglite(pglite);
    await migrate(db);
    for (let i = 0; i < 3; i++) await db.transaction((tx) => audit(tx, 'system', { action: 'test.event' }));
    await writeCheckpoint(db, `${dir.path}/audit-checkpoints.jsonl`);
    await pglite.close();

    process.env = { ...saved, KIBAN_DATA_DIR: dir.path, KIBAN_SECRET: 'x'.repeat(40) };
    delete process.env.DATABASE_URL;
    const out: string[] = [];
    const err: string[] = [];
    const io = { stdout: (s: string) => void out.push(s), stderr: (s: string) => void err.push(s) };
    assert.equal(await main(['audit', 'verify'], io), 0);
    assert.equal(out.join('').replace(/head [0-9a-f]{64}/, 'head H'),
      `audit log intact: 3 entries, head H; 1 checkpoints in ${dir.path}/audit-checkpoints.jsonl agree\n`);

    const again = wrapPglite(await PGlite.create({ dataDir: `${dir.path}/pg`, parsers: PGLITE_PARSERS }));
    await again.exec('ALTER TABLE audit_log DISABLE TRIGGER USER; DELETE FROM audit_log WHERE seq = 3;');
    await again.close();
    assert.equal(await main(['audit', 'verify'], io), 1);
    assert.equal(err.join(''), 'kiban: the audit log ends at entry 2 but its head records entry 3: entries at the end were removed or altered\n');
    // moving the head back too is caught by the checkpoint outside the database
    const third = wrapPglite(await PGlite.create({ dataDir: `${dir.path}/pg`, parsers: PGLITE_PARSERS }));
    await third.exec(`UPDATE audit_head SET seq = 2, hash = (SELECT hash FROM audit_log WHERE seq = 2)`);
    await third.close();
    err.length = 0;
    assert.equal(await main(['audit', 'verify'], io), 1);
    assert.equal(err.join(''), `kiban: audit checkpoint ${dir.path}/audit-checkpoints.jsonl:1 names entry 3, which the log no longer has: entries at the end were removed\n`);
  });
});
