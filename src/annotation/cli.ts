import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { existsSync } from 'node:fs';
import { KibanError } from '../errors.js';
import { checkValue } from '../validate.js';
import type { CliIo } from '../cli/main.js';
import { AnnotateFlags, ReferenceBuildFlags } from './schemas.js';
import type { AnnotateProgress } from './service.js';

/** Bad flags are usage errors (exit 2), whatever checkValue calls them. */
function flags<T>(check: () => T): T {
  try {
    return check();
  } catch (err) {
    if (err instanceof KibanError) throw new KibanError('usage', 'USAGE', err.message, err.details);
    throw err;
  }
}

function usage(message: string): KibanError {
  return new KibanError('usage', 'USAGE', message);
}

function mustExist(path: string | undefined, flag: string): void {
  if (path !== undefined && !existsSync(path)) throw new KibanError('not_found', 'NOT_FOUND', `${flag} ${path}: no such file`, { field: flag });
}

/** `--name value` as typed (commander camel-cases `--hgvsp-predicted`; a boolean flag has no value). */
function flagText(key: string, value: unknown): string {
  const name = key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  return value === true ? `--${name}` : `--${name} ${String(value)}`;
}

export function registerAnnotationCommands(program: Command, io: CliIo): void {
  program
    .command('annotate')
    .description('Annotate a VCF with consequences (INFO/CSQ, VEP convention), ClinVar and population frequencies')
    .requiredOption('--in <file>', 'input VCF (.vcf, .vcf.gz)')
    .requiredOption('--out <file>', 'output VCF (.vcf, or .vcf.gz for BGZF)')
    .option('--reference <dir>', 'reference bundle from `kiban reference build`')
    .option('--gff3 <file>', 'gene models, GFF3 (instead of --reference)')
    .option('--gtf <file>', 'gene models, GTF (instead of --reference)')
    .option('--fasta <file>', 'reference FASTA, plain or bgzip (with --gff3/--gtf)')
    .option('--threads <n>', 'worker threads (default: all cores)', (v) => Number(v))
    .option('--hgvsp-predicted', "HGVSp in HGVS's predicted form p.(Lys315Asn) (VEP's --hgvsp_use_prediction); default VEP's p.Lys315Asn")
    .action(async (raw: Record<string, unknown>) => {
      const opts = flags(() => checkValue(AnnotateFlags, raw, 'flag'));
      if (opts.gff3 && opts.gtf) throw usage('give --gff3 or --gtf, not both');
      if (!opts.reference && (!(opts.gff3 ?? opts.gtf) || !opts.fasta)) throw usage('give --reference DIR, or --gff3 (or --gtf) with --fasta');
      mustExist(opts.in, '--in');
      mustExist(opts.reference, '--reference');
      mustExist(opts.gff3 ?? opts.gtf, opts.gff3 ? '--gff3' : '--gtf');
      mustExist(opts.fasta, '--fasta');
      const bar = progressBar();
      try {
        // Loaded on use: the engine and its workers are not needed for --help or other commands.
        const { annotateVcf } = await import('./service.js');
        const result = await annotateVcf({
          input: opts.in,
          output: opts.out,
          ...(opts.reference ? { reference: opts.reference } : {}),
          ...(opts.gff3 ?? opts.gtf ? { geneModels: (opts.gff3 ?? opts.gtf)!, geneModelFormat: opts.gtf ? ('gtf' as const) : ('gff3' as const) } : {}),
          ...(opts.fasta ? { fasta: opts.fasta } : {}),
          ...(opts.threads ? { threads: opts.threads } : {}),
          ...(opts.hgvspPredicted ? { hgvspPredicted: true } : {}),
          // From the parsed flags, so an in-process call records its own arguments, not the host's.
          commandLine: ['kiban annotate', ...Object.entries(raw).filter(([, v]) => v !== undefined).map(([k, v]) => flagText(k, v))].join(' '),
          ...(bar ? { onProgress: bar.update } : {}),
          onWarning: (text) => io.stderr(`${text}\n`),
        });
        bar?.stop();
        const rate = Math.round(result.records / Math.max(result.elapsedMs / 1000, 0.001));
        const warned = result.warnings > 0 ? `, ${result.warnings} warning${result.warnings === 1 ? '' : 's'}` : '';
        io.stderr(`annotated ${result.records} records in ${(result.elapsedMs / 1000).toFixed(1)} s (${rate}/s, ${result.threads} threads${warned}) → ${opts.out}\n`);
      } catch (err) {
        bar?.stop();
        throw err;
      }
    });

  const reference = program.command('reference').description('Reference data bundles');
  reference
    .command('build')
    .description('Build a reference bundle: gene models, sequence reference, ClinVar and population sites')
    .option('--gff3 <file>', 'gene models, GFF3 (plain or gzip)')
    .option('--gtf <file>', 'gene models, GTF (plain or gzip)')
    .requiredOption('--fasta <file>', 'reference FASTA (plain or bgzip); referenced, not copied')
    .option('--clinvar <file>', 'ClinVar VCF (CLNSIG, CLNREVSTAT)')
    .option('--population <name=file>', 'population VCF with AC/AN/AF (repeatable)', (v: string, all: string[]) => [...all, v], [] as string[])
    .requiredOption('--out <dir>', 'bundle folder to create')
    .action(async (raw: Record<string, unknown>) => {
      const opts = flags(() => checkValue(ReferenceBuildFlags, raw, 'flag'));
      const annotation = opts.gff3 ?? opts.gtf;
      if (!annotation || (opts.gff3 && opts.gtf)) throw usage('give exactly one of --gff3 or --gtf');
      const populations = opts.population.map((p) => {
        const eq = p.indexOf('=');
        return { name: p.slice(0, eq), path: p.slice(eq + 1) };
      });
      for (const [path, flag] of [[annotation, '--gff3'], [opts.fasta, '--fasta'], [opts.clinvar, '--clinvar'], ...populations.map((p) => [p.path, '--population'])] as const) {
        mustExist(path, flag);
      }
      const { buildReferenceBundle } = await import('./bundle.js');
      const manifest = await buildReferenceBundle({
        annotation,
        annotationFormat: opts.gtf ? 'gtf' : 'gff3',
        fasta: opts.fasta,
        ...(opts.clinvar ? { clinvar: opts.clinvar } : {}),
        populations,
        outDir: opts.out,
      });
      const sites = manifest.sites.map((s) => `${s.name} ${s.count} sites`).join(', ');
      io.stdout(`reference bundle ${opts.out}: ${manifest.transcripts.count} transcripts${sites ? `, ${sites}` : ''}\n`);
    });
}

/** cli-progress on stderr when it is a terminal; nothing otherwise (logs, CI, pipes). */
function progressBar(): { update: (p: AnnotateProgress) => void; stop: () => void } | undefined {
  if (!process.stderr.isTTY) return undefined;
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: 'annotate [{bar}] {percentage}% | {records} records | {rate} records/s | ETA {eta_formatted}',
      etaBuffer: 50,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  let begun = false;
  return {
    update: (p) => {
      const rate = Math.round(p.records / Math.max((Date.now() - started) / 1000, 0.001));
      if (!begun) {
        bar.start(p.totalBytes, p.bytesRead, { records: p.records, rate });
        begun = true;
      } else bar.update(p.bytesRead, { records: p.records, rate });
    },
    stop: () => {
      if (begun) bar.stop();
    },
  };
}
