import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Db } from '../db/index.js';
import { migrate } from '../db/index.js';
import { openPglite } from '../db/pglite.js';
import { dbKinds, openTestDb, scratchDir } from '../testing/test-db.js';
import { DuckDbVariantStore } from './duckdb.js';
import { getIngest, ingestSampleVcf, reconcileIngests } from './service.js';
import { stageVcf } from './stage-vcf.js';
import { markRunning } from './store.js';
import { KILL_GENOME, KILL_RECORDS } from './testing/kill-genome.js';
import { sha256Of } from './testing/fixtures.js';
import { syntheticReference, writeSyntheticVcf } from './testing/synthetic.js';

const CHILD = fileURLToPath(new URL('./testing/kill-child.ts', import.meta.url));

/** Starts the child and resolves once its stdout shows `marker`; the caller kills it. */
async function childUntil(args: string[], marker: RegExp): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      if (marker.test(out)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`child exited (${code}) before ${marker}: ${out}`)));
  });
  return child;
}

async function kill(child: ChildProcess): Promise<void> {
  child.kill('SIGKILL');
  if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
}

for (const kind of dbKinds()) {
  describe(`SIGKILL mid-ingest leaves no partial sample (${kind.name})`, { skip: kind.skip }, () => {
    const dir = scratchDir('kiban-vs-kill');
    const storePath = join(dir.path, 'variants.duckdb');
    const vcf = join(dir.path, 'big.vcf.gz');
    let sha256: string;
    let db: Db;
    let dbArg: string;
    const { genome, reference } = syntheticReference(KILL_GENOME);

    before(async () => {
      await writeSyntheticVcf(genome, vcf, KILL_RECORDS);
      sha256 = sha256Of(vcf);
      if (kind.name === 'pglite') {
        dbArg = join(dir.path, 'pg');
        const init = await openPglite(dbArg);
        await migrate(init);
        await init.close();
      } else {
        const test = await openTestDb('pg');
        const [{ name }] = (await test.query<{ name: string }>('SELECT current_database() AS name')) as [{ name: string }];
        const url = new URL(process.env.TEST_DATABASE_URL!);
        url.pathname = `/${name}`;
        dbArg = url.toString();
        db = test;
      }
    });
    after(async () => {
      await db?.close();
      dir.remove();
    });

    const openDbHere = async () => (kind.name === 'pglite' ? openPglite(dbArg) : db);
    const closeDbHere = async (d: Db) => (kind.name === 'pglite' ? d.close() : undefined);

    it('killed while staging: the store is unchanged, the orphaned staging file is removed', async () => {
      await kill(await childUntil([dbArg, storePath, vcf, sha256], /records (?:[6-9][0-9]{4}|1[0-9]{5})\n/));
      const store = await DuckDbVariantStore.open({ path: storePath });
      try {
        assert.equal(await store.getSample('K-1'), undefined);
        const c = await store.counts();
        assert.deepEqual([c.samples, c.variants, c.calls], [0, 0, 0]);
        assert.deepEqual(readdirSync(store.stagingDir), []);
      } finally {
        await store.close();
      }
      const d = await openDbHere();
      assert.equal((await getIngest(d, 'K-1', sha256))?.status, 'running');
      await closeDbHere(d);
    });

    it('killed inside the store transaction: all of the sample or none; a retry completes it', async () => {
      await kill(await childUntil([dbArg, storePath, vcf, sha256], /committing/));
      let store = await DuckDbVariantStore.open({ path: storePath });
      const sample = await store.getSample('K-1');
      const c = await store.counts();
      if (sample) assert.equal(c.calls, sample.calls, 'committed whole');
      else assert.deepEqual([c.samples, c.variants, c.calls], [0, 0, 0]);
      await store.close();

      store = await DuckDbVariantStore.open({ path: storePath });
      const d = await openDbHere();
      try {
        const out = await ingestSampleVcf({ db: d, store, reference }, { sampleId: 'K-1', path: vcf, sha256 });
        assert.equal(out.sample.records, KILL_RECORDS);
        const after = await store.counts();
        assert.equal(after.samples, 1);
        assert.equal(after.calls, out.sample.calls);
        assert.ok(out.sample.calls > KILL_RECORDS * 0.5, `calls ${out.sample.calls}`);
        const row = await getIngest(d, 'K-1', sha256);
        assert.deepEqual([row?.status, row?.calls, row?.records], ['loaded', out.sample.calls, KILL_RECORDS]);
      } finally {
        await store.close();
        await closeDbHere(d);
      }
    });

    it('died between the store commit and PostgreSQL: reconciliation marks it loaded', async () => {
      const store = await DuckDbVariantStore.open({ path: storePath });
      const d = await openDbHere();
      try {
        const req = { sampleId: 'K-2', path: vcf, sha256, kind: 'germline' as const };
        await markRunning(d, req);
        const { meta, staged } = await stageVcf(store, reference, req);
        await store.commitSample(meta, staged); // …and the process "dies" here
        assert.equal((await getIngest(d, 'K-2', sha256))?.status, 'running');
        assert.deepEqual(await reconcileIngests(d, store), { repaired: ['K-2'] });
        const row = await getIngest(d, 'K-2', sha256);
        assert.deepEqual([row?.status, row?.records], ['loaded', KILL_RECORDS]);
      } finally {
        await store.close();
        await closeDbHere(d);
      }
    });
  });
}
