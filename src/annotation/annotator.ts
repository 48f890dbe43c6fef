import { isAscii } from 'node:buffer';
import { KibanError } from '../errors.js';
import { normalizeRecord, type NormalizedAllele } from '../genomics/normalize/index.js';
import type { Allele, SequenceReader, Transcript } from '../genomics/types.js';
import { checkValue, parseVcfRecord, subsetInfo, subsetSamples, VcfRecord, type VcfHeader, type VcfWarningTally } from '../genomics/vcf/index.js';

/** VEP annotates transcripts within 5 kb (upstream/downstream_gene_variant). */
export const FLANK_BP = 5000;

/** The consequence engine as the annotator uses it (bound in engine.ts). */
export interface CsqEngine {
  /** CSQ `Format:` field names, in order. */
  fields: string[];
  /** One CSQ entry ('|'-joined fields) per transcript consequence; intergenic when `transcripts` is empty. */
  /** Allele column from `allele`; consequences of `written` when given (see asWritten). */
  entries(allele: Allele, transcripts: Transcript[], reader: SequenceReader, written?: Allele): string[];
}

export interface SiteLookup {
  name: string;
  kind: 'clinvar' | 'population';
  lookup(chrom: string, pos1: number, ref: string, alt: string): string[] | undefined;
}

export interface AnnotationContext {
  header: VcfHeader;
  transcripts: { overlapping(chrom: string, start0: number, end0: number): Transcript[] };
  reader: SequenceReader;
  sites: SiteLookup[];
  engine: CsqEngine;
  /** Non-fatal findings (pass-through INFO counts, keys without a header line); none kept when absent. */
  warnings?: VcfWarningTally;
}

/** Extra CSQ fields after the engine's: ClinVar significance and review status, AF per population. */
export function extraCsqFields(sites: Pick<SiteLookup, 'name' | 'kind'>[]): string[] {
  const out: string[] = [];
  for (const s of sites) {
    if (s.kind === 'clinvar') out.push('ClinVar_CLNSIG', 'ClinVar_CLNREVSTAT');
    else out.push(`${s.name}_AF`);
  }
  return out;
}

/** One output line and where it sits, for re-sorting after left-alignment. */
interface OutputLine {
  chrom: string;
  pos1: number;
  text: string;
}

/**
 * Annotates a batch of data lines (no header) and returns the output text. `firstLine` is the
 * 1-based file line of the first; an error carries its line in `details.line`. Left-alignment can
 * move an indel before the records preceding it, so the batch's output lines are put back in
 * position order (stable, within each chromosome run), as `bcftools norm` does with its window.
 */
export function annotateLines(lines: string[], firstLine: number, ctx: AnnotationContext): { text: string; records: number } {
  const out: OutputLine[] = [];
  let records = 0;
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1); // CRLF files
    if (line === '') continue;
    try {
      if (ctx.warnings) ctx.warnings.line = firstLine + i;
      recordOutput(parseVcfRecord(line, ctx.header, ctx.warnings), ctx, out);
      records++;
    } catch (err) {
      if (err instanceof KibanError && err.details.line === undefined) {
        throw new KibanError(err.kind, err.code, err.message, { ...err.details, line: firstLine + i });
      }
      throw err;
    }
  }
  return { text: joinSorted(out), records };
}

/**
 * One input record → one output line per ALT (multi-allelic records are split). A record changed
 * by splitting or normalisation keeps its original in INFO, as vt does:
 * OLD_MULTIALLELIC=CHROM:POS:REF/ALT1/ALT2 and OLD_VARIANT=CHROM:POS:REF/ALT.
 */
export function annotateRecord(record: VcfRecord, ctx: AnnotationContext): string {
  const out: OutputLine[] = [];
  recordOutput(record, ctx, out);
  return joinSorted(out);
}

function recordOutput(record: VcfRecord, ctx: AnnotationContext, out: OutputLine[]): void {
  if (record.ALT.length === 0) {
    out.push({ chrom: record.CHROM, pos1: record.pos1, text: `${record.line}\n` });
    return;
  }
  const snv = biallelicSnv(record);
  if (snv) {
    out.push({ chrom: record.CHROM, pos1: record.pos1, text: withInfo(record, dropCsq(record.INFO), `CSQ=${csqFor(snv, ctx)}`) });
    return;
  }
  const alleles = normalizeRecord({ chrom: record.CHROM, pos1: record.pos1, ref: record.REF, alts: record.ALT }, ctx.reader);
  const split = record.ALT.length > 1;
  const old = `${record.CHROM}:${record.pos1}:${record.REF}/${record.ALT.join('/')}`;
  for (const allele of alleles) {
    const moved = allele.kind !== 'symbolic' && (allele.pos1 !== record.pos1 || allele.ref !== record.REF || allele.alt !== record.ALT[allele.altNumber - 1]);
    let info = dropCsq(split ? subsetInfo(record, ctx.header, allele.altNumber) : record.INFO);
    const add: string[] = [];
    if (split) add.push(`OLD_MULTIALLELIC=${old}`);
    if (moved) add.push(`OLD_VARIANT=${record.CHROM}:${record.pos1}:${record.REF}/${record.ALT[allele.altNumber - 1]}`);
    if (allele.kind !== 'symbolic' && allele.kind !== 'ref') add.push(`CSQ=${csqFor(allele, ctx, asWritten(record, allele))}`);
    if (add.length > 0) info = info === '.' || info === '' ? add.join(';') : `${info};${add.join(';')}`;
    const pos1 = allele.kind === 'symbolic' ? record.pos1 : allele.pos1;
    const ref = allele.kind === 'symbolic' ? record.REF : allele.ref;
    const samples = split ? subsetSamples(record, ctx.header, allele.altNumber) : record.formatAndSamples;
    let text = `${record.CHROM}\t${pos1}\t${record.ID}\t${ref}\t${allele.alt}\t${record.QUAL}\t${record.FILTER}\t${info}`;
    text += samples === '' ? '\n' : `\t${samples}\n`;
    out.push({ chrom: record.CHROM, pos1, text });
  }
}

/** Stable insertion sort by position within each chromosome run: O(n) for nearly sorted input. */
function joinSorted(out: OutputLine[]): string {
  for (let i = 1; i < out.length; i++) {
    const item = out[i]!;
    let j = i - 1;
    if (out[j]!.chrom !== item.chrom || out[j]!.pos1 <= item.pos1) continue;
    while (j >= 0 && out[j]!.chrom === item.chrom && out[j]!.pos1 > item.pos1) {
      out[j + 1] = out[j]!;
      j--;
    }
    out[j + 1] = item;
  }
  let text = '';
  for (const o of out) text += o.text;
  return text;
}

/**
 * A biallelic SNV (~85% of a WGS) is already normalised: skip the normaliser and keep the line
 * as written (measured: 9% less CPU per record on the 200k-variant bench input).
 */
function biallelicSnv(record: VcfRecord): NormalizedAllele | undefined {
  const ref = record.REF;
  const alt = record.ALT[0]!;
  if (record.ALT.length !== 1 || ref.length !== 1 || alt.length !== 1 || alt === '*' || alt === '.' || alt === ref) return undefined;
  const upperRef = ref.toUpperCase();
  const upperAlt = alt.toUpperCase();
  if (upperRef === upperAlt || upperRef === 'N' || upperAlt === 'N') return undefined;
  const original = { chrom: record.CHROM, pos1: record.pos1, ref: record.REF, alts: record.ALT };
  return { chrom: record.CHROM, pos1: record.pos1, ref: upperRef, alt: upperAlt, kind: 'snv', altNumber: 1, original };
}

/** The input line with its INFO column replaced by `info` plus `add`. */
function withInfo(record: VcfRecord, info: string, add: string): string {
  const merged = info === '.' || info === '' ? add : `${info};${add}`;
  const line = record.line;
  const end = record.infoOffset0 + record.INFO.length;
  return `${line.slice(0, record.infoOffset0)}${merged}${line.slice(end)}\n`;
}

/**
 * The ALT as the record writes it (upper case), for consequences: VEP and bcftools csq annotate
 * an indel where the VCF puts it, not where left-alignment would move it, and in a repeat at a
 * codon or splice-site edge the two differ (K/KX against -/X, splice_donor against intron).
 * The output line stays normalised (OLD_VARIANT keeps the original); HGVS is 3'-shifted either way.
 */
function asWritten(record: VcfRecord, allele: NormalizedAllele): Allele {
  if (allele.kind === 'snv') return allele;
  return { chrom: record.CHROM, pos1: record.pos1, ref: record.REF.toUpperCase(), alt: (record.ALT[allele.altNumber - 1] as string).toUpperCase() };
}

/** CSQ of one allele: consequences of `written` (see asWritten), ClinVar and population sites by the normalised allele. */
function csqFor(allele: NormalizedAllele, ctx: AnnotationContext, written: Allele = allele): string {
  const start0 = Math.min(allele.pos1, written.pos1) - 1;
  const end0 = Math.max(allele.pos1 + allele.ref.length, written.pos1 + written.ref.length) - 1;
  const transcripts = ctx.transcripts.overlapping(allele.chrom, start0 - FLANK_BP, end0 + FLANK_BP);
  const entries = written === allele ? ctx.engine.entries(allele, transcripts, ctx.reader) : ctx.engine.entries(allele, transcripts, ctx.reader, written);
  if (ctx.sites.length === 0) return entries.join(',');
  let extra = '';
  for (const site of ctx.sites) {
    const values = site.lookup(allele.chrom, allele.pos1, allele.ref, allele.alt);
    if (site.kind === 'clinvar') extra += `|${csqValue(values?.[0])}|${csqValue(values?.[1])}`;
    else extra += `|${csqValue(values?.[2])}`;
  }
  return entries.map((e) => e + extra).join(',');
}

/** CSQ values cannot hold ',' '|' ';' '=' or spaces: VEP writes lists with '&'. */
function csqValue(value: string | undefined): string {
  if (value === undefined || value === '.') return '';
  return value.replace(/[,|]/g, '&').replace(/;/g, '%3B').replace(/=/g, '%3D').replace(/\s/g, '_');
}

function dropCsq(info: string): string {
  if (!info.includes('CSQ=')) return info;
  const kept = info.split(';').filter((kv) => !kv.startsWith('CSQ='));
  return kept.length === 0 ? '.' : kept.join(';');
}

/**
 * The worker's path: one batch of whole lines as bytes in, the output lines as UTF-8 bytes out,
 * the same bytes as `annotateLines` + UTF-8 encoding (annotate.test.ts pins the two together).
 *
 * It exists for garbage: the general path allocates a column array, a record, an INFO map and
 * an output object per record and keeps the batch's whole output text alive until it is joined
 * and encoded, and garbage collection was 28–34% of a worker's CPU. Here an ASCII batch is read
 * as one latin1 string; each line's fixed columns are found by index, checked in place
 * (fastRecord) and, for a biallelic SNV, written straight into the output buffer. Anything
 * fastRecord is not sure of — multi-allelic or symbolic ALTs, an INFO value that fails its
 * header, a CSQ already present, a bad GT — goes through parseVcfRecord and recordOutput, which
 * give the same output or throw the same error. A batch with non-ASCII bytes takes the general
 * path whole (its text must be decoded as UTF-8).
 */
export function annotateBatch(bytes: Uint8Array, firstLine: number, ctx: AnnotationContext): { output: Uint8Array; records: number } {
  if (!isAscii(bytes)) {
    const lines = new TextDecoder().decode(bytes).split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    const out = annotateLines(lines, firstLine, ctx);
    return { output: new TextEncoder().encode(out.text), records: out.records };
  }
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const sink = new ByteSink(bytes.byteLength * 8 + 4096);
  const pending: OutputLine[] = [];
  let records = 0;
  let lineIndex = 0;
  for (let ls = 0; ls < text.length; lineIndex++) {
    let nl = text.indexOf('\n', ls);
    if (nl < 0) nl = text.length;
    let le = nl;
    if (le > ls && text.charCodeAt(le - 1) === 13) le--; // CRLF files
    if (le > ls) {
      try {
        if (!fastRecord(text, ls, le, ctx, sink, pending)) {
          if (ctx.warnings) ctx.warnings.line = firstLine + lineIndex;
          recordOutput(parseVcfRecord(text.slice(ls, le), ctx.header, ctx.warnings), ctx, pending);
          for (let k = 0; k < pending.length; k++) sink.add(pending[k]!.chrom, pending[k]!.pos1, pending[k]!.text);
          pending.length = 0;
        }
        records++;
      } catch (err) {
        if (err instanceof KibanError && err.details.line === undefined) {
          throw new KibanError(err.kind, err.code, err.message, { ...err.details, line: firstLine + lineIndex });
        }
        throw err;
      }
    }
    ls = nl + 1;
  }
  return { output: sink.finish(), records };
}

/**
 * Output lines as bytes, with each line's chromosome run, position and offset kept in typed
 * arrays so that the batch can be put back in position order (as joinSorted does) without
 * holding the text in the JS heap. The buffer owns its ArrayBuffer: it is transferred.
 */
type Utf8Writable = Buffer & { utf8Write(text: string, offset: number): number };

class ByteSink {
  private buf: Buffer;
  private used = 0;
  private n = 0;
  private runs = new Int32Array(4096);
  private pos = new Float64Array(4096);
  private starts = new Int32Array(4096);
  private run = -1;
  private lastChrom = '';
  private lastPos = 0;
  private unsorted = false;

  constructor(capacity: number) {
    this.buf = Buffer.allocUnsafeSlow(capacity);
  }

  add(chrom: string, pos1: number, text: string): void {
    if (this.n === this.runs.length) this.growIndex();
    if (this.run < 0 || chrom !== this.lastChrom) {
      this.run++;
      this.lastChrom = chrom;
    } else if (pos1 < this.lastPos) {
      this.unsorted = true;
    }
    this.lastPos = pos1;
    this.runs[this.n] = this.run;
    this.pos[this.n] = pos1;
    this.starts[this.n] = this.used;
    this.n++;
    // A UTF-8 write stops silently when the buffer is full: make room for the worst case first.
    if (this.used + 3 * text.length > this.buf.length) this.grow(this.used + 3 * text.length);
    // The native utf8Write, not write(): write()'s argument handling cost 4× the copy (profile).
    this.used += (this.buf as Utf8Writable).utf8Write(text, this.used);
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.buf.buffer, 0, this.used);
    if (!this.unsorted) return out;
    // Stable insertion sort by position within each chromosome run (joinSorted's order).
    const order = new Int32Array(this.n);
    for (let i = 0; i < this.n; i++) order[i] = i;
    for (let i = 1; i < this.n; i++) {
      const item = order[i]!;
      let j = i - 1;
      while (j >= 0 && this.runs[order[j]!] === this.runs[item] && this.pos[order[j]!]! > this.pos[item]!) {
        order[j + 1] = order[j]!;
        j--;
      }
      order[j + 1] = item;
    }
    const sorted = new Uint8Array(this.used);
    let at = 0;
    for (let i = 0; i < this.n; i++) {
      const k = order[i]!;
      const end = k + 1 < this.n ? this.starts[k + 1]! : this.used;
      sorted.set(out.subarray(this.starts[k]!, end), at);
      at += end - this.starts[k]!;
    }
    return sorted;
  }

  private grow(min: number): void {
    const next = Buffer.allocUnsafeSlow(Math.max(min, this.buf.length * 2));
    this.buf.copy(next, 0, 0, this.used);
    this.buf = next;
  }

  private growIndex(): void {
    const size = this.runs.length * 2;
    const runs = new Int32Array(size);
    runs.set(this.runs);
    this.runs = runs;
    const pos = new Float64Array(size);
    pos.set(this.pos);
    this.pos = pos;
    const starts = new Int32Array(size);
    starts.set(this.starts);
    this.starts = starts;
  }
}

/** A, C, G, T, N in either case (parseVcfRecord's BASES). */
function isBase(c: number): boolean {
  const u = c & ~32;
  return u === 65 || u === 67 || u === 71 || u === 84 || u === 78;
}

/** The next tab in [from, end), or -1. */
function tabIn(text: string, from: number, end: number): number {
  const t = text.indexOf('\t', from);
  return t < 0 || t >= end ? -1 : t;
}

/**
 * One line [ls, le) of `text`, when every check parseVcfRecord makes passes here too: written to
 * `sink` and true. False, with nothing written, when the line needs the general path (which then
 * gives the output, or the error, that it always gave).
 */
function fastRecord(text: string, ls: number, le: number, ctx: AnnotationContext, sink: ByteSink, pending: OutputLine[]): boolean {
  const t1 = tabIn(text, ls, le);
  if (t1 < 0) return false;
  const t2 = tabIn(text, t1 + 1, le);
  if (t2 < 0) return false;
  const t3 = tabIn(text, t2 + 1, le);
  if (t3 < 0) return false;
  const t4 = tabIn(text, t3 + 1, le);
  if (t4 < 0) return false;
  const t5 = tabIn(text, t4 + 1, le);
  if (t5 < 0) return false;
  const t6 = tabIn(text, t5 + 1, le);
  if (t6 < 0) return false;
  const t7 = tabIn(text, t6 + 1, le);
  if (t7 < 0) return false;
  const t8 = tabIn(text, t7 + 1, le);
  const infoEnd = t8 < 0 ? le : t8;

  // POS: /^[1-9][0-9]*$/, short enough to be exact.
  if (t2 - t1 - 1 < 1 || t2 - t1 - 1 > 15) return false;
  let pos1 = 0;
  for (let i = t1 + 1; i < t2; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9 || (d === 0 && i === t1 + 1)) return false;
    pos1 = pos1 * 10 + d;
  }
  // REF: bases.
  if (t4 === t3 + 1) return false;
  for (let i = t3 + 1; i < t4; i++) if (!isBase(text.charCodeAt(i))) return false;
  // ALT: one or more comma-separated runs of bases ('.', symbolic alleles and breakends: general path).
  let altCount = 1;
  if (t5 === t4 + 1 || text.charCodeAt(t4 + 1) === 44 || text.charCodeAt(t5 - 1) === 44) return false;
  for (let i = t4 + 1; i < t5; i++) {
    const c = text.charCodeAt(i);
    if (c === 44) {
      if (text.charCodeAt(i - 1) === 44) return false;
      altCount++;
    } else if (!isBase(c)) return false;
  }
  if (!infoOk(text, t7 + 1, infoEnd, altCount, ctx.header)) return false;
  if (!samplesOk(text, t8, le, altCount, ctx.header)) return false;

  const chrom = text.slice(ls, t1);
  const ref = text.slice(t3 + 1, t4);
  const alt = text.slice(t4 + 1, t5);
  if (altCount === 1 && ref.length === 1 && alt.length === 1) {
    const upperRef = ref.toUpperCase();
    const upperAlt = alt.toUpperCase();
    if (upperRef !== upperAlt && upperRef !== 'N' && upperAlt !== 'N') {
      // biallelicSnv + withInfo, without the record.
      const original = { chrom, pos1, ref, alts: [alt] };
      const allele: NormalizedAllele = { chrom, pos1, ref: upperRef, alt: upperAlt, kind: 'snv', altNumber: 1, original };
      const csq = csqFor(allele, ctx);
      const infoEmpty = infoEnd === t7 + 1 || (infoEnd === t7 + 2 && text.charCodeAt(t7 + 1) === 46);
      const head = infoEmpty ? text.slice(ls, t7 + 1) : text.slice(ls, infoEnd) + ';';
      sink.add(chrom, pos1, `${head}CSQ=${csq}${text.slice(infoEnd, le)}\n`);
      return true;
    }
  }
  const line = text.slice(ls, le);
  const record = new VcfRecord(
    line,
    chrom,
    pos1,
    text.slice(t2 + 1, t3),
    ref,
    altCount === 1 ? [alt] : alt.split(','),
    text.slice(t5 + 1, t6),
    text.slice(t6 + 1, t7),
    text.slice(t7 + 1, infoEnd),
    t8 < 0 ? '' : text.slice(t8 + 1, le),
    t7 + 1 - ls,
  );
  recordOutput(record, ctx, pending);
  for (let k = 0; k < pending.length; k++) sink.add(pending[k]!.chrom, pending[k]!.pos1, pending[k]!.text);
  pending.length = 0;
  return true;
}

/**
 * parseVcfRecord's INFO check over [from, end), or false when unsure; a CSQ already present
 * (replaced), a key without a header line or a count that disagrees with Number (warnings) also
 * go the general way.
 */
function infoOk(text: string, from: number, end: number, altCount: number, header: VcfHeader): boolean {
  if (end === from + 1 && text.charCodeAt(from) === 46) return true;
  const csqAt = text.indexOf('CSQ=', from);
  if (csqAt >= 0 && csqAt < end) return false;
  for (let a = from; a < end; ) {
    let b = text.indexOf(';', a);
    if (b < 0 || b > end) b = end;
    if (b > a) {
      let eq = text.indexOf('=', a);
      if (eq >= b) eq = -1;
      const meta = header.info.get(text.slice(a, eq < 0 ? b : eq));
      if (!meta) return false;
      if (eq < 0) {
        if (meta.type !== 'Flag' && meta.number !== 0) return false;
      } else {
        try {
          checkValue(meta, text.slice(eq + 1, b), altCount, `INFO/${meta.id}`);
        } catch {
          return false;
        }
      }
    }
    a = b + 1;
  }
  return true;
}

/** FORMAT strings whose keys all have a ##FORMAT line, per header: a WGS VCF has a handful. */
const declaredFormats = new WeakMap<VcfHeader, Set<string>>();

function formatDeclared(format: string, header: VcfHeader): boolean {
  let known = declaredFormats.get(header);
  if (!known) declaredFormats.set(header, (known = new Set()));
  if (known.has(format)) return true;
  for (const key of format.split(':')) if (!header.format.has(key)) return false;
  known.add(format);
  return true;
}

/**
 * parseVcfRecord's sample check: one column per header sample after FORMAT, and GT allele
 * indexes within REF + ALT. `t8` is the tab before FORMAT (-1: none).
 */
function samplesOk(text: string, t8: number, le: number, altCount: number, header: VcfHeader): boolean {
  const expected = header.samples.length;
  if (expected === 0) return true;
  if (t8 < 0 || t8 + 1 === le) return false;
  let tabs = 0;
  let firstTab = -1;
  for (let t = tabIn(text, t8 + 1, le); t >= 0; t = tabIn(text, t + 1, le)) {
    if (firstTab < 0) firstTab = t;
    tabs++;
  }
  if (tabs !== expected) return false;
  if (!formatDeclared(text.slice(t8 + 1, firstTab), header)) return false;
  const c0 = text.charCodeAt(t8 + 1);
  const c1 = text.charCodeAt(t8 + 2);
  const c2 = t8 + 3 < le ? text.charCodeAt(t8 + 3) : -1;
  if (!(c0 === 71 && c1 === 84 && (c2 === 58 || c2 === 9))) return true; // FORMAT does not start with GT
  // Each sample's GT: '.' or digits (≤ altCount), separated by '/' or '|', up to ':' or the next tab.
  let i = firstTab + 1;
  while (i <= le) {
    let value = -1; // -1: empty token so far, -2: '.', ≥ 0: digits
    for (;; i++) {
      const c = i < le ? text.charCodeAt(i) : 9;
      if (c === 47 || c === 124 || c === 58 || c === 9) {
        if (value === -1 || value > altCount) return false;
        value = -1;
        if (c === 47 || c === 124) continue;
        break;
      }
      if (value === -2) return false;
      if (c === 46) {
        if (value !== -1) return false;
        value = -2;
      } else if (c >= 48 && c <= 57) {
        value = (value < 0 ? 0 : value) * 10 + (c - 48);
        if (value > 1e6) return false;
      } else return false;
    }
    // Skip the rest of the column (after ':').
    const t = tabIn(text, i, le);
    if (t < 0) break;
    i = t + 1;
  }
  return true;
}
