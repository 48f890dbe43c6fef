import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Prng } from '../genomics/synthetic/index.js';
import { openTestDb, scratchDir, type TestDb } from '../testing/test-db.js';
import { DuckDbVariantStore } from './duckdb.js';
import type { Carrier, VariantLocator } from './interface.js';
import { ingestSampleVcf, type IngestDeps } from './service.js';
import { HEADER, SEQUENCE, toyReference, writeVcf } from './testing/fixtures.js';
import { variantKey } from './variant-key.js';

/**
 * The variant-ordered copy of the calls that `carriers` reads: every answer is checked against
 * the genotypes the test wrote, after each load, compaction, replacement and reopening. Samples
 * already in the copy are read only from it, so a copy that lost, or reported stale or doubled
 * rows, fails.
 */
const SITES: VariantLocator[] = [1, 2, 5, 9, 12, 13, 17, 20, 23].map((pos1) => {
  const ref = SEQUENCE[pos1 - 1]!;
  return { chrom: 'chrT', pos1, ref, alt: ref === 'A' ? 'G' : 'A' };
});

type Genotypes = Map<number, { gt: string; adRef: number; adAlt: number }>;

function randomGenotypes(rng: Prng): Genotypes {
  const out: Genotypes = new Map();
  for (const site of SITES) {
    if (rng.next() < 0.4) continue;
    const adAlt = 1 + Math.floor(rng.next() * 30);
    const hom = rng.next() < 0.3;
    out.set(site.pos1, { gt: hom ? '1/1' : '0/1', adRef: hom ? 0 : 1 + Math.floor(rng.next() * 30), adAlt });
  }
  return out;
}

function vcfLines(sample: string, genotypes: Genotypes): string[] {
  return [
    ...HEADER,
    `#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\t${sample}`,
    ...SITES.filter((s) => genotypes.has(s.pos1)).map((s) => {
      const g = genotypes.get(s.pos1)!;
      return `chrT\t${s.pos1}\t.\t${s.ref}\t${s.alt}\t50\tPASS\t.\tGT:AD:DP:GQ\t${g.gt}:${g.adRef},${g.adAlt}:${g.adRef + g.adAlt}:60`;
    }),
  ];
}

describe('carriers through the variant-ordered calls', { timeout: 120_000 }, () => {
  let db: TestDb;
  let dir: ReturnType<typeof scratchDir>;
  let store: DuckDbVariantStore;
  let deps: IngestDeps;
  const rng = new Prng(7);
  const loaded = new Map<string, Genotypes>();
  const policy = { byVariant: { tailSamples: 2, maxRuns: 2 } };
  let hold: (() => Promise<void>) | undefined;
  /** Stops the next rewrite after its sort until released. */
  function holdNextRewrite(): { entered: Promise<void>; release(): void } {
    let entered!: () => void;
    let release!: () => void;
    const inRewrite = new Promise<void>((r) => (entered = r));
    hold = () => new Promise<void>((r) => {
      hold = undefined;
      release = r;
      entered();
    });
    return { entered: inRewrite, release: () => release() };
  }
  const open = () =>
    DuckDbVariantStore.open({ path: join(dir.path, 'variants.duckdb'), ...policy, testHooks: { beforeRewriteCommit: async () => hold?.() } });

  async function load(sampleId: string, replace = false): Promise<void> {
    const genotypes = randomGenotypes(rng);
    const f = writeVcf(dir.path, `${sampleId}-${loaded.has(sampleId) ? 'b' : 'a'}.vcf`, vcfLines(sampleId, genotypes));
    const out = await ingestSampleVcf(deps, { sampleId, ...f, replace });
    assert.equal(out.status, 'loaded');
    loaded.set(sampleId, genotypes);
  }

  async function assertCarriers(when: string): Promise<void> {
    for (const site of SITES) {
      const expected = [...loaded]
        .filter(([, g]) => g.has(site.pos1))
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([sampleId, g]) => {
          const { gt, adRef, adAlt } = g.get(site.pos1)!;
          return { sampleId, gt, adRef, adAlt, dp: adRef + adAlt, vaf: adAlt / (adRef + adAlt) };
        });
      const got = (await store.carriers(site)).map((c: Carrier) => ({ ...c }));
      assert.deepEqual(
        got.map(({ kind: _k, filter: _f, vaf: _v, ...c }) => c),
        expected.map(({ vaf: _v, ...c }) => c),
        `${when}: carriers of chrT:${site.pos1}`,
      );
      got.forEach((c, k) => assert.ok(Math.abs((c.vaf ?? -1) - expected[k]!.vaf) < 1e-6, `${when}: VAF of ${c.sampleId}`));
    }
    // The same rows counted for a table page: every site at once, leaving one sample out.
    const keys = SITES.map((s) => variantKey(s.chrom, s.pos1, s.ref, s.alt));
    for (const exclude of [undefined, 'S-1']) {
      const got = await store.carrierCounts({ keys, kind: 'germline', ...(exclude ? { excludeSampleId: exclude } : {}) });
      const others = [...loaded].filter(([id]) => id !== exclude);
      const expected = new Map<bigint, number>();
      SITES.forEach((site, k) => {
        const n = others.filter(([, g]) => g.has(site.pos1)).length;
        if (n > 0) expected.set(keys[k]!, n);
      });
      assert.deepEqual(got, { samples: others.length, counts: expected }, `${when}: counts without ${exclude ?? 'nobody'}`);
    }
    assert.deepEqual(await store.carrierCounts({ keys, kind: 'somatic' }), { samples: 0, counts: new Map() }, `${when}: no somatic samples`);
  }

  before(async () => {
    db = await openTestDb('pglite');
    dir = scratchDir('kiban-by-variant');
    store = await open();
    deps = { db, store, reference: toyReference() };
  });
  after(async () => {
    await store.close();
    await db.close();
    dir.remove();
  });

  it('answers from calls until enough samples wait, then from appended sorted runs', async () => {
    await load('S-1');
    assert.deepEqual((await store.compact()).samples, 0, 'one sample waiting, two needed');
    await assertCarriers('S-1 waiting');
    await load('S-2');
    assert.deepEqual(pick(await store.compact()), { samples: 2, rewritten: false });
    await assertCarriers('S-1, S-2 in run 1');
    await load('S-3');
    await load('S-4');
    await assertCarriers('S-3, S-4 waiting');
    assert.deepEqual(pick(await store.compact()), { samples: 2, rewritten: false });
    await assertCarriers('two runs');
  });

  it('reports a replaced sample once, with its new calls (waiting under a new number)', async () => {
    await load('S-1', true);
    await assertCarriers('S-1 replaced');
    assert.deepEqual((await store.compact()).samples, 0);
  });

  it('rewrites the copy as one run when the runs would exceed the limit; a sample commits meanwhile', async () => {
    await load('S-5');
    // Hold the rewrite after its sort, as a long one would be; a load must not wait for it.
    const held = holdNextRewrite();
    const rewriting = store.compact();
    await held.entered;
    try {
      await within(10_000, load('S-6'), 'a load while a rewrite is held');
      await assertCarriers('S-6 committed during the rewrite');
    } finally {
      held.release();
    }
    assert.deepEqual(pick(await rewriting), { samples: 2, rewritten: true }, 'S-1 (replaced) and S-5; not S-6');
    await assertCarriers('rewritten, S-6 waiting');
    assert.deepEqual(pick(await store.compact({ force: true })), { samples: 1, rewritten: false });
    await assertCarriers('forced');
    assert.deepEqual((await store.compact({ force: true })).samples, 0, 'nothing waiting');
  });


  it('keeps the copy and its watermark across a reopen', async () => {
    await store.close();
    store = await open();
    deps.store = store;
    await assertCarriers('reopened');
    await load('S-7');
    await assertCarriers('S-7 waiting after reopen');
    assert.equal((await store.counts()).samples, 7);
  });

  it('closing the store abandons a rewrite in progress; the next one starts over', async () => {
    await load('S-8');
    const held = holdNextRewrite();
    const rewriting = store.compact();
    await held.entered;
    const closed = store.close();
    held.release();
    assert.deepEqual(pick(await rewriting), { samples: 0, rewritten: false }, 'rolled back');
    await closed;
    store = await open();
    deps.store = store;
    await assertCarriers('reopened after an abandoned rewrite');
    assert.deepEqual(pick(await store.compact()), { samples: 2, rewritten: true }, 'S-7 and S-8 still waiting');
    await assertCarriers('rewritten after reopening');
  });
});

function pick(r: { samples: number; rewritten: boolean }): { samples: number; rewritten: boolean } {
  return { samples: r.samples, rewritten: r.rewritten };
}

/** Fails, rather than hangs, when the work waits on something the test is holding. */
async function within<T>(ms: number, work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: still waiting after ${ms} ms`)), ms)));
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
