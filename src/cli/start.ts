import type { Command } from 'commander';
import type { CliIo } from './main.js';

export function registerStartCommand(program: Command, io: CliIo): void {
  program
    .command('start')
    .description('Start the API and web UI (PGlite in KIBAN_DATA_DIR, or DATABASE_URL); loads the demo dataset into an empty database')
    .option('--no-demo', 'do not load the demo dataset into an empty database')
    .action(async (opts: { demo: boolean }) => {
      // Loaded here, not at the top: `kiban annotate` and `kiban --help` need none of the server.
      const [{ buildApp }, { configFromEnv }, { migrate, openDb }, { DEMO_ACCOUNTS, DEMO_PASSWORD, isEmpty, loadDemo }] = await Promise.all([
        import('../app.js'), import('../config.js'), import('../db/index.js'), import('../demo/index.js'),
      ]);
      const config = configFromEnv();
      const db = await openDb(config);
      await migrate(db);
      let seeded = false;
      if (opts.demo && (await isEmpty(db))) {
        io.stderr('Empty database: loading the demo dataset…\n');
        await loadDemo(db);
        seeded = true;
      }
      const app = await buildApp({ config, db });
      const address = await app.listen({ port: config.port, host: config.host });
      const where = config.databaseUrl ? 'PostgreSQL server (DATABASE_URL)' : `PGlite in ${config.dataDir}/pg`;
      io.stdout(`Kiban is running at ${address.replace('127.0.0.1', 'localhost')}  (database: ${where})\n`);
      io.stdout(`API documentation: ${address}/api/docs\n`);
      if (seeded || opts.demo) {
        io.stdout(`Demo accounts (password for all: ${DEMO_PASSWORD}):\n`);
        for (const a of DEMO_ACCOUNTS) io.stdout(`  ${a.username.padEnd(16)} ${a.principal.padEnd(36)} ${a.displayName}\n`);
      }
      const stop = async () => {
        await app.close();
        await db.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await new Promise(() => undefined); // serve until a signal arrives
    });
}
