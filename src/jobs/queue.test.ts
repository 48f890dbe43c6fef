import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { dbKinds, openTestDb, type TestDb } from '../testing/test-db.js';
import { JobQueue } from './queue.js';

const POLICY = { retryLimit: 2, retryDelaySeconds: 0, retryBackoff: false, expireInSeconds: 2 };
const FAST = { maintenanceIntervalSeconds: 1, pollingIntervalSeconds: 0.5 };

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

for (const kind of dbKinds()) {
  describe(`job queue (pg-boss on ${kind.name})`, { skip: kind.skip }, () => {
    let db: TestDb;
    before(async () => {
      db = await openTestDb(kind.name);
    });
    after(async () => {
      await db.close();
    });

    it('runs a job once and records it completed', async () => {
      const queue = await JobQueue.start(db, FAST);
      await queue.define('t-once', POLICY);
      const seen: unknown[] = [];
      await queue.work<{ n: number }>('t-once', async (data, job) => void seen.push([data, job.retryCount]));
      const id = await queue.send('t-once', { n: 7 });
      const state = await until('completion', async () => ((await queue.job('t-once', id))?.state === 'completed' ? 'completed' : undefined));
      assert.equal(state, 'completed');
      assert.deepEqual(seen, [[{ n: 7 }, 0]]);
      await queue.stop();
    });

    it('retries a job whose worker died (expired), and another worker completes it', async () => {
      const done: string[] = [];
      let id: string;
      if (kind.name === 'pg') {
        // A real second process takes the job and is SIGKILLed while running it.
        const queue = await JobQueue.start(db, FAST);
        await queue.define('t-die', POLICY);
        const [{ name }] = (await db.query<{ name: string }>('SELECT current_database() AS name')) as [{ name: string }];
        const url = new URL(process.env.TEST_DATABASE_URL!);
        url.pathname = `/${name}`;
        const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./testing/hanging-worker.ts', import.meta.url)), url.toString(), 't-die'], {
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        let out = '';
        child.stdout.on('data', (b: Buffer) => (out += b.toString()));
        await until('child ready', async () => (out.includes('ready') ? true : undefined));
        id = await queue.send('t-die', { n: 1 });
        await until('child to take the job', async () => (out.includes(`started ${id}`) ? true : undefined));
        child.kill('SIGKILL');
        await once(child, 'exit');
        assert.equal((await queue.job('t-die', id))?.state, 'active', 'the dead worker left it active');
        await queue.work('t-die', async (_d, job) => void done.push(`${job.id}#${job.retryCount}`));
        await until('retry', async () => ((await queue.job('t-die', id))?.state === 'completed' ? true : undefined));
        await queue.stop();
      } else {
        // PGlite lives in this process: a handler that hangs is, to the queue, a dead worker. Its
        // attempt expires after 2 s, maintenance marks it for retry, and the retry completes.
        const queue = await JobQueue.start(db, FAST);
        await queue.define('t-die', POLICY);
        await queue.work('t-die', async (_d, job) => {
          if (job.retryCount === 0) await new Promise(() => undefined);
          done.push(`${job.id}#${job.retryCount}`);
        }, 2);
        id = await queue.send('t-die', { n: 1 });
        await until('the job to start', async () => ((await queue.job('t-die', id))?.state === 'active' ? true : undefined));
        await until('retry', async () => ((await queue.job('t-die', id))?.state === 'completed' ? true : undefined));
        await queue.stop(false);
      }
      assert.deepEqual(done, [`${id}#1`]);
    });
  });
}
