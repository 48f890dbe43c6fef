/**
 * Micro-benchmark of the consequence engine, single-threaded and in-process, against
 * `bcftools csq -l` on the same synthetic genome, gene models and VCF. Not part of npm test.
 *
 *   npm run bench:engine                                   # 200,000 variants, 4 × 25 Mb, 3 runs
 *   npm run bench:engine -- --variants 1000000 --runs 5
 *   npm run bench:engine -- --variants 200000 --profile    # one run under the inspector's CPU profiler → engine.cpuprofile
 *                                        (add --profile-annotator to profile the annotator run instead)
 *
 * Two kiban figures, both excluding setup (genome, gene models, VCF text already in memory):
 *   engine     normalizeRecord → ±5 kb transcript lookup → createCsqEngine().entries → join,
 *              i.e. the pure core (src/genomics) alone;
 *   annotator  src/annotation's annotateLines over the same lines, i.e. exactly one worker thread's
 *              work per batch (VCF parsing, INFO rewrite, the engine binding) minus BGZF; printed
 *              twice: with src/annotation/engine.ts's binding, and with src/genomics' createCsqEngine.
 * bcftools is timed as a whole process; its setup (GFF3 + FASTA index) is measured separately on a
 * header-only VCF and subtracted for the per-record ratio. The machine is shared, so every figure is
 * the median of `--runs` runs, and the runs are printed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { annotateLines, type AnnotationContext } from '../src/annotation/annotator.js';
import { createCsqEngine as createAnnotatorEngine } from '../src/annotation/engine.js';
import { encodeTranscripts, TranscriptStore } from '../src/annotation/transcript-codec.js';
import { TranscriptIndex } from '../src/annotation/transcript-index.js';
import { writeLines } from '../src/annotation/synthetic-files.js';
import { createCsqEngine, fastaLines, generateGenome, gff3Lines, normalizeRecord, vcfLines } from '../src/genomics/index.js';
import type { Transcript } from '../src/genomics/types.js';
import { parseVcfHeaderLines } from '../src/genomics/vcf/index.js';
import { describeMachine } from './machine.js';

const HAS_TIME = existsSync('/usr/bin/time');

interface Args {
  variants: number;
  runs: number;
  contigs: number;
  contigLengthBp: number;
  genesPerMb: number;
  targetedFraction: number;
  profile: boolean;
  bcftools: boolean;
}

function parseArgs(argv: string[]): Args {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return {
    variants: Number(get('variants') ?? 200_000),
    runs: Number(get('runs') ?? 3),
    contigs: Number(get('contigs') ?? 4),
    contigLengthBp: Number(get('contig-length') ?? 25_000_000),
    // 40/Mb is the generator's default and bench:annotate's; Ensembl GRCh38 has ~62k genes / 3.1 Gb ≈ 20/Mb.
    genesPerMb: Number(get('genes-per-mb') ?? 40),
    targetedFraction: Number(get('targeted') ?? 0.35),
    profile: argv.includes('--profile'),
    bcftools: !argv.includes('--no-bcftools'),
  };
}

/** Transcripts by chromosome, sorted by start0, with running max end0 (as src/annotation's index). */
class SimpleIndex {
  private readonly byChrom = new Map<string, { txs: Transcript[]; maxEnd0: number[] }>();
  constructor(transcripts: readonly Transcript[]) {
    for (const t of transcripts) {
      const e = this.byChrom.get(t.chrom) ?? { txs: [], maxEnd0: [] };
      e.txs.push(t);
      this.byChrom.set(t.chrom, e);
    }
    for (const e of this.byChrom.values()) {
      e.txs.sort((a, b) => a.start0 - b.start0);
      let max = -1;
      for (const t of e.txs) e.maxEnd0.push((max = Math.max(max, t.end0)));
    }
  }
  overlapping(chrom: string, start0: number, end0: number): Transcript[] {
    const e = this.byChrom.get(chrom);
    const out: Transcript[] = [];
    if (!e) return out;
    let lo = 0;
    let hi = e.txs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((e.maxEnd0[mid] as number) > start0) hi = mid;
      else lo = mid + 1;
    }
    for (let k = lo; k < e.txs.length && (e.txs[k] as Transcript).start0 < end0; k++) {
      if ((e.txs[k] as Transcript).end0 > start0) out.push(e.txs[k] as Transcript);
    }
    return out;
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** CPU seconds of this process spent in `fn` (user + system), recorded into `cpu` when given. */
function seconds(fn: () => void, cpu?: number[]): number {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  fn();
  const c = process.cpuUsage(c0);
  cpu?.push((c.user + c.system) / 1e6);
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  console.log(`$ npm run bench:engine -- ${process.argv.slice(2).join(' ')}`);
  console.log(describeMachine());
  const genome = generateGenome({ seed: 2024, contigs: args.contigs, contigLengthBp: args.contigLengthBp, genesPerMb: args.genesPerMb });
  const lines = [...vcfLines(genome, { seed: 2025, count: args.variants, targetedFraction: args.targetedFraction })];
  const headerLines = lines.filter((l) => l.startsWith('#'));
  const records = lines.filter((l) => !l.startsWith('#'));
  console.log(
    `input:   ${records.length} records, ${genome.transcripts.length} transcripts, ${args.contigs} × ${args.contigLengthBp / 1e6} Mb, ` +
      `${args.genesPerMb} genes/Mb, ${args.targetedFraction * 100}% aimed at splice sites/start/stop`,
  );

  const index = new SimpleIndex(genome.transcripts);
  const reader = genome.reader;

  const engineRun = (): number => {
    const engine = createCsqEngine();
    let bytes = 0;
    for (const line of records) {
      const f = line.split('\t', 5);
      const chrom = f[0] as string;
      const pos1 = Number(f[1]);
      const ref = f[3] as string;
      const alleles = normalizeRecord({ chrom, pos1, ref, alts: (f[4] as string).split(',') }, reader);
      for (const a of alleles) {
        const start0 = a.pos1 - 1;
        const txs = index.overlapping(chrom, start0 - 5000, start0 + a.ref.length + 5000);
        bytes += engine.entries(a, txs, reader).join(',').length;
      }
    }
    return bytes;
  };
  // `genomicsBinding`: the annotator with src/genomics' own createCsqEngine (csqEntries' fast
  // paths) in place of src/annotation/engine.ts's binding (annotateAllele + csqEntry).
  const annotatorRun = (genomicsBinding = false): number => {
    const ctx: AnnotationContext = {
      header: parseVcfHeaderLines(headerLines),
      transcripts: new TranscriptIndex(new TranscriptStore(encodeTranscripts(genome.transcripts))),
      reader,
      sites: [],
      engine: genomicsBinding ? createCsqEngine() : createAnnotatorEngine(),
    };
    let bytes = 0;
    // Batches as the worker pool sends them (a few thousand lines each).
    for (let i = 0; i < records.length; i += 4096) bytes += annotateLines(records.slice(i, i + 4096), i + 1, ctx).text.length;
    return bytes;
  };

  if (args.profile) {
    const session = new Session();
    session.connect();
    const post = (method: string, params?: object) =>
      new Promise<unknown>((resolve, reject) => session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res))));
    await post('Profiler.enable');
    await post('Profiler.setSamplingInterval', { interval: 200 });
    await post('Profiler.start');
    const s = seconds(process.argv.includes('--profile-annotator') ? () => annotatorRun() : engineRun);
    const { profile } = (await post('Profiler.stop')) as { profile: unknown };
    writeFileSync('engine.cpuprofile', JSON.stringify(profile));
    console.log(`profiled engine run: ${s.toFixed(2)} s → engine.cpuprofile`);
    return;
  }

  engineRun(); // warm-up: JIT, and transcripts prepared once as in a long-running worker
  const engineS: number[] = [];
  const annotatorS: number[] = [];
  const engineCpu: number[] = [];
  const annotatorCpu: number[] = [];
  const boundS: number[] = [];
  const boundCpu: number[] = [];
  let annotatorError = '';
  for (let r = 0; r < args.runs; r++) {
    engineS.push(seconds(engineRun, engineCpu));
    try {
      if (!annotatorError) annotatorS.push(seconds(() => annotatorRun(), annotatorCpu));
      if (!annotatorError) boundS.push(seconds(() => annotatorRun(true), boundCpu));
    } catch (err) {
      // src/annotation is another engineer's, under change: report, don't lose the engine figure.
      annotatorError = (err as Error).message;
    }
  }
  const rate = (s: number) => Math.round(records.length / s).toLocaleString('en');
  const fmt = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(', ');
  console.log(`\nkiban engine (1 thread):    median ${median(engineS).toFixed(2)} s, ${rate(median(engineS))} records/s  [runs: ${fmt(engineS)}; CPU s: ${fmt(engineCpu)}]`);
  if (annotatorError) console.log(`kiban annotator (1 thread): failed: ${annotatorError}`);
  else console.log(`kiban annotator (1 thread): median ${median(annotatorS).toFixed(2)} s, ${rate(median(annotatorS))} records/s  [runs: ${fmt(annotatorS)}; CPU s: ${fmt(annotatorCpu)}]`);
  if (!annotatorError) {
    console.log(
      `  … with genomics' createCsqEngine bound: median ${median(boundS).toFixed(2)} s, ${rate(median(boundS))} records/s  [runs: ${fmt(boundS)}; CPU s: ${fmt(boundCpu)}]`,
    );
  }
  console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB (this process, genome and VCF text in memory)`);

  if (!args.bcftools) return;
  const dir = join(tmpdir(), `kiban-bench-engine-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  try {
    const fa = join(dir, 'ref.fa');
    const gff = join(dir, 'genes.gff3');
    const vcf = join(dir, 'in.vcf');
    const empty = join(dir, 'empty.vcf');
    await writeLines(fa, fastaLines(genome));
    await writeLines(gff, gff3Lines(genome));
    await writeLines(vcf, lines);
    await writeLines(empty, headerLines);
    spawnSync('bcftools', ['faidx', fa]);
    const bcf = (input: string) => ['csq', '-l', '-f', fa, '-g', gff, input, '-Ov', '-o', join(dir, 'out.vcf')];
    const cpu: number[] = [];
    // CPU time from GNU time's user + system seconds when installed (less noisy than wall on a shared machine).
    const time = (input: string, cpuOut?: number[]) =>
      seconds(() => {
        const cmd = HAS_TIME ? '/usr/bin/time' : 'bcftools';
        const argv = HAS_TIME ? ['-f', 'cpu %U %S', 'bcftools', ...bcf(input)] : bcf(input);
        const r = spawnSync(cmd, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
        if (r.status !== 0) throw new Error(`bcftools failed: ${r.stderr.toString().slice(-500)}`);
        const m = /cpu ([0-9.]+) ([0-9.]+)/.exec(r.stderr.toString());
        if (m && cpuOut) cpuOut.push(Number(m[1]) + Number(m[2]));
      });
    const wall: number[] = [];
    const setup: number[] = [];
    for (let r = 0; r < args.runs; r++) {
      wall.push(time(vcf, cpu));
      setup.push(time(empty));
    }
    const perRecordS = Math.max(median(wall) - median(setup), 1e-3);
    console.log(`\n$ bcftools ${bcf('in.vcf').join(' ')}`);
    console.log(`bcftools csq -l: median wall ${median(wall).toFixed(2)} s [runs: ${fmt(wall)}; CPU s: ${fmt(cpu)}], setup (header-only VCF) ${median(setup).toFixed(2)} s`);
    console.log(`  records alone: ${perRecordS.toFixed(2)} s, ${rate(perRecordS)} records/s`);
    console.log(
      `\nper-thread ratio kiban/bcftools (records alone): engine ${(median(engineS) / perRecordS).toFixed(1)}×, ` +
        `annotator ${(median(annotatorS) / perRecordS).toFixed(1)}×; against bcftools' whole wall: ` +
        `engine ${(median(engineS) / median(wall)).toFixed(1)}×, annotator ${(median(annotatorS) / median(wall)).toFixed(1)}×`,
    );
    if (cpu.length > 0) {
      console.log(
        `per-thread CPU ratio kiban/bcftools (whole bcftools CPU): engine ${(median(engineCpu) / median(cpu)).toFixed(1)}×` +
          (annotatorCpu.length > 0 ? `, annotator ${(median(annotatorCpu) / median(cpu)).toFixed(1)}×` : '') +
          (boundCpu.length > 0 ? `, annotator with genomics binding ${(median(boundCpu) / median(cpu)).toFixed(1)}×` : ''),
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
