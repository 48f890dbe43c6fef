import { createHmac, timingSafeEqual } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Db, Queryable } from '../db/index.js';
import { canonicalJson, GENESIS_HASH } from './chain.js';
import { auditKeys } from './keys.js';
import { readHead } from './store.js';

/**
 * Signed checkpoints of the chain's head, written outside the database (an append-only file, by
 * default `<dataDir>/audit-checkpoints.jsonl`; point KIBAN_AUDIT_CHECKPOINT_FILE at a WORM volume
 * or another host's mount to keep them from the database host's administrators too). Someone
 * who can write the database can cut entries off the end and move audit_head back, which the
 * chain alone cannot notice; a checkpoint that names an entry the chain no longer has, or a
 * different hash for it, exposes that. One JSON line per checkpoint:
 * `{"seq":…,"hash":"…","keyedFrom":…,"at":"…","sig":"<HMAC-SHA256 of the other fields>"}`.
 */
export interface Checkpoint {
  seq: number;
  hash: string;
  keyedFrom: number;
  at: string;
}

function sign(c: Checkpoint): string {
  return createHmac('sha256', auditKeys().checkpoint).update(canonicalJson(c)).digest('hex');
}

/** Appends a checkpoint of the current head unless it equals `last`; returns the head checkpointed. */
export async function writeCheckpoint(q: Queryable, file: string, last?: Checkpoint): Promise<Checkpoint | undefined> {
  const head = await readHead(q);
  if (!head) return last;
  if (last && last.seq === head.seq && last.hash === head.hash) return last;
  const c: Checkpoint = { seq: head.seq, hash: head.hash, keyedFrom: head.keyed_from, at: new Date().toISOString() };
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, JSON.stringify({ ...c, sig: sign(c) }) + '\n', { mode: 0o600 });
  return c;
}

/** Checkpoints the head every `intervalMs` (and once more on stop) while the server runs. */
export function startCheckpointer(db: Db, file: string, intervalMs: number, onError: (err: unknown) => void): { stop(): Promise<void> } {
  let last: Checkpoint | undefined;
  let running = Promise.resolve();
  const tick = () => {
    running = running.then(async () => { last = await writeCheckpoint(db, file, last); }).catch(onError);
    return running;
  };
  void tick();
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await tick();
    },
  };
}

export type CheckpointProblem = { line: number; seq: number; problem: string };

/**
 * Checks every checkpoint in `file` against the chain: its signature, the chain's keyed_from, and
 * that the entry it names still exists with the same hash. Returns the first problem, if any.
 */
export async function checkCheckpoints(q: Queryable, file: string): Promise<{ count: number; problem?: CheckpointProblem }> {
  if (!existsSync(file)) return { count: 0 };
  const lines = readFileSync(file, 'utf8').split('\n');
  const head = await readHead(q);
  let count = 0;
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.trim()) continue;
    count++;
    const problem = await checkLine(q, lines[i]!, head?.keyed_from ?? 1);
    if (problem) return { count, problem: { line: i + 1, ...problem } };
  }
  return { count };
}

async function checkLine(q: Queryable, line: string, keyedFrom: number): Promise<{ seq: number; problem: string } | undefined> {
  let parsed: Checkpoint & { sig?: string };
  try {
    parsed = JSON.parse(line) as Checkpoint & { sig?: string };
  } catch {
    return { seq: 0, problem: 'is not JSON' };
  }
  const { sig, ...c } = parsed;
  const expected = Buffer.from(sign(c), 'hex');
  if (typeof sig !== 'string' || sig.length !== expected.length * 2 || !timingSafeEqual(Buffer.from(sig, 'hex'), expected)) {
    return { seq: c.seq, problem: 'is not signed with this platform\'s audit key' };
  }
  if (c.keyedFrom !== keyedFrom) {
    return { seq: c.seq, problem: `says the chain is keyed from entry ${c.keyedFrom}, the database says ${keyedFrom}: the log was rewritten` };
  }
  if (c.seq === 0) return c.hash === GENESIS_HASH ? undefined : { seq: 0, problem: 'names a wrong genesis hash' };
  const [row] = await q.query<{ hash: string }>('SELECT hash FROM audit_log WHERE seq = $1', [c.seq]);
  if (!row) return { seq: c.seq, problem: `names entry ${c.seq}, which the log no longer has: entries at the end were removed` };
  if (row.hash !== c.hash) return { seq: c.seq, problem: `names entry ${c.seq} with another hash: the log was rewritten up to there` };
  return undefined;
}
