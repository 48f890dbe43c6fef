/**
 * Variant-store query times at 10, 100 and 1,000 synthetic genomes (DuckDB, embedded).
 *
 *   npm run bench:queries
 *   BENCH_GENOMES=10,100 BENCH_SITES=4000000 npm run bench:queries
 *
 * The cohort shares one pool of BENCH_SITES annotated SNV sites on chr1–22; each genome carries a
 * site with that site's frequency (skewed: most sites rare, a few common; mean 1/8), so a genome
 * has about BENCH_SITES/8 calls (500,000 by default; a real WGS VCF has ~4.5M, set BENCH_SITES=36000000
 * for that, with ~36 GB of disk at 1,000 genomes). The calls are generated inside DuckDB in the
 * store's own layout (per sample, sorted by variant_key, as commitSample writes them), 10 genomes
 * per INSERT: going through VCF text would time the ingest, which bench:ingest measures.
 *
 * Timed, each 25 times with a random sample or variant (median and p95): one sample's first page
 * (position order); one sample filtered (HIGH/MODERATE, max population AF ≤ 1%, PASS) sorted by
 * impact; carriers of a common and of a rare variant across all samples; the in-cohort counts of
 * one sample's first page (the page, then `carrierCounts` of its 50 variants, as the variant table asks); counts. Carriers are
 * timed twice: with every sample still waiting outside the variant-ordered copy of the calls (as
 * generated), and after `store.compact({ force: true })` has built it, whose time is printed too.
 * Last, one genome is committed alone and then while the copy is rewritten (commitDuringRewrite).
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdirSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { STORE_DDL } from '../src/variant-store/duckdb-schema.js';
import { DuckDbVariantStore, type VariantLocator } from '../src/variant-store/index.js';
import { describeMachine } from './machine.js';

const GENOMES = (process.env.BENCH_GENOMES ?? '10,100,1000').split(',').map(Number);
const SITES = Number(process.env.BENCH_SITES ?? 4_000_000);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 25);
const DIR = process.env.BENCH_DIR ?? '/tmp/kiban-bench-queries';
const BASE_LIST = "['A','C','G','T']";

const CONSEQUENCES = `['missense_variant','synonymous_variant','intron_variant','stop_gained','splice_region_variant','3_prime_UTR_variant','intergenic_variant','frameshift_variant']`;
const IMPACT_OF = `CASE consequence WHEN 'stop_gained' THEN 'HIGH' WHEN 'frameshift_variant' THEN 'HIGH' WHEN 'missense_variant' THEN 'MODERATE'
  WHEN 'synonymous_variant' THEN 'LOW' WHEN 'splice_region_variant' THEN 'LOW' ELSE 'MODIFIER' END`;

/** The site pool: variant keys as variant-key.ts computes them for SNVs (chr code, pos1, exact allele code). */
async function build(path: string, genomes: number): Promise<number> {
  rmSync(path, { force: true });
  rmSync(`${path}.wal`, { force: true });
  const db = await DuckDBInstance.create(path);
  const c = await db.connect();
  await c.run(STORE_DDL);
  const t = Date.now();
  await c.run(`CREATE TEMP TABLE pool AS
    SELECT chrom_code, pos, ref_i, (ref_i + 1 + (i % 3)) % 4 AS alt_i, i,
      CAST(floor(1000 * 0.5 * pow(random(), 3)) AS INTEGER) AS freq_permille
    FROM (SELECT i, 1 + (i % 22) AS chrom_code, 10000 + CAST(hash(i) % 240000000 AS INTEGER) AS pos, CAST(hash(i * 7) % 4 AS INTEGER) AS ref_i
          FROM range(${SITES}) t(i))`);
  await c.run(`INSERT INTO variants
    SELECT (chrom_code::BIGINT << 56) | (pos::BIGINT << 28) | (8388608 + 16 + 4 * ref_i + alt_i) AS variant_key,
      'chr' || chrom_code, pos, ${BASE_LIST}[ref_i + 1], ${BASE_LIST}[alt_i + 1], 'snv',
      'GENE' || (chrom_code * 10000 + pos // 100000), NULL, NULL, consequence, ${IMPACT_OF}, NULL, NULL,
      CASE WHEN i % 997 = 0 THEN 'Pathogenic' WHEN i % 101 = 0 THEN 'Uncertain_significance' END, NULL,
      MAP {'synpop': freq_permille / 1000.0}, freq_permille / 1000.0, NULL, 'bench'
    FROM (SELECT *, ${CONSEQUENCES}[1 + CAST(hash(i * 13) % 8 AS INTEGER)] AS consequence FROM pool)
    QUALIFY row_number() OVER (PARTITION BY variant_key) = 1
    ORDER BY variant_key`);
  for (let g0 = 0; g0 < genomes; g0 += 10) {
    const g1 = Math.min(genomes, g0 + 10);
    await c.run(`INSERT INTO calls
      SELECT g + 1, v.variant_key,
        CASE WHEN hash(v.variant_key + g) % 5 = 0 THEN '1/1' ELSE '0/1' END,
        20 + CAST(hash(g, v.variant_key) % 20 AS INTEGER), 10 + CAST(hash(v.variant_key, g) % 20 AS INTEGER), 45, 99, 0.4::FLOAT,
        CASE WHEN hash(g * 31 + v.variant_key) % 20 = 0 THEN 'LowQual' ELSE 'PASS' END, NULL, NULL, NULL
      FROM variants v JOIN pool p ON v.variant_key = (p.chrom_code::BIGINT << 56) | (p.pos::BIGINT << 28) | (8388608 + 16 + 4 * p.ref_i + p.alt_i)
      CROSS JOIN range(${g0}, ${g1}) r(g)
      WHERE hash(v.variant_key, g, 17) % 1000 < p.freq_permille
      ORDER BY g, v.variant_key`);
    await c.run(`INSERT INTO samples SELECT printf('K-%06d-WGS-GERMLINE', g), g + 1, repeat('0', 64), 'germline', 'S', 0, 0, 0, now() FROM range(${g0}, ${g1}) r(g)`);
    if (g1 % 100 === 0 || g1 === genomes) process.stderr.write(`  ${g1} genomes generated, ${((Date.now() - t) / 1000).toFixed(0)} s\n`);
  }
  await c.run('CHECKPOINT');
  c.closeSync();
  db.closeSync();
  return (Date.now() - t) / 1000;
}

async function time(fn: () => Promise<unknown>): Promise<{ median: number; p95: number }> {
  const ms: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const t = process.hrtime.bigint();
    await fn();
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  ms.sort((a, b) => a - b);
  return { median: ms[Math.floor(ms.length / 2)]!, p95: ms[Math.min(ms.length - 1, Math.ceil(ms.length * 0.95) - 1)]! };
}

async function run(genomes: number): Promise<void> {
  mkdirSync(DIR, { recursive: true });
  const path = join(DIR, `cohort-${genomes}.duckdb`);
  const seconds = await build(path, genomes);
  const store = await DuckDbVariantStore.open({ path });
  const counts = await store.counts();
  const pick = async (where: string): Promise<VariantLocator[]> => {
    const rows = await storeRows(store, `SELECT chrom, pos, ref, alt FROM variants WHERE ${where} USING SAMPLE 200 ROWS`);
    return rows.map((r) => ({ chrom: r.chrom as string, pos1: r.pos as number, ref: r.ref as string, alt: r.alt as string }));
  };
  const common = await pick('max_population_af >= 0.3');
  const rare = await pick('max_population_af < 0.005');
  let k = 0;
  // Realistic ids: long, sharing a prefix (DuckDB's VARCHAR zone maps keep 8 bytes; calls use sample_idx).
  const sample = () => `K-${String(Math.floor(Math.random() * genomes)).padStart(6, '0')}-WGS-GERMLINE`;
  let carriersCommon = 0;
  const waiting = {
    'carriers of a common variant, copy not built': await time(() => store.carriers(common[k++ % common.length]!)),
    'carriers of a rare variant, copy not built': await time(() => store.carriers(rare[k++ % rare.length]!)),
  };
  const compacted = await store.compact({ force: true });
  await store.checkpoint();
  const withCopy = await store.counts();
  const results = {
    ...waiting,
    'sample table, first page by position': await time(() => store.sampleVariants({ sampleId: sample(), limit: 50 })),
    'sample table, HIGH/MODERATE, AF ≤ 1%, PASS, by impact': await time(() =>
      store.sampleVariants({ sampleId: sample(), impacts: ['HIGH', 'MODERATE'], maxPopulationAf: 0.01, passOnly: true, sort: 'impact', limit: 50 }),
    ),
    'carriers of a common variant (AF ≥ 30%)': await time(async () => (carriersCommon += (await store.carriers(common[k++ % common.length]!)).length)),
    'carriers of a rare variant (AF < 0.5%)': await time(() => store.carriers(rare[k++ % rare.length]!)),
    'first page + other carriers of its 50 variants': await time(async () => {
      const sampleId = sample();
      const page = await store.sampleVariants({ sampleId, limit: 50 });
      return store.carrierCounts({ keys: page.rows.map((r) => r.variantKey), kind: 'germline', excludeSampleId: sampleId });
    }),
    'counts (samples, variants, calls)': await time(() => store.counts()),
  };
  await store.close();
  const commits = await commitDuringRewrite(path, Math.round(counts.calls / genomes));
  const size = (c: typeof counts) => `${(c.storageBytes! / 2 ** 30).toFixed(2)} GiB (${(c.storageBytes! / c.calls).toFixed(1)} bytes/call)`;
  console.log(`\n${genomes} genomes: ${counts.calls.toLocaleString('en')} calls (${Math.round(counts.calls / genomes).toLocaleString('en')} per genome), ${counts.variants.toLocaleString('en')} variants, store ${size(counts)}; generated in ${seconds.toFixed(0)} s`);
  console.log(`  variant-ordered copy of the calls: ${compacted.samples} samples sorted in ${(compacted.elapsedMs / 1000).toFixed(1)} s; store then ${size(withCopy)}`);
  for (const [name, r] of Object.entries(results)) console.log(`  ${name.padEnd(56)} median ${r.median.toFixed(1).padStart(8)} ms   p95 ${r.p95.toFixed(1).padStart(8)} ms`);
  console.log(
    `  a genome's commit (${commits.calls.toLocaleString('en')} calls): ${commits.alone.toFixed(1)} s alone, ${commits.duringRewrite.toFixed(1)} s while the copy was rewritten` +
      ` (rewrite of ${genomes + 1} samples: ${commits.rewrite.toFixed(1)} s)`,
  );
  console.log(`  (mean carriers of a common variant: ${(carriersCommon / REPEATS).toFixed(0)}; load ${loadavg().map((x) => x.toFixed(2)).join(' ')})`);
  rmSync(path, { force: true });
}

/** SQL on the store's own connection (a private method): the bench picks its inputs from the store's tables. */
function storeRows(store: DuckDbVariantStore, sql: string): Promise<Record<string, unknown>[]> {
  return (store as unknown as { rows(sql: string): Promise<Record<string, unknown>[]> }).rows(sql);
}

/**
 * A genome's commit alone, then while a rewrite of the variant-ordered copy runs (maxRuns 1 makes
 * the next compaction a rewrite): the rewrite sorts every call on its own connection, and a commit
 * should not wait for it. The genome's calls are a random sample of the stored variants.
 */
async function commitDuringRewrite(path: string, callsPerGenome: number): Promise<{ calls: number; alone: number; duringRewrite: number; rewrite: number }> {
  const store = await DuckDbVariantStore.open({ path, byVariant: { maxRuns: 1 } });
  const rows = await storeRows(
    store,
    `SELECT variant_key, chrom, pos, ref, alt, kind FROM variants USING SAMPLE ${callsPerGenome} ROWS ORDER BY variant_key`,
  );
  const commit = async (sampleId: string): Promise<number> => {
    const meta = { sampleId, fileSha256: sampleId.padEnd(64, '0'), kind: 'germline' as const, vcfSample: sampleId, records: rows.length };
    const staging = await store.stage(meta);
    for (const r of rows) {
      const variantKey = BigInt(r.variant_key as bigint);
      staging.addVariant({
        variantKey, chrom: r.chrom as string, pos1: r.pos as number, ref: r.ref as string, alt: r.alt as string, kind: r.kind as string,
        gene: null, geneId: null, transcriptId: null, consequence: null, impact: null, hgvsc: null, hgvsp: null,
        clinvarSignificance: null, clinvarReviewStatus: null, populationAf: {}, maxPopulationAf: null, csq: null, annotationVersion: 'bench',
      });
      staging.addCall({ variantKey, gt: '0/1', adRef: 15, adAlt: 14, dp: 29, gq: 60, vaf: 14 / 29, filter: 'PASS', normalAdRef: null, normalAdAlt: null, normalDp: null });
    }
    const staged = await staging.finish();
    const t = performance.now();
    await store.commitSample(meta, staged);
    return (performance.now() - t) / 1000;
  };
  const alone = await commit('BENCH-ALONE');
  const rewriting = store.compact({ force: true });
  await new Promise((r) => setTimeout(r, 1000)); // let the rewrite start its sort
  const duringRewrite = await commit('BENCH-DURING');
  const done = await rewriting;
  await store.close();
  if (!done.rewritten) throw new Error('bench: the compaction did not rewrite the copy');
  return { calls: rows.length, alone, duringRewrite, rewrite: done.elapsedMs / 1000 };
}

console.log(`command: npm run bench:queries   (BENCH_GENOMES=${GENOMES.join(',')} BENCH_SITES=${SITES} BENCH_REPEATS=${REPEATS})`);
console.log(describeMachine());
console.log(`load:    ${loadavg().map((x) => x.toFixed(2)).join(' ')} (1/5/15 min; other processes share the cores)`);
for (const n of GENOMES) await run(n);
