import type { Command } from 'commander';
import type { CliIo } from '../cli/main.js';
import { configFromEnv } from '../config.js';
import { migrate, openDb } from '../db/index.js';
import { invalidInput } from '../errors.js';
import { startWorkers } from './workers.js';

export function registerWorkerCommands(program: Command, io: CliIo): void {
  program
    .command('worker')
    .description('Run background jobs (variant ingest) from the PostgreSQL job queue until SIGINT/SIGTERM')
    .requiredOption('--fasta <path>', 'reference FASTA (plain or bgzip) that VCFs are normalised against')
    .option('--gene-models <path>', 'GFF3/GTF gene models for gene and transcript annotation')
    .option('--concurrency <n>', 'jobs at once in this process', '1')
    .action(async (opts: { fasta: string; geneModels?: string; concurrency: string }) => {
      const concurrency = Number(opts.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
        throw invalidInput('USAGE', `--concurrency: expected 1…64, got "${opts.concurrency}"`, { field: 'concurrency' });
      }
      const config = configFromEnv();
      const db = await openDb(config);
      await migrate(db);
      const workers = await startWorkers(config, db, {
        fasta: opts.fasta,
        ...(opts.geneModels ? { geneModels: opts.geneModels } : {}),
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
