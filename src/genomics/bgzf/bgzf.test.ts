import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { KibanError } from '../../errors.js';
import { BGZF_BLOCK_DATA_BYTES, BGZF_EOF, bgzfBlockSize, compressBgzf, inflateBgzfBlock } from './bgzf.js';
import { blockFor, parseGzi } from './gzi.js';
import { BgzfRandomAccess } from './random-access.js';

test('the EOF marker is htslib\'s 28-byte empty block', () => {
  assert.equal(BGZF_EOF.length, 28);
  assert.equal(bgzfBlockSize(BGZF_EOF), 28);
  assert.equal(inflateBgzfBlock(BGZF_EOF).length, 0);
});

test('compressBgzf: blocks of at most 0xff00 input bytes, each a gzip member with its BC size', () => {
  const data = Buffer.alloc(BGZF_BLOCK_DATA_BYTES * 2 + 10);
  for (let i = 0; i < data.length; i++) data[i] = (i * 7919) % 251; // poorly compressible
  const bytes = compressBgzf(data);
  const sizes: number[] = [];
  for (let off = 0; off < bytes.length; off += sizes[sizes.length - 1]!) sizes.push(bgzfBlockSize(bytes, off));
  assert.equal(sizes.length, 3);
  assert.ok(sizes.every((s) => s <= 65536));
  assert.deepEqual(gunzipSync(Buffer.concat([bytes, BGZF_EOF])), data);
  let off = 0;
  const lengths = sizes.map((s) => {
    const n = inflateBgzfBlock(bytes.subarray(off, off + s)).length;
    off += s;
    return n;
  });
  assert.deepEqual(lengths, [0xff00, 0xff00, 10]);
});

test('a corrupted block fails its CRC check', () => {
  const block = Buffer.from(compressBgzf(Buffer.from('ACGT'.repeat(100))));
  block.writeUInt32LE((block.readUInt32LE(block.length - 8) ^ 1) >>> 0, block.length - 8);
  assert.throws(() => inflateBgzfBlock(block), (err: unknown) => err instanceof KibanError && err.message === 'BGZF: block checksum or size mismatch');
});

test('random access through a .gzi index crosses block boundaries', () => {
  const text = Buffer.from(Array.from({ length: 30000 }, (_, i) => String(i % 10)).join(''));
  const parts = [compressBgzf(text.subarray(0, 10000)), compressBgzf(text.subarray(10000, 20000)), compressBgzf(text.subarray(20000))];
  const all = Buffer.concat(parts);
  // gzi: count 2, then (compressed, uncompressed) of blocks 2 and 3
  const gzi = Buffer.alloc(8 + 32);
  gzi.writeBigUInt64LE(2n, 0);
  gzi.writeBigUInt64LE(BigInt(parts[0]!.length), 8);
  gzi.writeBigUInt64LE(10000n, 16);
  gzi.writeBigUInt64LE(BigInt(parts[0]!.length + parts[1]!.length), 24);
  gzi.writeBigUInt64LE(20000n, 32);
  const index = parseGzi(gzi);
  assert.equal(blockFor(index, 9999), 0);
  assert.equal(blockFor(index, 10000), 1);
  const source = { size: all.length, read: (o: number, n: number) => all.subarray(o, Math.min(all.length, o + n)) };
  const ra = new BgzfRandomAccess(source, index);
  assert.equal(Buffer.from(ra.read(9995, 10)).toString(), text.subarray(9995, 10005).toString());
  assert.equal(Buffer.from(ra.read(19990, 20)).toString(), text.subarray(19990, 20010).toString());
  assert.equal(ra.read(29995, 100).length, 5);
});
