import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { readFileSync } from 'node:fs';
import { dbKinds, openTestDb, scratchDir, type TestDb } from '../testing/test-db.js';
import { canonicalJson, GENESIS_HASH, type AuditRecord } from './chain.js';
import { writeCheckpoint } from './checkpoints.js';
import { audit, verifyChain } from './service.js';
import { toRecord, type AuditRow } from './store.js';

/**
 * The two attacks a database writer without the platform secret could make before the chain was
 * keyed and checkpointed (issue 8): cut the tail off and move audit_head back, or alter an entry and
 * re-hash everything after it. Both verified as intact; both must now be named.
 */
async function tamper(db: TestDb, sql: string, params: unknown[] = []): Promise<void> {
  await db.raw.exec('ALTER TABLE audit_log DISABLE TRIGGER USER');
  await db.raw.query(sql, params);
  await db.raw.exec('ALTER TABLE audit_log ENABLE TRIGGER USER');
}

/** What an attacker can compute: the unkeyed SHA-256 of the old chain (the key is not in the database). */
function plainHash(prev: string, r: AuditRecord): string {
  return createHash('sha256').update(prev).update('\n').update(canonicalJson({ ...r, at: r.at.toISOString() })).digest('hex');
}

async function rehashFrom(db: TestDb, fromSeq: number): Promise<void> {
  const rows = await db.raw.query<AuditRow>('SELECT * FROM audit_log ORDER BY seq');
  let prev = fromSeq === 1 ? GENESIS_HASH : rows[fromSeq - 2]!.hash;
  for (const row of rows.slice(fromSeq - 1)) {
    const hash = plainHash(prev, toRecord(row));
    await tamper(db, 'UPDATE audit_log SET prev_hash = $2, hash = $3 WHERE seq = $1', [row.seq, prev, hash]);
    prev = hash;
  }
  await db.raw.query('UPDATE audit_head SET hash = $1', [prev]);
}

for (const kind of dbKinds()) {
  describe(`audit tampering by a database writer on ${kind.name}`, { skip: kind.skip }, () => {
    let db: TestDb;
    const dir = scratchDir('kiban-audit-tamper');
    const file = `${dir.path}/audit-checkpoints.jsonl`;
    before(async () => {
      db = await openTestDb(kind.name);
      for (let i = 1; i <= 6; i++) await db.transaction((tx) => audit(tx, 'system', { action: 'test.event', entityId: `K-${i}`, details: { i } }));
      await writeCheckpoint(db, file);
    });
    after(async () => {
      await db?.close();
      dir.remove();
    });

    test('an intact log verifies against its signed checkpoint', async () => {
      const result = await verifyChain(db, { checkpointFile: file });
      assert.deepEqual({ ...result, headHash: '' }, { ok: true, entries: 6, headHash: '', checkpoints: 1 });
      const line = JSON.parse(readFileSync(file, 'utf8').trim()) as Record<string, unknown>;
      assert.deepEqual(Object.keys(line).sort(), ['at', 'hash', 'keyedFrom', 'seq', 'sig']);
      assert.equal(line.seq, 6);
    });

    test('altering an entry and re-hashing everything after it is named (the chain is keyed)', async () => {
      const [original] = await db.raw.query<{ details: unknown; hash: string }>('SELECT details, hash FROM audit_log WHERE seq = 3');
      const saved = await db.raw.query<AuditRow>('SELECT * FROM audit_log ORDER BY seq');
      await tamper(db, `UPDATE audit_log SET details = '{"i": 99}' WHERE seq = 3`);
      await rehashFrom(db, 3);
      const result = await verifyChain(db, { checkpointFile: file });
      assert.deepEqual(result, { ok: false, entries: 2, firstBadSeq: 3, problem: 'audit entry 3 was altered (its hash does not match its content and the entry before it)' });
      // ... and if the writer also claims the whole log predates keying, the checkpoint disagrees
      await db.raw.query('UPDATE audit_head SET keyed_from = 7');
      await rehashFrom(db, 1);
      const moved = await verifyChain(db, { checkpointFile: file });
      assert.equal(moved.ok, false);
      assert.equal(!moved.ok && moved.problem, `audit checkpoint ${file}:1 says the chain is keyed from entry 1, the database says 7: the log was rewritten`);
      // put it back
      for (const row of saved) {
        await tamper(db, 'UPDATE audit_log SET details = $2, prev_hash = $3, hash = $4 WHERE seq = $1', [row.seq, JSON.stringify(row.details), row.prev_hash, row.hash]);
      }
      await db.raw.query('UPDATE audit_head SET keyed_from = 1, hash = $1', [saved.at(-1)!.hash]);
      assert.equal((await verifyChain(db, { checkpointFile: file })).ok, true, String(original?.hash));
    });

    test('removing the last entries and moving audit_head back is named by the checkpoint', async () => {
      const [e4] = await db.raw.query<{ hash: string }>('SELECT hash FROM audit_log WHERE seq = 4');
      await tamper(db, 'DELETE FROM audit_log WHERE seq > 4');
      await db.raw.query('UPDATE audit_head SET seq = 4, hash = $1', [e4!.hash]);
      const result = await verifyChain(db, { checkpointFile: file });
      assert.deepEqual(result, {
        ok: false, entries: 4, firstBadSeq: 5,
        problem: `audit checkpoint ${file}:1 names entry 6, which the log no longer has: entries at the end were removed`,
      });
    });

    test('a chain written before keying (migration 018) stays verifiable, and keyed entries follow it', async () => {
      const legacy = await openTestDb(kind.name);
      try {
        for (let i = 1; i <= 3; i++) await legacy.transaction((tx) => audit(tx, 'system', { action: 'test.old', entityId: `O-${i}` }));
        // as the log looked before keying: plain SHA-256 throughout, and the migration's keyed_from
        await rehashFrom(legacy, 1);
        await legacy.raw.query('UPDATE audit_head SET keyed_from = 4');
        for (let i = 4; i <= 5; i++) await legacy.transaction((tx) => audit(tx, 'system', { action: 'test.new', entityId: `N-${i}` }));
        const result = await verifyChain(legacy);
        assert.deepEqual({ ...result, headHash: '' }, { ok: true, entries: 5, headHash: '', checkpoints: 0 });
        // rewriting an unkeyed entry still breaks the chain at the first keyed one, which covers its hash
        await tamper(legacy, `UPDATE audit_log SET details = '{"x": 1}' WHERE seq = 2`);
        await rehashFrom(legacy, 2);
        const broken = await verifyChain(legacy);
        assert.equal(!broken.ok && broken.firstBadSeq, 4);
      } finally {
        await legacy.close();
      }
    });

    test('a forged checkpoint line (no key) is refused', async () => {
      const forged = `${dir.path}/forged.jsonl`;
      const { writeFileSync } = await import('node:fs');
      writeFileSync(forged, JSON.stringify({ seq: 4, hash: 'x', keyedFrom: 1, at: new Date().toISOString(), sig: '00'.repeat(32) }) + '\n');
      const result = await verifyChain(db, { checkpointFile: forged });
      assert.equal(!result.ok && result.problem, `audit checkpoint ${forged}:1 is not signed with this platform's audit key`);
    });
  });
}
