import type { Db } from '../db/index.js';
import { registryDemoStep } from '../registry/demo.js';
import { seedDemoSpecimens } from '../specimens/index.js';

export interface DemoOptions {
  seed: number;
  /** How many cases to generate across both domains. */
  cases: number;
}

/** Modules append their demo generators here (registry cases, consents, specimens, …). */
export const demoSteps: Array<(db: Db, opts: DemoOptions) => Promise<void>> = [
  // Cases, participants, consents and backdated lifecycle events (src/registry/demo.ts).
  registryDemoStep,
  // Specimens, shipments and custody follow the case histories: keep this after the registry's step.
  seedDemoSpecimens,
];
