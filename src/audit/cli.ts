import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
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
      const config = configFromEnv(process.env, { readOnly: true });
      const db = await openDb(config, { mustExist: true });
      try {
        // Without the platform secret the keyed chain cannot be checked: a throwaway key would
        // report every keyed entry as altered.
        if (!process.env.KIBAN_SECRET && !existsSync(join(config.dataDir, 'secret'))) {
          throw new KibanError('not_found', 'NO_SECRET',
            `no platform secret: set KIBAN_SECRET, or KIBAN_DATA_DIR to the folder whose \`secret\` file \`kiban start\` wrote; the audit chain is keyed with it`,
            { path: join(config.dataDir, 'secret') });
        }
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
