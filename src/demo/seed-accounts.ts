import type { Db } from '../db/index.js';
import { createOrg, createUser } from '../auth/index.js';
import { DEMO_ACCOUNTS, DEMO_ORGS, DEMO_PASSWORD } from './accounts.js';

/** Creates the demo organisations and one user per role (audited as system actions). */
export async function seedDemoAccounts(db: Db): Promise<void> {
  for (const org of DEMO_ORGS) await createOrg(db, 'system', { ...org });
  // Hashing is deliberately slow (scrypt); the accounts are few, so do them two at a time.
  for (let i = 0; i < DEMO_ACCOUNTS.length; i += 2) {
    await Promise.all(
      DEMO_ACCOUNTS.slice(i, i + 2).map((a) =>
        createUser(db, 'system', { orgId: a.orgId, username: a.username, displayName: a.displayName, role: a.role, password: DEMO_PASSWORD }),
      ),
    );
  }
}
