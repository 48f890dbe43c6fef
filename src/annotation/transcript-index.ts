import type { Transcript } from '../genomics/types.js';
import type { TranscriptStore } from './transcript-codec.js';

/**
 * Overlap queries over a TranscriptStore. Per chromosome the transcripts are sorted by start0 and
 * `maxEnd0[i]` is the largest end0 among the first i+1, which is non-decreasing: a binary search
 * finds the first transcript that can reach the query, then a scan runs until start0 passes it.
 */
export class TranscriptIndex {
  private readonly byChrom = new Map<string, { ids: Int32Array; starts: Int32Array; ends: Int32Array; maxEnd0: Int32Array }>();

  constructor(private readonly store: TranscriptStore) {
    const groups = new Map<string, number[]>();
    for (let i = 0; i < store.count; i++) {
      const chrom = store.chroms[i]!;
      const list = groups.get(chrom);
      if (list) list.push(i);
      else groups.set(chrom, [i]);
    }
    for (const [chrom, list] of groups) {
      list.sort((a, b) => store.start0(a) - store.start0(b) || a - b);
      const ids = Int32Array.from(list);
      const starts = Int32Array.from(list, (i) => store.start0(i));
      const ends = Int32Array.from(list, (i) => store.end0(i));
      const maxEnd0 = new Int32Array(list.length);
      let max = -1;
      for (let k = 0; k < list.length; k++) {
        max = Math.max(max, ends[k]!);
        maxEnd0[k] = max;
      }
      this.byChrom.set(chrom, { ids, starts, ends, maxEnd0 });
    }
  }

  /** Transcripts overlapping [start0, end0), in start order. */
  overlapping(chrom: string, start0: number, end0: number): Transcript[] {
    const entry = this.byChrom.get(chrom);
    if (!entry) return [];
    const { ids, starts, ends, maxEnd0 } = entry;
    let lo = 0;
    let hi = ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (maxEnd0[mid]! > start0) hi = mid;
      else lo = mid + 1;
    }
    const out: Transcript[] = [];
    for (let k = lo; k < ids.length && starts[k]! < end0; k++) {
      if (ends[k]! > start0) out.push(this.store.get(ids[k]!));
    }
    return out;
  }
}
