import type { Command } from 'commander';
import { KibanError } from '../errors.js';
import type { CliIo } from '../cli/main.js';

export function registerAuditCommands(program: Command, io: CliIo): void {
  const auditCmd = program.command('audit').description('Audit log tools');
  auditCmd
    .command('verify')
    .description('Walk the audit hash chain; exit 1 naming the first entry that was altered or removed')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { json?: boolean }) => {
      const [{ configFromEnv }, { openDb }, { verifyChain }] = await Promise.all([
        import('../config.js'), import('../db/index.js'), import('./service.js'),
      ]);
      const db = await openDb(configFromEnv(process.env, { readOnly: true }), { mustExist: true });
      try {
        const result = await verifyChain(db);
        if (opts.json) io.stdout(JSON.stringify(result) + '\n');
        if (!result.ok) throw new KibanError('check_failed', 'AUDIT_TAMPERED', result.problem, { seq: result.firstBadSeq });
        if (!opts.json) io.stdout(`audit log intact: ${result.entries} entries, head ${result.headHash}\n`);
      } finally {
        await db.close();
      }
    });
}
