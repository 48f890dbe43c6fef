/**
 * Benchmark: `kiban annotate` against `bcftools csq -l` (and snpEff when installed) on the same
 * synthetic genome, gene models and ≥ 1M-variant VCF. Not part of npm test.
 *
 *   npm run bench:annotate                      # 1,000,000 variants, all cores
 *   npm run bench:annotate -- --variants 200000 --threads 2 --keep
 *   npm run build:server && npm run bench:annotate -- --built   # the compiled CLI
 *
 * Prints the command lines, the machine, wall time, variants/s, peak RSS of each tool (from
 * /usr/bin/time -v when present, else from /proc polling) and the ratios.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { cpus, availableParallelism, loadavg, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateGenome } from '../src/genomics/synthetic/index.js';
import { writeSyntheticFiles } from '../src/annotation/synthetic-files.js';

interface Args {
  variants: number;
  threads: number;
  contigs: number;
  contigLengthBp: number;
  keep: boolean;
  built: boolean;
  dir: string;
}

function parseArgs(argv: string[]): Args {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return {
    variants: Number(get('variants') ?? 1_000_000),
    threads: Number(get('threads') ?? availableParallelism()),
    contigs: Number(get('contigs') ?? 4),
    contigLengthBp: Number(get('contig-length') ?? 25_000_000),
    keep: argv.includes('--keep'),
    built: argv.includes('--built'),
    dir: get('dir') ?? join(tmpdir(), `kiban-bench-annotate-${process.pid}`),
  };
}

interface RunResult {
  wallS: number;
  peakRssMb: number | undefined;
  /** User + system CPU seconds (GNU time), to tell CPU-bound from waiting on a shared machine. */
  cpuS: number | undefined;
  code: number;
  stderr: string;
}

const HAS_TIME = existsSync('/usr/bin/time');

/** Runs a command; peak RSS from GNU time's "Maximum resident set size" (includes child threads). */
function measure(cmd: string, args: string[], cwd: string): Promise<RunResult> {
  const full = HAS_TIME ? ['/usr/bin/time', ['-v', cmd, ...args]] as const : [cmd, args] as const;
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(full[0], [...full[1]], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let polledKb = 0;
    const poll = HAS_TIME
      ? undefined
      : setInterval(() => {
          try {
            const m = /VmHWM:\s+([0-9]+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
            if (m) polledKb = Math.max(polledKb, Number(m[1]));
          } catch {
            /* exited */
          }
        }, 50);
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (poll) clearInterval(poll);
      const wallS = Number(process.hrtime.bigint() - started) / 1e9;
      const m = /Maximum resident set size \(kbytes\): ([0-9]+)/.exec(stderr);
      const kb = m ? Number(m[1]) : polledKb;
      const user = /User time \(seconds\): ([0-9.]+)/.exec(stderr);
      const sys = /System time \(seconds\): ([0-9.]+)/.exec(stderr);
      const cpuS = user && sys ? Number(user[1]) + Number(sys[1]) : undefined;
      resolve({ wallS, peakRssMb: kb > 0 ? kb / 1024 : undefined, cpuS, code: code ?? 1, stderr });
    });
  });
}

function which(cmd: string): boolean {
  return (process.env.PATH ?? '').split(':').some((d) => existsSync(join(d, cmd)));
}

/** From source through tsx by default; `--built` runs bin/kiban.js (run `npm run build:server` first). */
function kibanCommand(built: boolean): { cmd: string; args: string[] } {
  const root = fileURLToPath(new URL('..', import.meta.url));
  if (built) return { cmd: process.execPath, args: [join(root, 'bin/kiban.js')] };
  // From source: the same CLI through tsx.
  const script = "import('./src/cli/main.ts').then(async (m) => { process.exitCode = await m.main(process.argv.slice(1)); })";
  return { cmd: process.execPath, args: ['--import', 'tsx', '-e', script] };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const root = fileURLToPath(new URL('..', import.meta.url));
  mkdirSync(args.dir, { recursive: true });
  const t0 = Date.now();
  const genome = generateGenome({ seed: 2024, contigs: args.contigs, contigLengthBp: args.contigLengthBp });
  const files = await writeSyntheticFiles(args.dir, genome, { seed: 2025, count: args.variants });
  const genSeconds = (Date.now() - t0) / 1000;
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`load average at start: ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  console.log(`machine: ${cpu}, ${availableParallelism()} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`);
  console.log(
    `input: ${args.variants} variants (${(statSync(files.vcf).size / 2 ** 20).toFixed(0)} MiB VCF), ${genome.transcripts.length} transcripts, ` +
      `${args.contigs} × ${args.contigLengthBp / 1e6} Mb; generated in ${genSeconds.toFixed(1)} s in ${args.dir}`,
  );
  const results: { name: string; command: string; r: RunResult }[] = [];
  const kiban = kibanCommand(args.built);
  const kibanArgs = [...kiban.args, 'annotate', '--in', files.vcf, '--out', join(args.dir, 'kiban.vcf'), '--gff3', files.gff3, '--fasta', files.fasta, '--threads', String(args.threads)];
  if (which('bcftools')) {
    const bcfArgs = ['csq', '-l', '-f', files.fasta, '-g', files.gff3, files.vcf, '-Ov', '-o', join(args.dir, 'bcftools.vcf')];
    results.push({ name: 'bcftools csq -l', command: `bcftools ${bcfArgs.join(' ')}`, r: await measure('bcftools', bcfArgs, root) });
  }
  results.push({ name: 'kiban annotate', command: `${kiban.cmd} ${kibanArgs.join(' ')}`, r: await measure(kiban.cmd, kibanArgs, root) });
  if (which('snpEff')) {
    console.log('snpEff is installed but needs a database built from the GFF3; not run (see docs/reference-bundle.md)');
  } else {
    console.log('snpEff: not installed, skipped');
  }
  for (const { name, command, r } of results) {
    console.log(`\n${name}\n  $ ${command}`);
    if (r.code !== 0) console.log(`  FAILED (exit ${r.code}):\n${r.stderr.slice(-2000)}`);
    console.log(
      `  wall ${r.wallS.toFixed(2)} s, ${Math.round(args.variants / r.wallS).toLocaleString('en')} variants/s, ` +
        `CPU ${r.cpuS?.toFixed(1) ?? '?'} s, peak RSS ${r.peakRssMb?.toFixed(0) ?? '?'} MiB`,
    );
  }
  const bcf = results.find((x) => x.name.startsWith('bcftools'));
  const kib = results.find((x) => x.name.startsWith('kiban'));
  if (bcf && kib && bcf.r.code === 0 && kib.r.code === 0) {
    console.log(`load average at end: ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
    console.log(`\nratio kiban/bcftools: wall ${(kib.r.wallS / bcf.r.wallS).toFixed(2)}×, peak RSS ${((kib.r.peakRssMb ?? 0) / (bcf.r.peakRssMb ?? 1)).toFixed(2)}× (target: wall ≤ 3×)`);
  }
  if (!args.keep) rmSync(args.dir, { recursive: true, force: true });
}

await main();
