import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { HASH_SLICE_BYTES, sha256OfFile } from './hash';
import { safeFileName } from './UploadForm';

// The browser's incremental SHA-256 must equal the server's digest of the same bytes, across slice
// boundaries (Node's Blob has the browser's slice/arrayBuffer).
describe('sha256OfFile', () => {
  const digest = (b: Buffer) => createHash('sha256').update(b).digest('hex');

  test('empty, one byte short of a slice, exactly one slice, and two slices and a bit', async () => {
    for (const size of [0, HASH_SLICE_BYTES - 1, HASH_SLICE_BYTES, 2 * HASH_SLICE_BYTES + 17]) {
      const bytes = randomBytes(size);
      const progress: number[] = [];
      assert.equal(await sha256OfFile(new Blob([bytes]), (n) => progress.push(n)), digest(bytes), `size ${size}`);
      assert.equal(progress.at(-1), size);
      assert.deepEqual([...progress].sort((a, b) => a - b), progress, 'progress only grows');
    }
  });

  test('an aborted hash stops with AbortError', async () => {
    const ctrl = new AbortController();
    ctrl.abort();
    await assert.rejects(sha256OfFile(new Blob([randomBytes(10)]), () => undefined, ctrl.signal), { name: 'AbortError' });
  });

  test('file names become what the server accepts', () => {
    assert.equal(safeFileName('K 284 (tumour).vcf.gz'), 'K_284__tumour_.vcf.gz');
    assert.equal(safeFileName('患者.vcf'), '__.vcf');
  });
});
