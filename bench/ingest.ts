/**
 * Ingest throughput: one single-sample synthetic genome VCF into the DuckDB variant store,
 * with normalisation and annotation (consequences, gene, population AF) from a reference bundle.
 *
 *   npm run bench:ingest                       # 5,000,000 records
 *   BENCH_RECORDS=500000 npm run bench:ingest  # quicker
 *   BENCH_THREADS=1 npm run bench:ingest       # staging in the main thread only (default: one worker per core)
 *
 * Preparation (not timed, cached in BENCH_DIR): a synthetic genome (2 × 50 Mb, genes on both
 * strands) written as FASTA + GFF3, a gzip VCF with one sample (GT:AD:DP:GQ), a population VCF
 * holding every 4th site with an AF, and a reference bundle built from them by the annotation
 * module (`kiban reference build`). The timed run is a child process that does what a worker
 * does (`ingestSampleVcf` on PGlite + DuckDB), so its peak RSS is the ingest's own.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { buildReferenceBundle } from '../src/annotation/index.js';
import { writeLines } from '../src/annotation/synthetic-files.js';
import { migrate } from '../src/db/index.js';
import { openPglite } from '../src/db/pglite.js';
import { fastaLines, generateGenome, gff3Lines, vcfLines, type SyntheticGenome } from '../src/genomics/synthetic/index.js';
import { DuckDbVariantStore, ingestSampleVcf, openIngestReference } from '../src/variant-store/index.js';
import { sha256Of, writeSyntheticVcf } from '../src/variant-store/testing/index.js';
import { describeMachine } from './machine.js';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 5_000_000);
const CONTIG_BP = Number(process.env.BENCH_CONTIG_BP ?? 50_000_000);
const DIR = process.env.BENCH_DIR ?? `/tmp/kiban-bench-ingest-${RECORDS}`;
const GENOME = { seed: 2026, contigs: 2, contigLengthBp: CONTIG_BP };

/** Every 4th site of the sample's VCF as a population panel (sites-only, AC/AN/AF). */
function* populationLines(genome: SyntheticGenome): Generator<string> {
  let k = 0;
  for (const line of vcfLines(genome, { seed: 7, count: RECORDS, samples: 1 })) {
    if (line.startsWith('#CHROM')) {
      yield '##INFO=<ID=AC,Number=A,Type=Integer,Description="Allele count">';
      yield '##INFO=<ID=AN,Number=1,Type=Integer,Description="Allele number">';
      yield '##INFO=<ID=AF,Number=A,Type=Float,Description="Allele frequency">';
      yield line.split('\t').slice(0, 8).join('\t');
      continue;
    }
    if (line.startsWith('##FORMAT')) continue;
    if (line.startsWith('#')) {
      yield line;
      continue;
    }
    if (k++ % 4 !== 0) continue;
    const cols = line.split('\t');
    const n = cols[4]!.split(',').length;
    const ac = Array.from({ length: n }, (_, i) => 1 + ((k * 7 + i * 13) % 500));
    cols[7] = `AC=${ac.join(',')};AN=20000;AF=${ac.map((x) => (x / 20000).toPrecision(3)).join(',')}`;
    yield cols.slice(0, 8).join('\t');
  }
}

async function prepare(): Promise<void> {
  if (existsSync(join(DIR, 'ready'))) return;
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  const t = Date.now();
  const genome = generateGenome(GENOME);
  await writeLines(join(DIR, 'genome.fa'), fastaLines(genome));
  await writeLines(join(DIR, 'genes.gff3'), gff3Lines(genome));
  await writeSyntheticVcf(genome, join(DIR, 'sample.vcf.gz'), RECORDS, 7);
  await writeLines(join(DIR, 'population.vcf'), populationLines(genome));
  await buildReferenceBundle({
    annotation: join(DIR, 'genes.gff3'),
    fasta: join(DIR, 'genome.fa'),
    populations: [{ name: 'synpop', path: join(DIR, 'population.vcf') }],
    outDir: join(DIR, 'bundle'),
  });
  await writeLines(join(DIR, 'ready'), [`prepared in ${((Date.now() - t) / 1000).toFixed(0)} s; ${genome.transcripts.length} transcripts`]);
}

interface Figures {
  records: number;
  calls: number;
  seconds: number;
  cpuSeconds: number;
  recordsPerSecond: number;
  peakRssMiB: number;
  storeBytes: number;
  vcfBytes: number;
  highOrModerate: number;
  withPopulationAf: number;
  loadavg: number[];
}

/** The timed part, in a fresh process. */
async function measure(): Promise<void> {
  const work = join(DIR, 'run');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const db = await openPglite();
  await migrate(db);
  const store = await DuckDbVariantStore.open({ path: join(work, 'variants.duckdb') });
  const reference = await openIngestReference({ bundle: join(DIR, 'bundle') });
  const vcf = join(DIR, 'sample.vcf.gz');
  const sha256 = sha256Of(vcf);
  const cpu0 = process.cpuUsage();
  const started = process.hrtime.bigint();
  const out = await ingestSampleVcf({ db, store, reference }, { sampleId: 'BENCH-1', path: vcf, sha256 }, {
    progressEvery: 500_000,
    ...(process.env.BENCH_THREADS ? { threads: Number(process.env.BENCH_THREADS) } : {}),
    onProgress: (n) => process.stderr.write(`  ${n} records, ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s\n`),
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  await store.checkpoint();
  const counts = await store.counts();
  const annotated = await store.sampleVariants({ sampleId: 'BENCH-1', impacts: ['HIGH', 'MODERATE'], limit: 1 });
  const withAf = await store.sampleVariants({ sampleId: 'BENCH-1', maxPopulationAf: 1, limit: 1 });
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  console.log(
    JSON.stringify({
      records: out.sample.records,
      calls: out.sample.calls,
      seconds,
      cpuSeconds,
      recordsPerSecond: out.sample.records / seconds,
      peakRssMiB,
      storeBytes: counts.storageBytes,
      vcfBytes: statSync(vcf).size,
      highOrModerate: annotated.total,
      withPopulationAf: withAf.total - (await store.sampleVariants({ sampleId: 'BENCH-1', maxPopulationAf: 1e-12, limit: 1 })).total,
      loadavg: loadavg(),
    }),
  );
  reference.close();
  await store.close();
  await db.close();
}

if (process.argv[2] === '--measure') {
  await measure();
} else {
  console.log(`command: npm run bench:ingest   (BENCH_RECORDS=${RECORDS}, genome 2 × ${CONTIG_BP / 1e6} Mb, dir ${DIR})`);
  console.log(describeMachine());
  console.log(`load:    ${loadavg().map((x) => x.toFixed(2)).join(' ')} (1/5/15 min; other processes share the cores)`);
  const t = Date.now();
  await prepare();
  console.log(`prepared inputs in ${((Date.now() - t) / 1000).toFixed(0)} s (cached in ${DIR})`);
  const child = spawnSync(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, '--measure'], { stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
  if (child.status !== 0) process.exit(child.status ?? 1);
  const r = JSON.parse(child.stdout.toString().trim().split('\n').pop()!) as Figures;
  console.log('\ningest (parse + split + left-align + consequences + population AF + bulk load, one sample):');
  console.log(`  records              ${r.records.toLocaleString('en')} (${r.calls.toLocaleString('en')} calls stored)`);
  console.log(`  wall time            ${r.seconds.toFixed(1)} s`);
  console.log(`  CPU time             ${r.cpuSeconds.toFixed(1)} s (all threads of the process: JS + DuckDB + PGlite)`);
  console.log(`  throughput           ${Math.round(r.recordsPerSecond).toLocaleString('en')} records/s`);
  console.log(`  peak RSS             ${r.peakRssMiB.toFixed(0)} MiB`);
  console.log(`  store size           ${(r.storeBytes / 2 ** 20).toFixed(1)} MiB for one genome (${(r.storeBytes / r.calls).toFixed(1)} bytes/call incl. its variant row; input .vcf.gz ${(r.vcfBytes / 2 ** 20).toFixed(1)} MiB)`);
  console.log(`  annotated            ${r.highOrModerate.toLocaleString('en')} HIGH/MODERATE calls, ${r.withPopulationAf.toLocaleString('en')} with a population AF`);
  console.log(`  load during run      ${r.loadavg.map((x) => x.toFixed(2)).join(' ')}`);
}
