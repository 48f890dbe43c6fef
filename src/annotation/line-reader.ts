import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { atLocation, invalidInput } from '../errors.js';

/** True when the file starts with the gzip magic bytes (plain gzip and BGZF alike). */
export async function isGzipFile(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(2);
    const { bytesRead } = await handle.read(buf, 0, 2, 0);
    return bytesRead === 2 && buf[0] === 0x1f && buf[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/**
 * The file's bytes, gunzipped when it is gzip or BGZF. Node's Gunzip reads concatenated members
 * (every BGZF block is one), so this streams a .vcf.gz without an index.
 */
export async function openDecompressed(path: string): Promise<Readable> {
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  if (!(await isGzipFile(path))) return raw;
  const gunzip = createGunzip({ chunkSize: 1 << 18 });
  raw.on('error', (err) => gunzip.destroy(err));
  return raw.pipe(gunzip);
}

/** A zlib failure (truncated or corrupt gzip) as invalid_input naming the gzip layer. */
export function gzipError(err: unknown): unknown {
  const e = err as { code?: string; message?: string };
  if (typeof e?.code === 'string' && e.code.startsWith('Z_')) {
    const what = e.code === 'Z_BUF_ERROR' ? 'truncated input (unexpected end of file)' : `corrupt data (${e.message})`;
    return invalidInput('GZIP_CORRUPT', `gzip: ${what}`, { field: 'gzip' });
  }
  return err;
}

/**
 * Yields [line, 1-based line number] from a plain or gzipped text file, without the newline (and
 * without a trailing '\r'). Memory is one chunk plus one partial line.
 */
export async function* readLines(path: string): AsyncGenerator<[string, number]> {
  const stream = await openDecompressed(path);
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let lineNo = 0;
  try {
    for await (const chunk of stream) {
      const text = rest + decoder.write(chunk as Buffer);
      let start = 0;
      let nl = text.indexOf('\n', start);
      while (nl >= 0) {
        const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        yield [text.slice(start, end), ++lineNo];
        start = nl + 1;
        nl = text.indexOf('\n', start);
      }
      rest = text.slice(start);
    }
  } catch (err) {
    // The line that could not be completed is the one after the last whole line.
    throw atLocation(gzipError(err), path, lineNo + 1);
  }
  rest += decoder.end();
  if (rest !== '') yield [rest.endsWith('\r') ? rest.slice(0, -1) : rest, ++lineNo];
}
