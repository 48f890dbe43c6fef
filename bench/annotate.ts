/**
 * Benchmark: `kiban annotate` against `bcftools csq -l` and snpEff (when installed: Debian's
 * `snpeff` package) on the same synthetic genome, gene models and ≥ 1M-variant VCF. Not part of
 * npm test.
 *
 *   npm run bench:annotate                      # 1,000,000 variants, all cores
 *   npm run bench:annotate -- --variants 200000 --threads 2 --keep
 *   npm run build:server && npm run bench:annotate -- --built   # the compiled CLI
 *
 * Two pairs are compared like with like. bcftools csq reads the GFF3 and FASTA on every run, as
 * `kiban annotate --gff3 --fasta` does. snpEff annotates from a database built beforehand, as
 * `kiban annotate --reference` does from a bundle; both one-off builds are timed and printed
 * apart. snpEff's database is built from the GTF of the same gene models (`snpEff build -gtf22`,
 * its documented route for Ensembl): snpEff 5.1 reads Ensembl GFF3's `transcript:` ids and
 * lnc_RNA/NMD_transcript_variant types wrongly and would annotate other transcripts.
 *
 * Prints the command lines, the machine, wall time, variants/s, peak RSS of each tool (from
 * /usr/bin/time -v when present, else from /proc polling) and the ratios.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateGenome, gtfLines } from '../src/genomics/synthetic/index.js';
import { writeLines, writeSyntheticFiles } from '../src/annotation/synthetic-files.js';
import { describeMachine } from './machine.js';
import { compareTerms, kibanTerms, snpEffTerms } from './agreement.js';

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

/**
 * Runs a command; peak RSS from GNU time's "Maximum resident set size" (includes child threads).
 * `stdoutPath` takes the output of tools that write their VCF to standard output (snpEff).
 */
function measure(cmd: string, args: string[], cwd: string, stdoutPath?: string): Promise<RunResult> {
  const full = HAS_TIME ? ['/usr/bin/time', ['-v', cmd, ...args]] as const : [cmd, args] as const;
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(full[0], [...full[1]], { cwd, stdio: ['ignore', stdoutPath ? 'pipe' : 'ignore', 'pipe'] });
    const sink = stdoutPath ? child.stdout?.pipe(createWriteStream(stdoutPath)) : undefined;
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
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', async (code) => {
      if (poll) clearInterval(poll);
      const wallS = Number(process.hrtime.bigint() - started) / 1e9;
      // The output is compared afterwards: wait until the last bytes are on disk.
      if (sink && !sink.writableFinished) await once(sink, 'finish');
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

/** snpEff's layout: a config naming the genome, and data/<genome>/{genes.gtf,sequences.fa}. */
async function prepareSnpEff(dir: string, genome: ReturnType<typeof generateGenome>, fasta: string): Promise<{ config: string; name: string }> {
  const name = 'kiban_synthetic';
  const data = join(dir, 'snpeff', 'data', name);
  rmSync(join(dir, 'snpeff'), { recursive: true, force: true }); // a --dir of an earlier run
  mkdirSync(data, { recursive: true });
  await writeLines(join(data, 'genes.gtf'), gtfLines(genome));
  symlinkSync(fasta, join(data, 'sequences.fa'));
  const config = join(dir, 'snpeff', 'snpEff.config');
  writeFileSync(config, `data.dir = ./data/\n${name}.genome : Kiban synthetic (seed 2024)\n`);
  return { config, name };
}

interface Timed {
  name: string;
  command: string;
  r: RunResult;
  /** A one-off database/bundle build, reported apart from the annotation runs. */
  build?: boolean;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const root = fileURLToPath(new URL('..', import.meta.url));
  mkdirSync(args.dir, { recursive: true });
  console.log(describeMachine());
  const t0 = Date.now();
  const genome = generateGenome({ seed: 2024, contigs: args.contigs, contigLengthBp: args.contigLengthBp });
  const files = await writeSyntheticFiles(args.dir, genome, { seed: 2025, count: args.variants });
  const snpEff = which('snpEff') ? await prepareSnpEff(args.dir, genome, files.fasta) : undefined;
  const genSeconds = (Date.now() - t0) / 1000;
  console.log(
    `input: ${args.variants} variants (${(statSync(files.vcf).size / 2 ** 20).toFixed(0)} MiB VCF), ${genome.transcripts.length} transcripts, ` +
      `${args.contigs} × ${args.contigLengthBp / 1e6} Mb; generated in ${genSeconds.toFixed(1)} s in ${args.dir}`,
  );
  const results: Timed[] = [];
  const run = async (name: string, cmd: string, cmdArgs: string[], options: { build?: boolean; cwd?: string; stdout?: string } = {}) => {
    const shown = `${cmd === process.execPath ? 'node' : cmd} ${cmdArgs.join(' ')}${options.stdout ? ` > ${options.stdout}` : ''}`;
    const timed: Timed = { name, command: shown, r: await measure(cmd, cmdArgs, options.cwd ?? root, options.stdout) };
    if (options.build) timed.build = true;
    results.push(timed);
    return timed;
  };
  const kiban = kibanCommand(args.built);
  const threads = ['--threads', String(args.threads)];
  if (which('bcftools')) {
    await run('bcftools csq -l', 'bcftools', ['csq', '-l', '-f', files.fasta, '-g', files.gff3, files.vcf, '-Ov', '-o', join(args.dir, 'bcftools.vcf')]);
  } else {
    console.log('bcftools: not installed, skipped');
  }
  await run('kiban annotate --gff3', kiban.cmd, [...kiban.args, 'annotate', '--in', files.vcf, '--out', join(args.dir, 'kiban.vcf'), '--gff3', files.gff3, '--fasta', files.fasta, ...threads]);
  if (snpEff) {
    const bundle = join(args.dir, 'bundle');
    rmSync(bundle, { recursive: true, force: true }); // `reference build` will not overwrite one
    await run('kiban reference build', kiban.cmd, [...kiban.args, 'reference', 'build', '--gff3', files.gff3, '--fasta', files.fasta, '--out', bundle], { build: true });
    await run('kiban annotate --reference', kiban.cmd, [...kiban.args, 'annotate', '--in', files.vcf, '--out', join(args.dir, 'kiban-bundle.vcf'), '--reference', bundle, ...threads]);
    // -noLog: no usage report and no update check over the network; -noStats: no HTML summary.
    const cwd = join(args.dir, 'snpeff');
    await run('snpEff build', 'snpEff', ['build', '-gtf22', '-noLog', '-noCheckCds', '-noCheckProtein', '-c', snpEff.config, snpEff.name], { build: true, cwd });
    await run('snpEff ann', 'snpEff', ['ann', '-noLog', '-noStats', '-c', snpEff.config, snpEff.name, files.vcf], { cwd, stdout: join(args.dir, 'snpeff.vcf') });
  } else {
    console.log('snpEff: not installed (Debian: apt-get install snpeff), skipped');
  }
  for (const { name, command, r, build } of results) {
    console.log(`\n${name}${build ? ' (one-off build)' : ''}\n  $ ${command}`);
    if (r.code !== 0) console.log(`  FAILED (exit ${r.code}):\n${r.stderr.slice(-2000)}`);
    const rate = build ? '' : `${Math.round(args.variants / r.wallS).toLocaleString('en')} variants/s, `;
    console.log(`  wall ${r.wallS.toFixed(2)} s, ${rate}CPU ${r.cpuS?.toFixed(1) ?? '?'} s, peak RSS ${r.peakRssMb?.toFixed(0) ?? '?'} MiB`);
  }
  console.log(`\nload average at end: ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  const ok = (name: string) => results.find((x) => x.name === name && x.r.code === 0)?.r;
  const ratio = (label: string, a: RunResult | undefined, b: RunResult | undefined, target: string) => {
    if (!a || !b) return;
    const rss = a.peakRssMb && b.peakRssMb ? `, peak RSS ${(a.peakRssMb / b.peakRssMb).toFixed(2)}×` : '';
    console.log(`ratio ${label}: wall ${(a.wallS / b.wallS).toFixed(2)}×${rss} (target: ${target})`);
  };
  ratio('kiban --gff3 / bcftools', ok('kiban annotate --gff3'), ok('bcftools csq -l'), 'wall ≤ 3×');
  ratio('snpEff ann / kiban --reference', ok('snpEff ann'), ok('kiban annotate --reference'), 'wall ≥ 5×');
  if (ok('snpEff ann') && ok('kiban annotate --reference')) {
    // The ratio means something only if both annotated the same transcripts with the same calls.
    // Up to about a million input variants are compared (all of them in the 1M default).
    const every = Math.ceil(args.variants / 1_000_000);
    const a = compareTerms(await kibanTerms(join(args.dir, 'kiban-bundle.vcf'), every), await snpEffTerms(join(args.dir, 'snpeff.vcf'), every));
    console.log(
      `kiban vs snpEff${every > 1 ? ` (variants with a key hash divisible by ${every})` : ''}: ${a.both.toLocaleString('en')} (variant, transcript) pairs in both, ${a.onlyA} only in kiban, ${a.onlyB} only in snpEff; ` +
        `most severe term the same for ${((100 * a.same) / a.both).toFixed(1)}%.\n` +
        `Differences by transcript biotype: ${[...a.differByBiotype].sort((p, q) => q[1] - p[1]).map(([k, n]) => `${k} ${n}`).join(', ')}\n` +
        `Most frequent differences, kiban → snpEff (biotype):\n  ${a.top.join('\n  ')}`,
    );
  }
  if (!args.keep) rmSync(args.dir, { recursive: true, force: true });
}

await main();
