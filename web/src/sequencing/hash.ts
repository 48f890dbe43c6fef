import { createSHA256 } from 'hash-wasm';

/**
 * Bytes read per step. Web Crypto's digest() needs the whole file in one buffer (a whole-genome
 * VCF is GiBs), so the file is read in slices and hashed incrementally with hash-wasm; 8 MiB keeps
 * memory flat and the progress bar moving (≈ 25 updates for a 200 MB file).
 */
export const HASH_SLICE_BYTES = 8 * 1024 * 1024;

/** The lower-case hex SHA-256 of a File, reporting bytes hashed; abortable between slices. */
export async function sha256OfFile(file: Blob, onProgress: (doneBytes: number) => void, signal?: AbortSignal): Promise<string> {
  const hasher = await createSHA256();
  hasher.init();
  for (let offset = 0; offset < file.size; offset += HASH_SLICE_BYTES) {
    if (signal?.aborted) throw new DOMException('hashing aborted', 'AbortError');
    const slice = file.slice(offset, Math.min(offset + HASH_SLICE_BYTES, file.size));
    hasher.update(new Uint8Array(await slice.arrayBuffer()));
    onProgress(Math.min(offset + HASH_SLICE_BYTES, file.size));
  }
  onProgress(file.size);
  return hasher.digest('hex');
}
