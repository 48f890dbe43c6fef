import type { Command } from 'commander';
import type { CliIo } from '../cli/main.js';
import { KibanError } from '../errors.js';

export function registerWorkerCommands(program: Command, io: CliIo): void {
  program
    .command('worker')
    .description('Run background jobs (variant ingest) from the PostgreSQL job queue until SIGINT/SIGTERM')
    .option('--reference <dir>', 'reference bundle (kiban reference build): FASTA, transcripts, ClinVar, population AFs')
    .option('--fasta <path>', 'without a bundle: the FASTA (plain or bgzip) that VCFs are normalised against')
    .option('--gene-models <path>', 'without a bundle: GFF3/GTF gene models for consequences')
    .option('--concurrency <n>', 'jobs at once in this process', '1')
    .action(async (opts: { reference?: string; fasta?: string; geneModels?: string; concurrency: string }) => {
      const concurrency = Number(opts.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
        throw new KibanError('usage', 'USAGE', `--concurrency: expected 1…64, got "${opts.concurrency}"`, { field: 'concurrency' });
      }
      if (!opts.reference === !opts.fasta) {
        throw new KibanError('usage', 'USAGE', 'give --reference DIR, or --fasta (and optionally --gene-models)', { field: 'reference' });
      }
      const reference = opts.reference ? { bundle: opts.reference } : { fasta: opts.fasta!, ...(opts.geneModels ? { geneModels: opts.geneModels } : {}) };
      // Loaded here: the database, queue and variant store are not needed for other commands.
      const [{ configFromEnv }, { migrate, openDb }, { startWorkers }] = await Promise.all([
        import('../config.js'), import('../db/index.js'), import('./workers.js'),
      ]);
      const config = configFromEnv();
      const db = await openDb(config);
      await migrate(db);
      const workers = await startWorkers(config, db, {
        reference,
        concurrency,
        log: (m) => io.stderr(`${m}\n`),
      });
      io.stderr(`kiban worker: ${process.pid} working the job queue (${config.databaseUrl ? 'PostgreSQL server' : `PGlite in ${config.dataDir}/pg`})\n`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await workers.stop();
      await db.close();
    });
}
