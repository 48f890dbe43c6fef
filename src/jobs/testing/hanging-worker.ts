/**
 * A worker process for the queue tests: takes one job from `queue`, says so on stdout, and
 * never finishes it (the test then SIGKILLs this process).
 *   node --import tsx hanging-worker.ts <postgres-url> <queue>
 */
import { openPg } from '../../db/pg.js';
import { JobQueue } from '../queue.js';

const [url, name] = process.argv.slice(2) as [string, string];
const db = openPg(url, 2);
const queue = await JobQueue.start(db, { pollingIntervalSeconds: 0.5 });
await queue.work(name, async (_data, job) => {
  process.stdout.write(`started ${job.id}\n`);
  await new Promise(() => undefined);
});
process.stdout.write('ready\n');
