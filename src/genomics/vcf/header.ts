import { invalidInput } from '../../errors.js';

/** `Number=` of an INFO/FORMAT field (VCF 4.3 §1.4.2): a count, or A, R, G, or '.' (unknown). */
export type VcfNumber = number | 'A' | 'R' | 'G' | '.';
export type VcfType = 'Integer' | 'Float' | 'Flag' | 'Character' | 'String';

export interface FieldMeta {
  id: string;
  number: VcfNumber;
  type: VcfType;
  description: string;
}

export interface VcfHeader {
  /** e.g. VCFv4.2 */
  fileformat: string;
  /** Every `##` line, as written, in order. */
  metaLines: string[];
  info: Map<string, FieldMeta>;
  format: Map<string, FieldMeta>;
  contigs: Map<string, { lengthBp?: number }>;
  samples: string[];
}

const TYPES = new Set<VcfType>(['Integer', 'Float', 'Flag', 'Character', 'String']);
const FIXED_COLUMNS = ['#CHROM', 'POS', 'ID', 'REF', 'ALT', 'QUAL', 'FILTER', 'INFO'];

/**
 * Reads header lines one at a time. `pushLine` returns true once the `#CHROM` line has been read;
 * `header()` then gives the parsed header. Pure: the caller adds file and line to errors.
 */
export class VcfHeaderParser {
  private readonly metaLines: string[] = [];
  private fileformat: string | undefined;
  private samples: string[] | undefined;
  private readonly info = new Map<string, FieldMeta>();
  private readonly format = new Map<string, FieldMeta>();
  private readonly contigs = new Map<string, { lengthBp?: number }>();

  pushLine(line: string): boolean {
    if (this.fileformat === undefined) {
      if (!line.startsWith('##fileformat=')) {
        throw invalidInput('VCF_NO_HEADER', 'header: missing ##fileformat line (not a VCF file?)', { field: 'fileformat' });
      }
      this.fileformat = line.slice('##fileformat='.length);
      this.metaLines.push(line);
      return false;
    }
    if (line.startsWith('##')) {
      this.metaLines.push(line);
      this.meta(line);
      return false;
    }
    if (line.startsWith('#CHROM')) {
      const cols = line.split('\t');
      for (let i = 0; i < FIXED_COLUMNS.length; i++) {
        if (cols[i] !== FIXED_COLUMNS[i]) {
          throw invalidInput('VCF_BAD_HEADER_LINE', `header: column ${i + 1} of the #CHROM line must be ${FIXED_COLUMNS[i]}, got "${cols[i] ?? ''}"`, {
            field: '#CHROM',
          });
        }
      }
      if (cols.length > 8 && cols[8] !== 'FORMAT') {
        throw invalidInput('VCF_BAD_HEADER_LINE', `header: column 9 of the #CHROM line must be FORMAT, got "${cols[8]}"`, { field: '#CHROM' });
      }
      this.samples = cols.slice(9);
      return true;
    }
    throw invalidInput('VCF_NO_HEADER', 'header: missing #CHROM line before the first record', { field: '#CHROM' });
  }

  /** Throws if the header never reached its #CHROM line (a file of meta lines only). */
  header(): VcfHeader {
    if (this.fileformat === undefined) {
      throw invalidInput('VCF_NO_HEADER', 'header: missing ##fileformat line (not a VCF file?)', { field: 'fileformat' });
    }
    if (this.samples === undefined) throw invalidInput('VCF_NO_HEADER', 'header: missing #CHROM line', { field: '#CHROM' });
    return {
      fileformat: this.fileformat,
      metaLines: this.metaLines,
      info: this.info,
      format: this.format,
      contigs: this.contigs,
      samples: this.samples,
    };
  }

  private meta(line: string): void {
    const eq = line.indexOf('=');
    const key = line.slice(2, eq);
    if (key !== 'INFO' && key !== 'FORMAT' && key !== 'contig') return;
    const fields = parseStructuredMeta(line.slice(eq + 1), key);
    const id = fields.get('ID');
    if (!id) throw invalidInput('VCF_BAD_META', `header: ##${key} line without ID`, { field: key });
    if (key === 'contig') {
      const length = fields.get('length');
      this.contigs.set(id, length !== undefined && /^[0-9]+$/.test(length) ? { lengthBp: Number(length) } : {});
      return;
    }
    this[key === 'INFO' ? 'info' : 'format'].set(id, fieldMeta(key, id, fields));
  }
}

function fieldMeta(key: string, id: string, fields: Map<string, string>): FieldMeta {
  const numberText = fields.get('Number');
  const type = fields.get('Type') as VcfType | undefined;
  let number: VcfNumber;
  if (numberText === 'A' || numberText === 'R' || numberText === 'G' || numberText === '.') number = numberText;
  else if (numberText !== undefined && /^[0-9]+$/.test(numberText)) number = Number(numberText);
  else throw invalidInput('VCF_BAD_META', `header: ##${key} ${id}: bad Number "${numberText ?? ''}"`, { field: `${key}/${id}` });
  if (type === undefined || !TYPES.has(type)) {
    throw invalidInput('VCF_BAD_META', `header: ##${key} ${id}: bad Type "${type ?? ''}"`, { field: `${key}/${id}` });
  }
  return { id, number, type, description: fields.get('Description') ?? '' };
}

/** `<ID=DP,Number=1,Description="a, b">` → ID→DP … (quotes may hold commas and escaped quotes). */
export function parseStructuredMeta(text: string, key = 'meta'): Map<string, string> {
  const out = new Map<string, string>();
  if (!text.startsWith('<') || !text.endsWith('>')) {
    throw invalidInput('VCF_BAD_META', `header: ##${key} value must be <...>`, { field: key });
  }
  const body = text.slice(1, -1);
  let i = 0;
  while (i < body.length) {
    const eq = body.indexOf('=', i);
    if (eq < 0) break;
    const name = body.slice(i, eq);
    let value = '';
    let j = eq + 1;
    if (body[j] === '"') {
      j++;
      while (j < body.length && body[j] !== '"') {
        if (body[j] === '\\' && j + 1 < body.length) j++;
        value += body[j];
        j++;
      }
      j++; // closing quote
    } else {
      const comma = body.indexOf(',', j);
      const end = comma < 0 ? body.length : comma;
      value = body.slice(j, end);
      j = end;
    }
    out.set(name, value);
    i = body[j] === ',' ? j + 1 : j;
  }
  return out;
}

export function parseVcfHeaderLines(lines: string[]): VcfHeader {
  const parser = new VcfHeaderParser();
  for (const line of lines) if (parser.pushLine(line)) break;
  return parser.header();
}
