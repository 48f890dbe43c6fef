import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Db } from '../db/index.js';
import { migrate } from '../db/index.js';
import { openPglite } from '../db/pglite.js';
import { JobQueue } from '../jobs/queue.js';
import { dbKinds, openTestDb, scratchDir } from '../testing/test-db.js';
import { DuckDbVariantStore } from './duckdb.js';
import { HEARTBEAT_MS, INGEST_POLICY, STALE_AFTER_MS, startIngestWorkers } from './jobs.js';
import { getIngest } from './service.js';
import { KILL_GENOME } from './testing/kill-genome.js';
import { sha256Of } from './testing/fixtures.js';
import { syntheticReference, writeSyntheticVcf } from './testing/synthetic.js';

const CHILD = fileURLToPath(new URL('./testing/worker-child.ts', import.meta.url));
/** The bound: an ingest orphaned by a killed server is noticed and loaded within two minutes. */
const BOUND_MS = 120_000;
/** Enough records that the ingest is still running 0.8 s after it starts, even on a fast machine. */
const ORPHAN_RECORDS = 120_000;

async function startedChild(args: string[]): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      if (/sample K-9 started/.test(out)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`worker exited (${code}) before starting the ingest: ${out}`)));
  });
  return child;
}

describe('orphaned ingests', () => {
  it('the default heartbeat, watchdog and retry delay notice and retry an orphan within two minutes', () => {
    assert.ok(STALE_AFTER_MS + 2 * HEARTBEAT_MS + INGEST_POLICY.retryDelaySeconds * 1000 <= BOUND_MS);
    assert.equal(INGEST_POLICY.expireInSeconds, 3600, 'the queue expiry stays the last resort, not the mechanism');
  });
});

for (const kind of dbKinds()) {
  describe(`a worker SIGKILLed mid-ingest (${kind.name})`, { skip: kind.skip }, () => {
    const dir = scratchDir('kiban-vs-orphan');
    const storePath = join(dir.path, 'variants.duckdb');
    const vcf = join(dir.path, 'big.vcf.gz');
    let sha256: string;
    let serverDb: Db | undefined;
    let dbArg: string;

    before(async () => {
      const { genome } = syntheticReference(KILL_GENOME);
      await writeSyntheticVcf(genome, vcf, ORPHAN_RECORDS);
      sha256 = sha256Of(vcf);
      if (kind.name === 'pglite') {
        dbArg = join(dir.path, 'pg');
        const init = await openPglite(dbArg);
        await migrate(init);
        await init.close();
      } else {
        serverDb = await openTestDb('pg');
        const [{ name }] = (await serverDb.query<{ name: string }>('SELECT current_database() AS name')) as [{ name: string }];
        const url = new URL(process.env.TEST_DATABASE_URL!);
        url.pathname = `/${name}`;
        dbArg = url.toString();
      }
    });
    after(async () => {
      await serverDb?.close();
      dir.remove();
    });

    it('is retried by the next worker and the sample is loaded within the bound, not after the hour-long expiry', async () => {
      const child = await startedChild([dbArg, storePath, vcf, sha256]);
      await new Promise((r) => setTimeout(r, 800));
      child.kill('SIGKILL');
      if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
      const killedAt = Date.now();

      const db = kind.name === 'pglite' ? await openPglite(dbArg) : serverDb!;
      const left = await getIngest(db, 'K-9', sha256);
      assert.equal(left?.status, 'running', 'the kill came mid-ingest');
      const queue = await JobQueue.start(db, { maintenanceIntervalSeconds: 1, pollingIntervalSeconds: 0.5 });
      const store = await DuckDbVariantStore.open({ path: storePath });
      const { reference } = syntheticReference(KILL_GENOME);
      // Embedded: the restarted process retries at once. Server: this worker's watchdog notices the
      // dead worker's stale heartbeat (3 s here, a minute by default).
      const workers = await startIngestWorkers({
        db, store, reference, queue, sampleInUse: async () => {}, heartbeatMs: 500, staleAfterMs: 3000, // K-9: a direct load, no participant
        previousProcessGone: kind.name === 'pglite', policy: { retryDelaySeconds: 1, retryBackoff: false },
      });
      try {
        const seen = new Set<string>();
        let row = await getIngest(db, 'K-9', sha256);
        // Noticed and retried within the bound: the second attempt has started (or finished).
        while (row!.attempts < 2 && Date.now() - killedAt < BOUND_MS) {
          seen.add(row!.status);
          await new Promise((r) => setTimeout(r, 200));
          row = await getIngest(db, 'K-9', sha256);
        }
        assert.equal(row?.attempts, 2, `not retried ${Date.now() - killedAt} ms after the kill (seen: ${[...seen].join(', ')})`);
        // The re-ingest itself takes what an ingest takes (long on a loaded test machine).
        for (let i = 0; row?.status !== 'loaded' && row?.status !== 'failed' && i < 1500; i++) {
          await new Promise((r) => setTimeout(r, 200));
          row = await getIngest(db, 'K-9', sha256);
        }
        assert.equal(row?.status, 'loaded');
        assert.equal(row?.records, ORPHAN_RECORDS);
        assert.equal(row?.attempts, 2, 'the killed attempt and the retry');
        assert.equal((await store.getSample('K-9'))?.records, ORPHAN_RECORDS);
      } finally {
        workers.stop();
        await queue.stop(true);
        await store.close();
        if (kind.name === 'pglite') await db.close();
      }
    });
  });
}
