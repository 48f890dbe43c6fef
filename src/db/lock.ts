import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { KibanError } from '../errors.js';

/**
 * Takes `lockFile` for this process (its pid inside) and returns the release. A lock whose
 * process is gone (a crash, kill -9) is taken over; one held by a live process is refused with
 * DATABASE_IN_USE, naming the pid, instead of letting two processes write one PGlite directory.
 */
export function lockDataDir(lockFile: string, dbDir: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockFile, `${process.pid}\n`, { flag: 'wx' });
      return () => rmSync(lockFile, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const pid = Number.parseInt(readFileSync(lockFile, 'utf8'), 10);
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
      throw new KibanError('conflict', 'DATABASE_IN_USE',
        `the database in ${dbDir} is open in another Kiban process (pid ${pid}, see ${lockFile}); stop that process first, or use DATABASE_URL for a PostgreSQL server that many processes share`,
        { path: dbDir, pid });
    }
    rmSync(lockFile, { force: true }); // stale: its process is gone
  }
  throw new KibanError('conflict', 'DATABASE_IN_USE', `could not take the lock ${lockFile}`, { path: dbDir });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
