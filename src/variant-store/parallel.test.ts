import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { KibanError } from '../errors.js';
import { openTestDb, scratchDir, type TestDb } from '../testing/test-db.js';
import { DuckDbVariantStore } from './duckdb.js';
import { openIngestReference } from './reference.js';
import { ingestSampleVcf } from './service.js';
import { germlineVcf, SEQUENCE, writeVcf } from './testing/fixtures.js';

// Staging in worker threads (reference opened from files in each worker) gives the rows the
// main-thread path gives, and errors keep their line.
describe('ingest with staging worker threads (pglite)', () => {
  let db: TestDb;
  let dir: ReturnType<typeof scratchDir>;
  let store: DuckDbVariantStore;
  let reference: Awaited<ReturnType<typeof openIngestReference>>;
  before(async () => {
    db = await openTestDb('pglite');
    dir = scratchDir('kiban-vs-par');
    writeFileSync(join(dir.path, 'ref.fa'), `>chrT\n${SEQUENCE}\n`);
    reference = await openIngestReference({ fasta: join(dir.path, 'ref.fa') });
    store = await DuckDbVariantStore.open({ path: join(dir.path, 'variants.duckdb') });
  });
  after(async () => {
    reference.close();
    await store.close();
    await db.close();
    dir.remove();
  });

  it('2 threads and 1 thread store the same rows', async () => {
    // Many copies of the records (other positions would not match the 23 bp reference), so several batches go out.
    const body = germlineVcf().slice(-4);
    const lines = [...germlineVcf().slice(0, -4), ...Array.from({ length: 4000 }, () => body).flat()];
    const f = writeVcf(dir.path, 'many.vcf', lines);
    const one = await ingestSampleVcf({ db, store, reference }, { sampleId: 'P-1', ...f }, { threads: 1 });
    const two = await ingestSampleVcf({ db, store, reference }, { sampleId: 'P-2', ...f }, { threads: 2 });
    assert.deepEqual([one.sample.records, one.sample.calls], [16_000, 4]);
    assert.deepEqual([two.sample.records, two.sample.calls], [16_000, 4]);
    const rows = async (id: string) => (await store.sampleVariants({ sampleId: id })).rows;
    assert.deepEqual(await rows('P-2'), await rows('P-1'));
    assert.deepEqual((await rows('P-1')).map((r) => [r.pos1, r.ref, r.alt, r.gt, r.vaf]), [
      [2, 'G', 'C', '0/1', 0.3333333],
      [3, 'TAC', 'T', '1/1', 1],
      [16, 'GGGGA', 'G', '1/0', 0.4],
      [20, 'A', 'T', '0/1', 0.5],
    ]);
  });

  it('an error in a worker names file, line and field; nothing is stored', async () => {
    const good = germlineVcf();
    const lines = [...good, ...Array.from({ length: 5000 }, () => good.slice(-4)).flat()];
    lines[15_000] = 'chrT\t2\t.\tG\tC\t50\tPASS\tDP=x\tGT:AD:DP:GQ\t0/1:1,1:2:3';
    const f = writeVcf(dir.path, 'bad.vcf', lines);
    const before = await store.counts();
    await assert.rejects(ingestSampleVcf({ db, store, reference }, { sampleId: 'P-3', ...f }, { threads: 2 }), (e: unknown) => {
      assert.ok(e instanceof KibanError);
      assert.equal(e.message, 'bad.vcf:15001: INFO/DP: expected Integer, got "x"');
      assert.deepEqual([e.details.line, e.details.field], [15_001, 'INFO/DP']);
      return true;
    });
    assert.deepEqual(await store.counts(), before);
  });
});
