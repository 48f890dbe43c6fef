import type { Command } from 'commander';
import type { CliIo } from './main.js';

export function registerStartCommand(program: Command, io: CliIo): void {
  program
    .command('start')
    .description('Start the API and web UI (PGlite in KIBAN_DATA_DIR, or DATABASE_URL); loads the demo dataset into an empty database')
    .option('--no-demo', 'do not load the demo dataset into an empty database')
    .action(async (opts: { demo: boolean }) => {
      // Loaded here, not at the top: `kiban annotate` and `kiban --help` need none of the server.
      const { runServer } = await import('../server.js');
      await runServer(opts, io);
    });
}
