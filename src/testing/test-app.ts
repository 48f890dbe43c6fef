import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp, type AppDeps } from '../app.js';
import { testConfig, type Config } from '../config.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../demo/accounts.js';
import { seedDemoAccounts } from '../demo/seed-accounts.js';
import { openTestDb, type TestDb } from './test-db.js';

export interface TestApp {
  app: FastifyInstance;
  db: TestDb;
  config: Config;
  /** Logs a demo account in; returns headers carrying its session cookie and CSRF token. */
  login(username: string): Promise<Record<string, string>>;
  close(): Promise<void>;
}

/** The whole stack (HTTP, policy, services, database) on a fresh test database with demo accounts. */
export async function openTestApp(
  kind: 'pglite' | 'pg',
  overrides: Partial<Config> = {},
  extra: { variants?: (db: TestDb) => Promise<AppDeps['variants']>; knowledge?: AppDeps['knowledge']; webDir?: string } = {},
): Promise<TestApp> {
  const db = await openTestDb(kind);
  await seedDemoAccounts(db);
  const config = testConfig(overrides);
  const variants = extra.variants ? await extra.variants(db) : undefined;
  const app = await buildApp({ config, db, ...(variants ? { variants } : {}), ...(extra.knowledge ? { knowledge: extra.knowledge } : {}) }, { webDir: extra.webDir ?? false });
  await app.ready();
  const sessions = new Map<string, Record<string, string>>();
  return {
    app,
    db,
    config,
    async login(username) {
      const cached = sessions.get(username);
      if (cached) return cached;
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
      if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
      const headers = { cookie: sessionCookie(res), 'x-csrf-token': res.json().csrfToken as string };
      sessions.set(username, headers);
      return headers;
    },
    async close() {
      await app.close();
      await db.close();
    },
  };
}

export function sessionCookie(res: LightMyRequestResponse): string {
  const c = res.cookies.find((x) => x.name === 'kiban_session');
  if (!c) throw new Error('no session cookie in response');
  return `kiban_session=${c.value}`;
}

export const ACCOUNT_BY_PRINCIPAL = new Map(DEMO_ACCOUNTS.map((a) => [a.principal, a.username]));
