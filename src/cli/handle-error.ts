import { CommanderError } from 'commander';
import { EXIT_CODE, KibanError } from '../errors.js';

/** The one place where errors become exit codes and a message on stderr (STYLE §4, §10). */
export function handleError(err: unknown, stderr: (text: string) => void): number {
  if (err instanceof CommanderError) {
    // commander has already printed its own message (help, version, bad flag).
    return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0
      ? 0
      : EXIT_CODE.usage;
  }
  if (err instanceof KibanError) {
    stderr(`kiban: ${err.message}\n`);
    return EXIT_CODE[err.kind];
  }
  const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
  stderr(`kiban: internal error: ${message}\n`);
  return EXIT_CODE.internal;
}
