import { KibanError, invalidInput } from '../errors.js';
import { normalizeRecord } from '../genomics/normalize/index.js';
import { parseVcfRecord, VcfWarningTally, type VcfHeader, type VcfWarning } from '../genomics/vcf/index.js';
import { callRow, RecordSamples, type Caller, type SampleColumns } from './calls.js';
import { callTsv, variantTsv } from './stage-tsv.js';
import type { IngestReference } from './stage-vcf.js';
import { variantKey } from './variant-key.js';

export interface LineContext {
  header: VcfHeader;
  reference: IngestReference;
  caller: Caller;
  cols: SampleColumns;
}

export interface Skipped {
  noAlt: number;
  refCalls: number;
  special: number;
}

/**
 * The rows of a batch of data lines, in line order, as stage-tsv.ts lines: `rows` lines in each
 * of `variants` and `calls`, line i of one belonging to line i of the other. Text, not objects:
 * a worker posts two strings, and the main thread writes them without touching a row.
 */
export interface RowBatch {
  records: number;
  rows: number;
  variants: string;
  calls: string;
  skipped: Skipped;
  /** Non-fatal findings (pass-through INFO counts, keys without a header line), once per field with its first line and count. */
  warnings: VcfWarning[];
}

/**
 * Parses, splits, left-aligns and annotates a batch of data lines (no header), in the main
 * thread or in a staging worker. `firstLine` is the file line of lines[0]; an error carries its
 * line in details.line (the edge adds the file).
 */
export function stageLines(lines: readonly string[], firstLine: number, ctx: LineContext): RowBatch {
  const out: RowBatch = { records: 0, rows: 0, variants: '', calls: '', skipped: { noAlt: 0, refCalls: 0, special: 0 }, warnings: [] };
  // The same line as `kiban annotate` draws: what Kiban stores is checked, what it passes over is warned about.
  const warnings = new VcfWarningTally();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    try {
      warnings.line = firstLine + i;
      stageLine(line, ctx, out, warnings);
    } catch (err) {
      if (err instanceof KibanError && err.details.line === undefined) {
        throw new KibanError(err.kind, err.code, err.message, { ...err.details, line: firstLine + i });
      }
      throw err;
    }
  }
  out.warnings = warnings.drain();
  return out;
}

/** Contigs already checked, per context: the check runs once per contig, not once per record. */
const knownContigs = new WeakMap<LineContext, Set<string>>();

/**
 * A record on a contig the header does not declare and the reference does not have cannot be
 * placed (a typo, another assembly's name): the file is refused rather than the record loaded as
 * an intergenic variant on a contig nothing else knows.
 */
function checkContig(chrom: string, ctx: LineContext): void {
  let known = knownContigs.get(ctx);
  if (!known) knownContigs.set(ctx, (known = new Set()));
  if (known.has(chrom)) return;
  if (!ctx.header.contigs.has(chrom) && ctx.reference.reader.contigLength(chrom) === undefined) {
    throw invalidInput('UNKNOWN_CONTIG', `CHROM: "${chrom}" is in neither the VCF header's ##contig lines nor the reference`, { field: 'CHROM' });
  }
  known.add(chrom);
}

function stageLine(line: string, ctx: LineContext, out: RowBatch, warnings: VcfWarningTally): void {
  const record = parseVcfRecord(line, ctx.header, warnings);
  out.records++;
  checkContig(record.CHROM, ctx);
  if (record.ALT.length === 0) {
    out.skipped.noAlt++;
    return;
  }
  const { reader, annotator } = ctx.reference;
  const alleles = normalizeRecord({ chrom: record.CHROM, pos1: record.pos1, ref: record.REF, alts: record.ALT }, reader);
  const rs = new RecordSamples(record, ctx.header);
  for (const allele of alleles) {
    if (allele.kind === 'ref' || allele.alt === '*' || allele.alt === '.') {
      out.skipped.special++;
      continue;
    }
    const key = variantKey(allele.chrom, allele.pos1, allele.ref, allele.alt);
    const call = callRow(rs, allele.altNumber, ctx.caller, ctx.cols, key);
    if (!call) {
      out.skipped.refCalls++;
      continue;
    }
    const annotation = annotator.annotate(allele);
    out.variants += variantTsv({ variantKey: key, chrom: allele.chrom, pos1: allele.pos1, ref: allele.ref, alt: allele.alt, kind: allele.kind, ...annotation, annotationVersion: annotator.version });
    out.calls += callTsv(call);
    out.rows++;
  }
}
