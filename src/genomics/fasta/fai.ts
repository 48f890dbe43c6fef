import { invalidInput } from '../../errors.js';

/** One `.fai` line (https://www.htslib.org/doc/faidx.html): where a sequence's bases sit in the file. */
export interface FaiEntry {
  name: string;
  lengthBp: number;
  /** Byte offset of the first base (uncompressed, for bgzipped FASTA). */
  offset0: number;
  lineBases: number;
  lineBytes: number;
}

export function parseFai(text: string): Map<string, FaiEntry> {
  const entries = new Map<string, FaiEntry>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const cols = line.split('\t');
    const nums = cols.slice(1, 5).map(Number);
    if (cols.length < 5 || nums.some((n) => !Number.isInteger(n) || n < 0)) {
      throw invalidInput('FAI_BAD_LINE', 'fai: expected NAME LENGTH OFFSET LINEBASES LINEWIDTH', { field: 'fai', line: i + 1 });
    }
    const [lengthBp, offset0, lineBases, lineBytes] = nums as [number, number, number, number];
    entries.set(cols[0]!, { name: cols[0]!, lengthBp, offset0, lineBases, lineBytes });
  }
  return entries;
}

export function formatFai(entries: Iterable<FaiEntry>): string {
  let out = '';
  for (const e of entries) out += `${e.name}\t${e.lengthBp}\t${e.offset0}\t${e.lineBases}\t${e.lineBytes}\n`;
  return out;
}

/**
 * Builds the .fai entries in one pass over the (uncompressed) FASTA bytes, fed in chunks, as
 * `samtools faidx` would. Lines of one sequence must have equal length except the last.
 */
export class FaiBuilder {
  private readonly entries: FaiEntry[] = [];
  private current: FaiEntry | undefined;
  private offset0 = 0;
  private lineStart0 = 0;
  private inHeader = false;
  private header: number[] = [];
  /** Bytes of the current line so far, without '\n' (with a trailing '\r', if any). */
  private lineLen = 0;
  private lastByte = 0;
  /** Only the last line of a sequence may be shorter than the others. */
  private shortLineSeen = false;
  private lineNo = 1;

  push(chunk: Uint8Array): void {
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]!;
      if (byte === 10) {
        this.endLine(this.offset0 + i + 1);
        continue;
      }
      if (this.lineLen === 0 && byte === 62 /* > */) {
        this.inHeader = true;
        this.header = [];
      } else if (this.inHeader) this.header.push(byte);
      this.lineLen++;
      this.lastByte = byte;
    }
    this.offset0 += chunk.length;
  }

  finish(): FaiEntry[] {
    if (this.lineLen > 0) this.endLine(this.offset0 + 1);
    if (this.current) this.entries.push(this.current);
    this.current = undefined;
    return this.entries;
  }

  private endLine(next0: number): void {
    const lineBytes = next0 - this.lineStart0;
    const bases = this.lineLen - (this.lastByte === 13 ? 1 : 0);
    if (this.inHeader) {
      if (this.current) this.entries.push(this.current);
      const name = Buffer.from(this.header).toString('latin1').trim().split(/\s/)[0] ?? '';
      this.current = { name, lengthBp: 0, offset0: next0, lineBases: 0, lineBytes: 0 };
      this.inHeader = false;
      this.shortLineSeen = false;
    } else if (this.current && bases > 0) {
      if (this.current.lineBases === 0) {
        this.current.lineBases = bases;
        this.current.lineBytes = lineBytes;
      } else if (this.shortLineSeen || bases > this.current.lineBases) {
        throw invalidInput('FASTA_RAGGED', `FASTA: sequence ${this.current.name} has lines of different lengths`, {
          field: 'sequence',
          line: this.lineNo,
        });
      }
      if (bases < this.current.lineBases) this.shortLineSeen = true;
      this.current.lengthBp += bases;
    }
    this.lineStart0 = next0;
    this.lineLen = 0;
    this.lastByte = 0;
    this.lineNo++;
  }
}
