import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

/**
 * STYLE §2, as for src/genomics: the interpretation core takes plain objects and returns values.
 * Files, the clock, the environment and the database stay in the callers (CLI, service).
 */
const CORE = ['acmg', 'inheritance', 'phenotype', 'genotype.ts', 'rank.ts'];
const FORBIDDEN = /from 'node:(fs|fs\/promises|net|http|https|child_process|worker_threads|os|readline|dgram|cluster)'|process\.env|Date\.now\(|new Date\(\)|from '\.\.\/(\.\.\/)?(db|knowledge|annotation)/;

function files(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).flatMap((n) => files(join(path, n)));
}

test('the interpretation core imports no I/O', () => {
  const root = new URL('.', import.meta.url).pathname;
  const offenders = CORE.flatMap((p) => {
    try {
      return files(join(root, p));
    } catch {
      return [];
    }
  })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .filter((f) => FORBIDDEN.test(readFileSync(f, 'utf8')));
  assert.deepEqual(offenders, []);
});
