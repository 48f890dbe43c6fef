import { invalidInput } from '../../errors.js';
import type { ByteSource } from '../bgzf/random-access.js';
import type { SequenceReader } from '../types.js';
import type { FaiEntry } from './fai.js';

/** Bases per cached window. 64 KiB windows hold ~±32 kb around a variant: every transcript
 * window for a sorted run of variants in one gene comes from one or two windows. */
const WINDOW_BP = 1 << 16;

/**
 * Synchronous `SequenceReader` over an indexed FASTA (plain, or bgzipped through a
 * BgzfRandomAccess source). Keeps at most `maxWindows` decoded windows (default 32 × 64 KiB =
 * 2 MiB), least recently used first out: the engine calls `fetch` once or more per variant.
 */
export class FastaSequenceReader implements SequenceReader {
  private readonly windows = new Map<string, string>();
  /** The last window used: most fetches for sorted variants hit it (saves a key string + lookup). */
  private lastChrom = '';
  private lastIndex = -1;
  private lastText = '';

  constructor(
    private readonly source: ByteSource,
    private readonly fai: Map<string, FaiEntry>,
    private readonly maxWindows = 32,
  ) {}

  contigLength(chrom: string): number | undefined {
    return this.fai.get(chrom)?.lengthBp;
  }

  contigs(): FaiEntry[] {
    return [...this.fai.values()];
  }

  fetch(chrom: string, start0: number, end0: number): string {
    const entry = this.fai.get(chrom);
    if (!entry) throw invalidInput('FASTA_NO_CONTIG', `contig ${chrom} is not in the reference FASTA`, { field: 'CHROM' });
    if (start0 < 0 || end0 < start0 || end0 > entry.lengthBp) {
      throw invalidInput(
        'FASTA_OUT_OF_RANGE',
        `${chrom}:${start0 + 1}-${end0} is outside the contig (length ${entry.lengthBp})`,
        { field: 'POS' },
      );
    }
    if (end0 === start0) return '';
    const firstWindow = Math.floor(start0 / WINDOW_BP);
    const lastWindow = Math.floor((end0 - 1) / WINDOW_BP);
    if (firstWindow === lastWindow) {
      const w = this.window(entry, firstWindow);
      return w.slice(start0 - firstWindow * WINDOW_BP, end0 - firstWindow * WINDOW_BP);
    }
    let out = '';
    for (let w = firstWindow; w <= lastWindow; w++) {
      const text = this.window(entry, w);
      const base = w * WINDOW_BP;
      out += text.slice(Math.max(0, start0 - base), Math.min(text.length, end0 - base));
    }
    return out;
  }

  private window(entry: FaiEntry, index: number): string {
    if (index === this.lastIndex && entry.name === this.lastChrom) return this.lastText;
    const text = this.cachedWindow(entry, index);
    this.lastChrom = entry.name;
    this.lastIndex = index;
    this.lastText = text;
    return text;
  }

  private cachedWindow(entry: FaiEntry, index: number): string {
    const key = `${entry.name}\t${index}`;
    const hit = this.windows.get(key);
    if (hit !== undefined) {
      this.windows.delete(key);
      this.windows.set(key, hit);
      return hit;
    }
    const start0 = index * WINDOW_BP;
    const end0 = Math.min(entry.lengthBp, start0 + WINDOW_BP);
    const text = readBases(this.source, entry, start0, end0);
    this.windows.set(key, text);
    if (this.windows.size > this.maxWindows) this.windows.delete(this.windows.keys().next().value as string);
    return text;
  }
}

/**
 * Reads bases [start0, end0) by their byte positions: copies each line's bases (a native copy per
 * line, not a JS loop per byte; measured 643 ms vs ~60 ms per 200k-variant run), then upper-cases.
 */
function readBases(source: ByteSource, entry: FaiEntry, start0: number, end0: number): string {
  const { lineBases, lineBytes } = entry;
  const byteOf = (pos0: number) => entry.offset0 + Math.floor(pos0 / lineBases) * lineBytes + (pos0 % lineBases);
  const from = byteOf(start0);
  const bytes = source.read(from, byteOf(end0 - 1) + 1 - from);
  const want = end0 - start0;
  const out = Buffer.allocUnsafe(want);
  let n = 0;
  let at = 0;
  let inLine = lineBases - (start0 % lineBases); // bases left on the first line
  while (n < want && at < bytes.length) {
    const take = Math.min(inLine, want - n, bytes.length - at);
    out.set(bytes.subarray(at, at + take), n);
    n += take;
    at += take + (lineBytes - lineBases);
    inLine = lineBases;
  }
  if (n !== want) {
    throw invalidInput('FASTA_TRUNCATED', `FASTA: ${entry.name} is shorter than its .fai says`, { field: 'sequence' });
  }
  return out.toString('latin1').toUpperCase();
}
