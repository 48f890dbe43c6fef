import type { Db } from '../db/index.js';
import { seedDemoAccounts } from './seed-accounts.js';
import { demoSteps } from './steps.js';

export { DEMO_ACCOUNTS, DEMO_ORGS, DEMO_PASSWORD } from './accounts.js';

export async function isEmpty(db: Db): Promise<boolean> {
  const [row] = await db.query<{ n: number }>('SELECT count(*) AS n FROM organisations');
  return (row?.n ?? 0) === 0;
}

/** Loads the demo dataset: accounts first, then each module's generated data. */
export async function loadDemo(db: Db, opts: { seed?: number; cases?: number } = {}): Promise<void> {
  await seedDemoAccounts(db);
  for (const step of demoSteps) await step(db, { seed: opts.seed ?? 20261125, cases: opts.cases ?? 300 });
}
