import { KibanError } from '../../errors.js';
import type { Transcript } from '../types.js';
import { Gff3Parser } from './gff3.js';
import { GtfParser } from './gtf.js';

export type GeneModelFormat = 'gff3' | 'gtf';

/**
 * Parses a whole GFF3/GTF text held in memory (tests, small synthetic genomes). Errors carry the
 * 1-based line in `details.line` (the message stays location-free, for `atLocation`); files go through `readGeneModels` in src/annotation instead.
 */
export function parseGeneModelText(text: string, format: GeneModelFormat): Transcript[] {
  const parser = format === 'gff3' ? new Gff3Parser() : new GtfParser();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    try {
      if (parser.pushLine(line) === false) break;
    } catch (err) {
      if (err instanceof KibanError && err.details.line === undefined) {
        throw new KibanError(err.kind, err.code, err.message, { ...err.details, line: i + 1 });
      }
      throw err;
    }
  }
  return parser.finish();
}
