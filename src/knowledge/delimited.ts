import { invalidInput } from '../errors.js';

/** One parsed row with the 1-based line it started on (a quoted field may span lines). */
export interface Row {
  fields: string[];
  line: number;
}

/**
 * Assembles delimited rows (TSV or CSV) from lines, honouring `"` quoting with `""` escapes and
 * quoted fields that contain line breaks (the ACMG SF v3.2 table has five). Pure: lines in, rows
 * out; the caller adds the file name to errors.
 */
export class DelimitedRows {
  private pending: string | undefined;
  private pendingLine = 0;

  constructor(private readonly delimiter: '\t' | ',') {}

  /** Returns the row completed by this line, or undefined while a quoted field is still open. */
  push(line: string, lineNo: number): Row | undefined {
    const text = this.pending === undefined ? line : `${this.pending}\n${line}`;
    const start = this.pending === undefined ? lineNo : this.pendingLine;
    const fields = splitQuoted(text, this.delimiter);
    if (fields === undefined) {
      this.pending = text;
      this.pendingLine = start;
      return undefined;
    }
    this.pending = undefined;
    return { fields, line: start };
  }

  /** Throws when the input ended inside a quoted field. */
  finish(): void {
    if (this.pending !== undefined) {
      throw invalidInput('QUOTE_UNTERMINATED', 'quoted field is not closed before the end of the file', { line: this.pendingLine, field: 'quote' });
    }
  }
}

/** Splits one record; undefined when a quoted field is still open at the end of `text`. */
function splitQuoted(text: string, delimiter: string): string[] | undefined {
  if (!text.includes('"')) return text.split(delimiter);
  const out: string[] = [];
  let i = 0;
  for (;;) {
    if (text[i] === '"') {
      let value = '';
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) return undefined;
        value += text.slice(j, q);
        if (text[q + 1] === '"') {
          value += '"';
          j = q + 2;
          continue;
        }
        j = q + 1;
        break;
      }
      const next = text.indexOf(delimiter, j);
      // Text after the closing quote (rare, malformed) is kept rather than dropped.
      value += next < 0 ? text.slice(j) : text.slice(j, next);
      out.push(value);
      if (next < 0) return out;
      i = next + 1;
    } else {
      const next = text.indexOf(delimiter, i);
      out.push(next < 0 ? text.slice(i) : text.slice(i, next));
      if (next < 0) return out;
      i = next + 1;
    }
  }
}

/** Column index by header name (trimmed, case-insensitive, leading `#` ignored); throws naming the column. */
export function columnIndex(header: string[], name: string, line: number): number {
  const norm = (s: string) => s.replace(/^#/, '').trim().toLowerCase();
  const k = header.findIndex((h) => norm(h) === norm(name));
  if (k < 0) throw invalidInput('COLUMN_MISSING', `header has no column "${name}"`, { line, field: name });
  return k;
}

/** A field of a row that must exist; throws with the line and the column name. */
export function fieldOf(row: Row, index: number, name: string): string {
  const v = row.fields[index];
  if (v === undefined) throw invalidInput('FIELD_MISSING', `${name}: row has ${row.fields.length} fields, expected at least ${index + 1}`, { line: row.line, field: name });
  return v.trim();
}
