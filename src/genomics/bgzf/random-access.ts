import { bgzfBlockSize, inflateBgzfBlock } from './bgzf.js';
import { blockFor, type BlockIndex } from './gzi.js';

/** Synchronous positional reads; the I/O edge implements it over a file descriptor. */
export interface ByteSource {
  /** Up to `length` bytes at `offset0`; fewer only at the end of the data. */
  read(offset0: number, length: number): Uint8Array;
  readonly size: number;
}

/**
 * Uncompressed random access to a BGZF file through its block index, as a ByteSource itself.
 * Keeps the last `maxCachedBlocks` inflated blocks (64 KiB each): the annotator fetches a few
 * hundred bases around each sorted variant, so nearly every read hits the newest block.
 */
export class BgzfRandomAccess implements ByteSource {
  private readonly cache = new Map<number, Buffer>();

  constructor(
    private readonly compressed: ByteSource,
    private readonly index: BlockIndex,
    /** Uncompressed size when known; reads past the last block return what there is. */
    readonly size: number = Number.MAX_SAFE_INTEGER,
    private readonly maxCachedBlocks = 16,
  ) {}

  read(offset0: number, length: number): Uint8Array {
    const end0 = Math.min(offset0 + length, this.size);
    if (end0 <= offset0) return new Uint8Array(0);
    const out = new Uint8Array(end0 - offset0);
    let pos = offset0;
    let block = blockFor(this.index, pos);
    while (pos < end0 && block < this.index.compressed0.length) {
      const data = this.block(block);
      const blockStart = this.index.uncompressed0[block]!;
      const from = pos - blockStart;
      const take = Math.min(data.length - from, end0 - pos);
      if (take <= 0) break;
      out.set(data.subarray(from, from + take), pos - offset0);
      pos += take;
      block++;
    }
    return pos === end0 ? out : out.subarray(0, pos - offset0);
  }

  private block(i: number): Buffer {
    const hit = this.cache.get(i);
    if (hit) {
      this.cache.delete(i);
      this.cache.set(i, hit);
      return hit;
    }
    const start = this.index.compressed0[i]!;
    const header = this.compressed.read(start, 18);
    const size = bgzfBlockSize(header);
    const data = inflateBgzfBlock(this.compressed.read(start, size));
    this.cache.set(i, data);
    if (this.cache.size > this.maxCachedBlocks) this.cache.delete(this.cache.keys().next().value as number);
    return data;
  }
}
