import type { VcfWarnings } from './values.js';

/** One kind of non-fatal finding: the first line it was seen on and how often it occurred. */
export interface VcfWarning {
  field: string;
  problem: string;
  /** 1-based file line of the first occurrence. */
  line: number;
  count: number;
}

/**
 * Counts warnings per field, keeping the first line of each, so a reader can say each once
 * ("warn once per field, naming the first line") and count them all in its summary. The reader
 * sets `line` before parsing each record. Batches annotated in worker threads each drain their
 * tally; the main thread merges them in input order with `merge`.
 */
export class VcfWarningTally implements VcfWarnings {
  line = 0;
  private readonly byField = new Map<string, VcfWarning>();

  warn(field: string, problem: string): void {
    const seen = this.byField.get(field);
    if (seen) seen.count++;
    else this.byField.set(field, { field, problem, line: this.line, count: 1 });
  }

  /** This tally's warnings, first-seen order; the tally is emptied. */
  drain(): VcfWarning[] {
    const out = [...this.byField.values()];
    this.byField.clear();
    return out;
  }

  /** Adds another tally's warnings (a later batch); returns those for fields not seen before. */
  merge(warnings: readonly VcfWarning[]): VcfWarning[] {
    const fresh: VcfWarning[] = [];
    for (const w of warnings) {
      const seen = this.byField.get(w.field);
      if (seen) seen.count += w.count;
      else {
        const copy = { ...w };
        this.byField.set(w.field, copy);
        fresh.push(copy);
      }
    }
    return fresh;
  }

  get total(): number {
    let n = 0;
    for (const w of this.byField.values()) n += w.count;
    return n;
  }

  list(): VcfWarning[] {
    return [...this.byField.values()];
  }
}

/** `file:line: field: problem (warning)`, the form of Kiban's VCF errors, marked as a warning. */
export function warningText(file: string, w: VcfWarning): string {
  return `${file}:${w.line}: ${w.field}: ${w.problem} (warning; each field is reported once, on its first line)`;
}
