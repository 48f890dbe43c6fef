import { createReadStream, statSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { atLocation } from '../errors.js';
import { VcfHeaderParser, type VcfHeader } from '../genomics/vcf/index.js';
import { gzipError, isGzipFile } from './line-reader.js';

/**
 * Batches of whole lines (by bytes, STYLE §9): ~256 KiB of VCF text is ~2,500 WGS records, enough
 * to amortise a message round trip to a worker (~50 µs) while keeping in-flight memory small.
 */
export const BATCH_BYTES = 256 * 1024;

export interface InputBatch {
  firstLine: number;
  lineCount: number;
  bytes: Uint8Array;
}

export interface VcfInput {
  header: VcfHeader;
  headerLines: string[];
  batches: AsyncGenerator<InputBatch>;
  /** Compressed bytes read so far, and the file size, for progress. */
  progress(): { bytesRead: number; totalBytes: number };
  destroy(): void;
}

/**
 * Opens a VCF (plain, gzip or BGZF), reads and validates its header, and yields the data lines in
 * batches. Errors name the file and the line.
 */
export async function openVcfInput(path: string, batchBytes = BATCH_BYTES): Promise<VcfInput> {
  const totalBytes = statSync(path).size;
  const raw = createReadStream(path, { highWaterMark: BATCH_BYTES });
  const gunzip = (await isGzipFile(path)) ? createGunzip({ chunkSize: 1 << 18 }) : undefined;
  if (gunzip) raw.on('error', (err) => gunzip.destroy(err));
  const stream = gunzip ? raw.pipe(gunzip) : raw;
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let lineNo = 0;
  let carry: Buffer = Buffer.alloc(0);
  let ended = false;

  /** `pendingLines`: whole lines read but not yet given out, so a gzip error names the line it cut. */
  const nextChunk = async (pendingLines: () => number = () => 0): Promise<Buffer | undefined> => {
    if (ended) return undefined;
    try {
      const r = await iterator.next();
      if (r.done) {
        ended = true;
        return undefined;
      }
      return r.value;
    } catch (err) {
      throw atLocation(gzipError(err), path, lineNo + pendingLines() + 1);
    }
  };

  const destroy = () => {
    raw.destroy();
    gunzip?.destroy();
  };

  /** Header lines one by one until #CHROM (or the end of the file, which is an error). */
  const readHeader = async (parser: VcfHeaderParser, headerLines: string[]): Promise<VcfHeader> => {
    for (;;) {
      let nl = carry.indexOf(10);
      while (nl < 0) {
        const chunk = await nextChunk();
        if (!chunk) break;
        carry = carry.length === 0 ? chunk : Buffer.concat([carry, chunk]);
        nl = carry.indexOf(10);
      }
      if (nl < 0 && carry.length === 0) {
        try {
          return parser.header(); // throws: no ##fileformat, or no #CHROM line
        } catch (err) {
          throw atLocation(err, path, lineNo + 1);
        }
      }
      let line = carry.toString('utf8', 0, nl < 0 ? carry.length : nl);
      if (line.endsWith('\r')) line = line.slice(0, -1);
      carry = carry.subarray(nl < 0 ? carry.length : nl + 1);
      lineNo++;
      headerLines.push(line);
      try {
        if (parser.pushLine(line)) return parser.header();
      } catch (err) {
        throw atLocation(err, path, lineNo);
      }
    }
  };

  const headerLines: string[] = [];
  let header: VcfHeader;
  try {
    header = await readHeader(new VcfHeaderParser(), headerLines);
  } catch (err) {
    destroy();
    throw err;
  }

  async function* batches(): AsyncGenerator<InputBatch> {
    let parts: Buffer[] = carry.length > 0 ? [carry] : [];
    let size = carry.length;
    const pendingLines = () => parts.reduce((n, part) => n + countNewlines(part, part.length), 0);
    for (;;) {
      const chunk = await nextChunk(pendingLines);
      if (chunk) {
        parts.push(chunk);
        size += chunk.length;
        if (size < batchBytes) continue;
      }
      const all = parts.length === 1 ? parts[0]! : Buffer.concat(parts, size);
      const cut = chunk ? all.lastIndexOf(10) + 1 : all.length;
      if (cut > 0) {
        const bytes = new Uint8Array(cut); // own ArrayBuffer: transferred to the worker
        bytes.set(all.subarray(0, cut));
        let lines = countNewlines(all, cut);
        if (!chunk && bytes[cut - 1] !== 10) lines++;
        yield { firstLine: lineNo + 1, lineCount: lines, bytes };
        lineNo += lines;
      }
      const rest = all.subarray(cut);
      parts = rest.length > 0 ? [rest] : [];
      size = rest.length;
      if (!chunk) return;
    }
  }

  return {
    header,
    headerLines,
    batches: batches(),
    progress: () => ({ bytesRead: raw.bytesRead, totalBytes }),
    destroy,
  };
}

function countNewlines(buf: Buffer, end: number): number {
  let n = 0;
  for (let i = buf.indexOf(10); i >= 0 && i < end; i = buf.indexOf(10, i + 1)) n++;
  return n;
}
