import type { Command } from 'commander';
import { KibanError } from '../errors.js';
import type { CliIo } from '../cli/main.js';

export function registerAuditCommands(program: Command, io: CliIo): void {
  const auditCmd = program.command('audit').description('Audit log tools');
  auditCmd
    .command('verify')
    .description('Walk the keyed audit hash chain and check the signed checkpoints; exit 1 naming the first entry that was altered or removed')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { json?: boolean }) => {
      const [{ configFromEnv }, { openDb }, { verifyChain }] = await Promise.all([
        import('../config.js'), import('../db/index.js'), import('./service.js'),
      ]);
      const config = configFromEnv();
      const db = await openDb(config);
      try {
        const result = await verifyChain(db, { checkpointFile: config.auditCheckpointFile });
        if (opts.json) io.stdout(JSON.stringify(result) + '\n');
        if (!result.ok) throw new KibanError('check_failed', 'AUDIT_TAMPERED', result.problem, { seq: result.firstBadSeq });
        if (!opts.json) {
          io.stdout(`audit log intact: ${result.entries} entries, head ${result.headHash}; ${result.checkpoints} checkpoints in ${config.auditCheckpointFile} agree\n`);
        }
      } finally {
        await db.close();
      }
    });
}
