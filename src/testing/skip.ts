import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';

/**
 * A test whose tool, service or data is missing is skipped with the reason locally, and fails in
 * CI (CI=true), where everything must be present: nothing silently skips there.
 * Returns true when the test should go on.
 */
export function requireOrSkip(t: TestContext, present: boolean, reason: string): boolean {
  if (present) return true;
  if (process.env.CI === 'true') throw new Error(`required in CI but missing: ${reason}`);
  t.skip(reason);
  return false;
}

/** The same check for a whole describe-level condition, before any test runs. */
export function skipReason(present: boolean, reason: string): string | false {
  if (present) return false;
  if (process.env.CI === 'true') throw new Error(`required in CI but missing: ${reason}`);
  return reason;
}

/**
 * A path in the shared reference data (`../shared/data` beside the checkout, as in CI; or
 * KIBAN_SHARED_DATA), which tests read in place and never copy into the repository.
 */
export function sharedData(...parts: string[]): string {
  const root = process.env.KIBAN_SHARED_DATA ?? fileURLToPath(new URL('../../../shared/data', import.meta.url));
  return join(root, ...parts);
}
