import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { invalidInput } from '../errors.js';

/**
 * The local object store (DESIGN §5: a directory by default, S3-compatible in production):
 * `<root>/sha256/ab/abcdef…` keyed by content, so a file uploaded twice is stored once.
 *
 * An upload is streamed to `<root>/tmp/` while its SHA-256 is computed, compared with the
 * checksum the sender declared, and only then renamed into place. On a mismatch, a size over the
 * limit or a broken connection the temporary file is removed: nothing is kept.
 */
export interface Received {
  tmpPath: string;
  sha256: string;
  sizeBytes: number;
  /** First bytes 1f 8b: gzip or BGZF. */
  gzip: boolean;
}

export class ObjectStore {
  constructor(readonly root: string) {}

  keyFor(sha256: string): string {
    return `sha256/${sha256.slice(0, 2)}/${sha256}`;
  }

  pathOf(key: string): string {
    return join(this.root, key);
  }

  /** Streams `source` to a temporary file; throws 400 CHECKSUM_MISMATCH (file removed) if the digest differs. */
  async receive(source: Readable, declaredSha256: string, maxBytes: number): Promise<Received> {
    const tmpDir = join(this.root, 'tmp');
    await mkdir(tmpDir, { recursive: true });
    const tmpPath = join(tmpDir, `${Date.now()}-${randomBytes(8).toString('hex')}.part`);
    const hash = createHash('sha256');
    let sizeBytes = 0;
    let head: Buffer | undefined;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        sizeBytes += chunk.length;
        if (sizeBytes > maxBytes) {
          done(invalidInput('FILE_TOO_LARGE', `body: larger than the upload limit of ${maxBytes} bytes`, { field: 'body', rule: 'maxBytes', maxBytes }));
          return;
        }
        if (!head) head = chunk.subarray(0, 2);
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(source, meter, createWriteStream(tmpPath, { flags: 'wx' }));
    } catch (err) {
      await rm(tmpPath, { force: true });
      throw err;
    }
    const sha256 = hash.digest('hex');
    if (sha256 !== declaredSha256) {
      await rm(tmpPath, { force: true });
      throw invalidInput('CHECKSUM_MISMATCH',
        `x-content-sha256: declared ${declaredSha256} but the ${sizeBytes} bytes received hash to ${sha256}; nothing was stored`,
        { field: 'x-content-sha256', rule: 'sha256', declared: declaredSha256, actual: sha256, sizeBytes });
    }
    return { tmpPath, sha256, sizeBytes, gzip: head?.[0] === 0x1f && head[1] === 0x8b };
  }

  /** Moves a verified temporary file to its content address; returns the key. */
  async commit(received: Received): Promise<string> {
    const key = this.keyFor(received.sha256);
    const dest = this.pathOf(key);
    await mkdir(join(dest, '..'), { recursive: true });
    if (await exists(dest)) await rm(received.tmpPath, { force: true }); // same bytes already stored
    else await rename(received.tmpPath, dest);
    return key;
  }

  async discard(received: Received): Promise<void> {
    await rm(received.tmpPath, { force: true });
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
