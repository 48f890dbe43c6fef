import { Worker } from 'node:worker_threads';
import { KibanError, type ErrorKind } from '../errors.js';
import type { Caller, SampleColumns } from './calls.js';
import type { ReferenceSource } from './reference.js';
import type { RowBatch } from './stage-lines.js';

export interface StageWorkerInit {
  headerLines: string[];
  source: ReferenceSource;
  caller: Caller;
  cols: SampleColumns;
}

export interface StageRequest {
  seq: number;
  text: string;
  firstLine: number;
}

interface SerializedError {
  kind: ErrorKind | 'error';
  code: string;
  message: string;
  details: Record<string, unknown>;
}

export type StageWorkerMessage =
  | { ready: true }
  | { initError: SerializedError }
  | { seq: number; batch: RowBatch }
  | { seq: number; error: SerializedError };

export function serializeError(err: unknown): SerializedError {
  if (err instanceof KibanError) return { kind: err.kind, code: err.code, message: err.message, details: err.details };
  return { kind: 'error', code: 'INTERNAL', message: err instanceof Error ? (err.stack ?? err.message) : String(err), details: {} };
}

function deserialize(e: SerializedError): Error {
  return e.kind === 'error' ? new Error(e.message) : new KibanError(e.kind, e.code, e.message, e.details);
}

/** V8's default young generation makes scavenges a third of the CPU on CSQ strings (annotation/worker-pool.ts measured it). */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 64 };

/** Under tsx (tests, benchmarks) a worker must register tsx itself before importing the .ts file. */
function startWorker(workerData: StageWorkerInit): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./stage-worker.js', import.meta.url), { workerData, resourceLimits: WORKER_LIMITS });
  const tsx = import.meta.resolve('tsx/esm/api');
  const target = new URL('./stage-worker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(target)}); });`;
  return new Worker(bootstrap, { eval: true, workerData, resourceLimits: WORKER_LIMITS });
}

/**
 * Staging workers fed batches of lines; `run` resolves each batch's rows. The caller bounds how
 * many batches are in flight (stage-vcf.ts), so memory is that many batches of rows.
 */
export class StagePool {
  private readonly workers: Worker[] = [];
  private readonly waiting = new Map<number, { resolve: (b: RowBatch) => void; reject: (e: unknown) => void }>();
  private next = 0;
  private failure: unknown;

  static async start(threads: number, init: StageWorkerInit): Promise<StagePool> {
    const pool = new StagePool();
    try {
      await Promise.all(Array.from({ length: threads }, () => pool.add(init)));
    } catch (err) {
      await pool.close();
      throw err;
    }
    return pool;
  }

  private add(init: StageWorkerInit): Promise<void> {
    const worker = startWorker(init);
    this.workers.push(worker);
    return new Promise<void>((resolve, reject) => {
      worker.on('message', (msg: StageWorkerMessage) => {
        if ('ready' in msg) return resolve();
        if ('initError' in msg) return reject(deserialize(msg.initError));
        const w = this.waiting.get(msg.seq);
        this.waiting.delete(msg.seq);
        if ('error' in msg) w?.reject(deserialize(msg.error));
        else w?.resolve(msg.batch);
      });
      worker.on('error', (err) => {
        reject(err);
        this.fail(err);
      });
      worker.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`staging worker exited with code ${code}`));
      });
    });
  }

  run(req: StageRequest): Promise<RowBatch> {
    if (this.failure) return Promise.reject(this.failure);
    const worker = this.workers[this.next++ % this.workers.length]!;
    return new Promise<RowBatch>((resolve, reject) => {
      this.waiting.set(req.seq, { resolve, reject });
      worker.postMessage(req);
    });
  }

  private fail(err: unknown): void {
    this.failure ??= err;
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
