import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { atLocation, invalidInput } from '../errors.js';
import { VcfHeaderParser, type VcfHeader } from '../genomics/vcf/index.js';

/**
 * A header larger than this is not a VCF header (a GRCh38 header with every contig and a VEP CSQ
 * line is ~200 KB); the bound keeps a wrong upload from being read to its end.
 */
export const MAX_HEADER_BYTES = 16 * 1024 * 1024;

/**
 * Reads the header of an uploaded (plain, gzip or BGZF) VCF up to its #CHROM line and stops.
 * Errors name the upload and the line: `upload.vcf.gz:3: header: ##INFO DP: bad Type ""`.
 */
export async function readVcfHeader(path: string, gzip: boolean, displayName: string): Promise<VcfHeader> {
  const raw = createReadStream(path, { highWaterMark: 1 << 16 });
  const stream = gzip ? raw.pipe(createGunzip()) : raw;
  raw.on('error', (err) => stream.destroy(err));
  const parser = new VcfHeaderParser();
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let lineNo = 0;
  let bytes = 0;
  try {
    for await (const chunk of stream) {
      bytes += (chunk as Buffer).length;
      let text = rest + decoder.write(chunk as Buffer);
      let nl = text.indexOf('\n');
      while (nl >= 0) {
        const line = text.slice(0, nl > 0 && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl);
        lineNo++;
        if (parser.pushLine(line)) return parser.header();
        text = text.slice(nl + 1);
        nl = text.indexOf('\n');
      }
      rest = text;
      if (bytes > MAX_HEADER_BYTES) {
        throw invalidInput('VCF_HEADER_TOO_LARGE', `header: no #CHROM line in the first ${MAX_HEADER_BYTES} bytes`, { field: '#CHROM' });
      }
    }
    if (rest) {
      lineNo++;
      if (parser.pushLine(rest)) return parser.header();
    }
    return parser.header(); // throws: no #CHROM line
  } catch (err) {
    const e = err as { code?: unknown };
    if (typeof e.code === 'string' && e.code.startsWith('Z_')) {
      throw invalidInput('GZIP_CORRUPT', `${displayName}: gzip: corrupt or truncated data`, { file: displayName, field: 'gzip' });
    }
    throw atLocation(err, displayName, lineNo || 1);
  } finally {
    raw.destroy();
  }
}
