import { Worker } from 'node:worker_threads';
import { deserializeError, type BatchReply, type BatchRequest, type WorkerInit, type WorkerMessage } from './worker-protocol.js';

/**
 * Starts the worker file next to this one. From the compiled dist/server build that is
 * `annotate-worker.js`. From source under tsx (tests, bench) it is the `.ts` file, and inherited
 * `--import tsx` is not enough on Node 20 (the loader hooks of the parent do not reach a worker's
 * module graph), so a small bootstrap registers tsx in the worker first, then imports the `.ts`.
 */
function startWorker(workerData: WorkerInit): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./annotate-worker.js', import.meta.url), { workerData });
  const tsx = import.meta.resolve('tsx/esm/api');
  const target = new URL('./annotate-worker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(target)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}

interface Slot {
  worker: Worker;
  outstanding: number;
}

/** N annotation workers; each batch goes to the worker with the fewest outstanding batches. */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly waiting = new Map<number, { resolve: (r: BatchReply) => void; reject: (e: unknown) => void; slot: Slot }>();
  private failure: unknown;

  private constructor() {}

  static async start(threads: number, init: WorkerInit): Promise<WorkerPool> {
    const pool = new WorkerPool();
    const ready: Promise<void>[] = [];
    for (let i = 0; i < threads; i++) {
      const worker = startWorker(init);
      const slot: Slot = { worker, outstanding: 0 };
      pool.slots.push(slot);
      ready.push(
        new Promise<void>((resolve, reject) => {
          worker.on('message', (msg: WorkerMessage) => {
            if ('ready' in msg) resolve();
            else if ('initError' in msg) reject(deserializeError(msg.initError));
            else pool.onReply(msg);
          });
          worker.on('error', (err) => {
            reject(err);
            pool.fail(err);
          });
          worker.on('exit', (code) => {
            if (code !== 0) pool.fail(new Error(`annotation worker exited with code ${code}`));
          });
        }),
      );
    }
    try {
      await Promise.all(ready);
    } catch (err) {
      await pool.close();
      throw err;
    }
    return pool;
  }

  run(req: BatchRequest): Promise<BatchReply> {
    if (this.failure) return Promise.reject(this.failure);
    let slot = this.slots[0]!;
    for (const s of this.slots) if (s.outstanding < slot.outstanding) slot = s;
    slot.outstanding++;
    return new Promise<BatchReply>((resolve, reject) => {
      this.waiting.set(req.seq, { resolve, reject, slot });
      slot.worker.postMessage(req, [req.bytes.buffer as ArrayBuffer]);
    });
  }

  private onReply(reply: BatchReply): void {
    const w = this.waiting.get(reply.seq);
    if (!w) return;
    this.waiting.delete(reply.seq);
    w.slot.outstanding--;
    w.resolve(reply);
  }

  private fail(err: unknown): void {
    if (this.failure) return;
    this.failure = err;
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
  }

  async close(): Promise<void> {
    this.failure ??= new Error('worker pool closed');
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
