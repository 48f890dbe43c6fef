import { Command } from 'commander';
import { handleError } from './handle-error.js';
import { commandModules } from './commands.js';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processIo: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

/**
 * The `kiban` root command. Each module contributes its commands from its `cli.ts` (STYLE §10);
 * `main` returns the exit code instead of exiting, so tests run commands in-process.
 */
export function buildProgram(io: CliIo = processIo): Command {
  const program = new Command('kiban')
    .description('Kiban (基盤): whole-genome medicine platform — server, reference data, annotation, audit')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError();
  for (const register of commandModules) register(program, io);
  // Subcommands inherit exitOverride and output so that errors reach handleError.
  const inherit = (cmd: Command): void => {
    for (const sub of cmd.commands) {
      sub.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
      inherit(sub);
    }
  };
  inherit(program);
  return program;
}

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  try {
    await buildProgram(io).parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    return handleError(err, io.stderr);
  }
}
