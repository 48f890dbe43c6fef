import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import { invalidInput } from '../../errors.js';

/**
 * BGZF, the blocked gzip of SAMtools (https://samtools.github.io/hts-specs/SAMv1.pdf §4.1): a
 * series of gzip members of at most 64 KiB, each with a `BC` extra field giving its size, ending
 * with an empty 28-byte member. Pure: bytes in, bytes out (zlib is computation, not I/O).
 */

/** Uncompressed bytes per block; htslib uses 0xff00 so that a stored block still fits in 64 KiB. */
export const BGZF_BLOCK_DATA_BYTES = 0xff00;

/** The end-of-file marker block, byte for byte as htslib writes it. */
export const BGZF_EOF = Buffer.from('1f8b08040000000000ff0600424302001b0003000000000000000000', 'hex');

const HEADER_BYTES = 18;
const FOOTER_BYTES = 8;

/** Compresses `data` into one or more complete BGZF blocks (no EOF marker). */
export function compressBgzf(data: Uint8Array, level = 6): Buffer {
  const blocks: Buffer[] = [];
  for (let start = 0; start < data.length; start += BGZF_BLOCK_DATA_BYTES) {
    blocks.push(compressBlock(data.subarray(start, Math.min(data.length, start + BGZF_BLOCK_DATA_BYTES)), level));
  }
  return blocks.length === 1 ? blocks[0]! : Buffer.concat(blocks);
}

function compressBlock(chunk: Uint8Array, level: number): Buffer {
  let deflated = deflateRawSync(chunk, { level });
  // Incompressible input can grow past 64 KiB; level 0 (stored) always fits for ≤ 0xff00 bytes.
  if (deflated.length + HEADER_BYTES + FOOTER_BYTES > 0x10000) deflated = deflateRawSync(chunk, { level: 0 });
  const blockBytes = HEADER_BYTES + deflated.length + FOOTER_BYTES;
  const block = Buffer.allocUnsafe(blockBytes);
  // ID1 ID2 CM FLG(FEXTRA) MTIME(4) XFL OS(unknown) XLEN=6, then SI1='B' SI2='C' SLEN=2 BSIZE
  block.set([0x1f, 0x8b, 8, 4, 0, 0, 0, 0, 0, 0xff, 6, 0, 0x42, 0x43, 2, 0], 0);
  block.writeUInt16LE(blockBytes - 1, 16);
  block.set(deflated, HEADER_BYTES);
  block.writeUInt32LE(crc32(chunk) >>> 0, blockBytes - 8);
  block.writeUInt32LE(chunk.length, blockBytes - 4);
  return block;
}

/** Total size of the BGZF block starting at `offset` (from its BC field), or throws if not BGZF. */
export function bgzfBlockSize(buf: Uint8Array, offset = 0): number {
  if (buf.length < offset + HEADER_BYTES) {
    throw invalidInput('BGZF_TRUNCATED', 'BGZF: truncated block header', { field: 'bgzf' });
  }
  if (buf[offset] !== 0x1f || buf[offset + 1] !== 0x8b || buf[offset + 2] !== 8 || (buf[offset + 3]! & 4) === 0) {
    throw invalidInput('BGZF_NOT_BGZF', 'BGZF: not a BGZF block (gzip without the BC extra field)', { field: 'bgzf' });
  }
  const xlen = buf[offset + 10]! | (buf[offset + 11]! << 8);
  let p = offset + 12;
  const end = p + xlen;
  while (p + 4 <= end) {
    const slen = buf[p + 2]! | (buf[p + 3]! << 8);
    if (buf[p] === 0x42 && buf[p + 1] === 0x43 && slen === 2) return (buf[p + 4]! | (buf[p + 5]! << 8)) + 1;
    p += 4 + slen;
  }
  throw invalidInput('BGZF_NOT_BGZF', 'BGZF: not a BGZF block (no BC extra field)', { field: 'bgzf' });
}

/** Inflates one whole BGZF block (`block` holds exactly its bytes) and checks its CRC and size. */
export function inflateBgzfBlock(block: Uint8Array): Buffer {
  const xlen = block[10]! | (block[11]! << 8);
  const payload = block.subarray(12 + xlen, block.length - FOOTER_BYTES);
  const data = inflateRawSync(payload);
  const view = Buffer.from(block.buffer, block.byteOffset, block.byteLength);
  const expectedCrc = view.readUInt32LE(block.length - 8);
  const expectedSize = view.readUInt32LE(block.length - 4);
  if (data.length !== expectedSize || (crc32(data) >>> 0) !== expectedCrc) {
    throw invalidInput('BGZF_CORRUPT', 'BGZF: block checksum or size mismatch', { field: 'bgzf' });
  }
  return data;
}
