import { invalidInput } from '../../errors.js';
import type { Strand } from '../types.js';

/** Columns 1–8 shared by GFF3 and GTF, converted to 0-based half-open coordinates. */
export interface FeatureColumns {
  chrom: string;
  source: string;
  type: string;
  /**
   * May be negative: Ensembl excerpts re-based to a local origin (the bcftools csq test sets) keep
   * gene and chromosome lines that start before base 1. The readers decide what to do (Gff3Parser).
   */
  start0: number;
  end0: number;
  strand: Strand | 0;
  /** 0, 1, 2, or -1 for '.' */
  phase: number;
  /** Column 9, unparsed. */
  attributes: string;
}

/** Signed: bcftools csq reads columns 4–5 with strtol and no check (csq.c, gff_parse_beg_end). */
const INTEGER = /^-?[0-9]+$/;

/** Splits one data line; throws invalid_input naming the column (the edge adds file and line). */
export function parseFeatureColumns(line: string): FeatureColumns {
  const cols = line.split('\t');
  if (cols.length < 9) {
    throw invalidInput('GFF_SHORT_LINE', `expected 9 tab-separated columns, got ${cols.length}`, { field: 'columns' });
  }
  const [chrom, source, type, startText, endText, , strandText, phaseText, attributes] = cols as [
    string, string, string, string, string, string, string, string, string,
  ];
  if (!INTEGER.test(startText)) throw badColumn('start', 'an integer', startText);
  if (!INTEGER.test(endText)) throw badColumn('end', 'an integer', endText);
  const start1 = Number(startText);
  const end1 = Number(endText);
  if (end1 < start1 - 1) {
    throw invalidInput('GFF_BAD_RANGE', `start ${start1} and end ${end1} do not make a range`, { field: 'end' });
  }
  let strand: Strand | 0;
  if (strandText === '+') strand = 1;
  else if (strandText === '-') strand = -1;
  else if (strandText === '.' || strandText === '?') strand = 0;
  else throw badColumn('strand', "'+', '-', '.' or '?'", strandText);
  let phase = -1;
  if (phaseText !== '.') {
    if (phaseText !== '0' && phaseText !== '1' && phaseText !== '2') throw badColumn('phase', "0, 1, 2 or '.'", phaseText);
    phase = Number(phaseText);
  }
  return { chrom, source, type, start0: start1 - 1, end0: end1, strand, phase, attributes };
}

function badColumn(field: string, expected: string, got: string) {
  return invalidInput('GFF_BAD_COLUMN', `${field}: expected ${expected}, got "${got}"`, { field });
}
