import { invalidInput } from '../../errors.js';

/**
 * A BGZF block index: the compressed and uncompressed start of every block. `.gzi` (from
 * `bgzip -i`/`samtools faidx`) stores it as u64 count then (compressed, uncompressed) u64 pairs,
 * little-endian, without the first block (0, 0), which is implied.
 */
export interface BlockIndex {
  compressed0: number[];
  uncompressed0: number[];
}

export function parseGzi(bytes: Uint8Array): BlockIndex {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 8) throw invalidInput('GZI_TRUNCATED', 'gzi: shorter than its 8-byte count', { field: 'gzi' });
  const count = Number(view.getBigUint64(0, true));
  if (bytes.length !== 8 + count * 16) {
    throw invalidInput('GZI_TRUNCATED', `gzi: ${count} entries need ${8 + count * 16} bytes, got ${bytes.length}`, { field: 'gzi' });
  }
  const index: BlockIndex = { compressed0: [0], uncompressed0: [0] };
  for (let i = 0; i < count; i++) {
    index.compressed0.push(Number(view.getBigUint64(8 + i * 16, true)));
    index.uncompressed0.push(Number(view.getBigUint64(16 + i * 16, true)));
  }
  return index;
}

/** The block holding uncompressed offset `offset0`: the last block starting at or before it. */
export function blockFor(index: BlockIndex, offset0: number): number {
  const starts = index.uncompressed0;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset0) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
