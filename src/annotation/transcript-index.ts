import type { Transcript } from '../genomics/types.js';
import type { TranscriptStore } from './transcript-codec.js';

/**
 * Overlap queries over a TranscriptStore, whose columns are sorted by chromosome then start0.
 * Per chromosome, `maxEnd0[k]` is the largest end0 of its first k+1 transcripts, which never
 * decreases: a binary search finds the first transcript that can reach the query, and a scan
 * runs until start0 passes the query's end. Building it is one pass over the end0 column.
 */
export class TranscriptIndex {
  private readonly ranges = new Map<string, { from: number; to: number }>();
  private readonly maxEnd0: Int32Array;

  constructor(private readonly store: TranscriptStore) {
    const n = store.count;
    this.maxEnd0 = new Int32Array(n);
    let from = 0;
    for (let i = 0; i <= n; i++) {
      if (i === n || (i > from && store.chromIndex[i] !== store.chromIndex[from])) {
        this.ranges.set(store.chromNames[store.chromIndex[from]!]!, { from, to: i });
        from = i;
      }
      if (i === n) break;
      const prev = i === from ? -1 : this.maxEnd0[i - 1]!;
      this.maxEnd0[i] = Math.max(prev, store.end0[i]!);
    }
  }

  /** Transcripts overlapping [start0, end0), in start order. */
  overlapping(chrom: string, start0: number, end0: number): Transcript[] {
    const range = this.ranges.get(chrom);
    if (!range) return [];
    const { start0: starts, end0: ends } = this.store;
    let lo = range.from;
    let hi = range.to;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.maxEnd0[mid]! > start0) hi = mid;
      else lo = mid + 1;
    }
    const out: Transcript[] = [];
    for (let k = lo; k < range.to && starts[k]! < end0; k++) {
      if (ends[k]! > start0) out.push(this.store.get(k));
    }
    return out;
  }
}
