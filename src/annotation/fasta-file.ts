import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { atLocation, invalidInput } from '../errors.js';
import { BgzfRandomAccess, bgzfBlockSize, parseGzi, type BlockIndex, type ByteSource } from '../genomics/bgzf/index.js';
import { FaiBuilder, FastaSequenceReader, parseFai, type FaiEntry } from '../genomics/fasta/index.js';
import { openDecompressed } from './line-reader.js';

/** Positional reads on an open file descriptor (synchronous: the engine's fetch is synchronous). */
export class FileByteSource implements ByteSource {
  private readonly fd: number;
  readonly size: number;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'r');
    this.size = fstatSync(this.fd).size;
  }

  read(offset0: number, length: number): Uint8Array {
    const len = Math.max(0, Math.min(length, this.size - offset0));
    const buf = Buffer.allocUnsafe(len);
    let done = 0;
    while (done < len) {
      const n = readSync(this.fd, buf, done, len - done, offset0 + done);
      if (n === 0) break;
      done += n;
    }
    return done === len ? buf : buf.subarray(0, done);
  }

  close(): void {
    closeSync(this.fd);
  }
}

export interface OpenedFasta {
  reader: FastaSequenceReader;
  /** true when the FASTA is bgzipped. */
  bgzipped: boolean;
  close(): void;
}

/**
 * Opens a plain or bgzipped FASTA for random access. Uses `<path>.fai` (and `<path>.gzi` for
 * bgzip) when present; otherwise builds them in memory with one scan of the file.
 */
export async function openFasta(path: string): Promise<OpenedFasta> {
  const file = new FileByteSource(path);
  try {
    const head = file.read(0, 18);
    const gzipped = head[0] === 0x1f && head[1] === 0x8b;
    let source: ByteSource = file;
    if (gzipped) {
      try {
        bgzfBlockSize(head);
      } catch {
        throw invalidInput('FASTA_NOT_BGZF', `${path}: gzip FASTA must be BGZF (bgzip) for random access`, { field: 'bgzf', file: path });
      }
      source = new BgzfRandomAccess(file, existsSync(`${path}.gzi`) ? readGzi(`${path}.gzi`) : scanBlocks(file));
    }
    const fai = existsSync(`${path}.fai`) ? readFai(`${path}.fai`) : await buildFai(path);
    return { reader: new FastaSequenceReader(source, fai), bgzipped: gzipped, close: () => file.close() };
  } catch (err) {
    file.close();
    throw err;
  }
}

function readFai(path: string): Map<string, FaiEntry> {
  try {
    return parseFai(readFileSync(path, 'utf8'));
  } catch (err) {
    throw atLocation(err, path);
  }
}

function readGzi(path: string): BlockIndex {
  try {
    return parseGzi(readFileSync(path));
  } catch (err) {
    throw atLocation(err, path);
  }
}

async function buildFai(path: string): Promise<Map<string, FaiEntry>> {
  const builder = new FaiBuilder();
  try {
    for await (const chunk of await openDecompressed(path)) builder.push(chunk as Buffer);
    return new Map(builder.finish().map((e) => [e.name, e]));
  } catch (err) {
    throw atLocation(err, path);
  }
}

/** Builds the block index by hopping from block header to block header (18 bytes read per block). */
export function scanBlocks(file: ByteSource): BlockIndex {
  const index: BlockIndex = { compressed0: [], uncompressed0: [] };
  let compressed0 = 0;
  let uncompressed0 = 0;
  while (compressed0 < file.size) {
    const size = bgzfBlockSize(file.read(compressed0, 18));
    const footer = file.read(compressed0 + size - 4, 4);
    const isize = Buffer.from(footer.buffer, footer.byteOffset, 4).readUInt32LE(0);
    index.compressed0.push(compressed0);
    index.uncompressed0.push(uncompressed0);
    compressed0 += size;
    uncompressed0 += isize;
  }
  return index;
}
