import type { Db } from '../db/index.js';

export interface DemoOptions {
  seed: number;
  /** How many cases to generate across both domains. */
  cases: number;
}

/** Modules append their demo generators here (registry cases, consents, specimens, …). */
export const demoSteps: Array<(db: Db, opts: DemoOptions) => Promise<void>> = [];
