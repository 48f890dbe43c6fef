import { KibanError, type ErrorDetails, type ErrorKind } from '../errors.js';
import type { VcfWarning } from '../genomics/vcf/index.js';
import type { SiteSourceKind } from './site-build.js';

/** Everything a worker needs to annotate on its own (sent once, at start). */
export interface WorkerInit {
  headerLines: string[];
  /** transcripts.kbt bytes (a copy per worker; decoded lazily there). */
  transcripts: Uint8Array;
  fastaPath: string;
  sites: { name: string; kind: SiteSourceKind; path: string }[];
  /** Compress each batch's output into whole BGZF blocks in the worker. */
  bgzf: boolean;
  /** HGVSp as p.(…) (--hgvsp-predicted). */
  hgvspPredicted?: boolean;
}

export interface BatchRequest {
  seq: number;
  firstLine: number;
  /** Whole lines, '\n'-terminated, UTF-8 (transferred, not copied). */
  bytes: Uint8Array;
}

export type BatchReply =
  | { seq: number; output: Uint8Array; records: number; warnings: VcfWarning[] }
  | { seq: number; error: SerializedError };

export type WorkerMessage = BatchReply | { ready: true } | { initError: SerializedError };

export interface SerializedError {
  kind: ErrorKind;
  code: string;
  message: string;
  details: ErrorDetails;
  stack?: string;
}

/** KibanError does not survive structured clone as a class; this carries it across. */
export function serializeError(err: unknown): SerializedError {
  if (err instanceof KibanError) return { kind: err.kind, code: err.code, message: err.message, details: err.details };
  const e = err instanceof Error ? err : new Error(String(err));
  return { kind: 'internal', code: 'INTERNAL', message: e.message, details: {}, ...(e.stack ? { stack: e.stack } : {}) };
}

/** A KibanError again; a bug (kind internal) becomes a plain Error so the CLI prints its stack. */
export function deserializeError(e: SerializedError): Error {
  if (e.kind === 'internal') {
    const bug = new Error(`annotation worker: ${e.message}`);
    if (e.stack) bug.stack = e.stack;
    return bug;
  }
  return new KibanError(e.kind, e.code, e.message, e.details);
}
