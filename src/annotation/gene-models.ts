import { atLocation } from '../errors.js';
import { Gff3Parser, GtfParser, type GeneModelFormat } from '../genomics/gff3/index.js';
import type { Transcript } from '../genomics/types.js';
import { readLines } from './line-reader.js';

/** `.gtf`/`.gtf.gz` is GTF; anything else is read as GFF3. */
export function geneModelFormatOf(path: string): GeneModelFormat {
  return /\.gtf(\.gz|\.bgz)?$/i.test(path) ? 'gtf' : 'gff3';
}

/** Streams a GFF3 or GTF file (plain, gzip or BGZF) into transcripts; errors name file and line. */
export async function readGeneModels(path: string, format: GeneModelFormat = geneModelFormatOf(path)): Promise<Transcript[]> {
  const parser = format === 'gff3' ? new Gff3Parser() : new GtfParser();
  let lineNo = 0;
  try {
    for await (const [line, n] of readLines(path)) {
      lineNo = n;
      if (parser.pushLine(line) === false) break;
    }
    return parser.finish();
  } catch (err) {
    throw atLocation(err, path, lineNo);
  }
}
