import { basename } from 'node:path';
import { atLocation, invalidInput } from '../errors.js';
import type { SequenceReader } from '../genomics/types.js';
import { availableParallelism } from 'node:os';
import { VcfHeaderParser, VcfWarningTally, type VcfHeader, type VcfWarning } from '../genomics/vcf/index.js';
import { readLines } from '../annotation/line-reader.js';
import type { AlleleAnnotator } from './annotate.js';
import type { Caller, SampleColumns } from './calls.js';
import type { SampleKind, SampleMeta, StagedSample, VariantStaging, VariantStore } from './interface.js';
import type { ReferenceSource } from './reference.js';
import { StagePool } from './stage-pool.js';
import { stageLines, type RowBatch } from './stage-lines.js';

/** The reference an ingest normalises against and the annotation it adds. */
export interface IngestReference {
  reader: SequenceReader;
  annotator: AlleleAnnotator;
  /** The files it was opened from: staging workers reopen it in their threads. */
  source?: ReferenceSource;
}

export interface StageVcfOptions {
  sampleId: string;
  path: string;
  sha256: string;
  kind: SampleKind;
  caller?: 'mutect2' | 'strelka2';
  /** The VCF column of this sample (the tumour's for somatic files); default: the only one, or as the caller names it. */
  vcfSample?: string;
  normalSample?: string;
  /** Called every `progressEvery` records (the kill test and progress bars use it). */
  onProgress?: (records: number) => void;
  progressEvery?: number;
  /** Staging worker threads when the reference has a file source (default: one per core). */
  threads?: number;
}

export interface StageVcfResult {
  meta: SampleMeta;
  staged: StagedSample;
  skipped: { noAlt: number; refCalls: number; special: number };
  /** Non-fatal input findings, once per field (its first line) with how often each occurred. */
  warnings: VcfWarning[];
}

/**
 * Streams a VCF (plain or gzip/bgzip) into the store's staging: parse, split multi-allelic records
 * (FORMAT values picked per ALT by Number=A/R/G), left-align against the reference, annotate, and
 * append one variant row and one call row per ALT the sample carries. Nothing reaches the store
 * itself: on any error the staging is dropped and the error names file, line and field.
 */
export async function stageVcf(store: VariantStore, ref: IngestReference, o: StageVcfOptions): Promise<StageVcfResult> {
  const name = basename(o.path);
  const lines = readLines(o.path);
  let lineNo = 0;
  let staging: VariantStaging | undefined;
  let pool: StagePool | undefined;
  const inFlight: Promise<RowBatch>[] = [];
  try {
    const headerParser = new VcfHeaderParser();
    let header: VcfHeader | undefined;
    for (;;) {
      const next = await lines.next();
      if (next.done) break;
      lineNo = next.value[1];
      if (headerParser.pushLine(next.value[0])) {
        header = headerParser.header();
        break;
      }
    }
    if (!header) headerParser.header(); // throws the missing-header error
    const h = header!;
    const { caller, cols, vcfSample } = resolveColumns(h, o);
    const meta: SampleMeta = { sampleId: o.sampleId, fileSha256: o.sha256, kind: o.kind, vcfSample, records: 0 };
    const threads = ref.source ? (o.threads ?? Math.max(1, availableParallelism())) : 1;
    if (threads > 1) pool = await StagePool.start(threads, { headerLines: h.metaLines.concat(columnsLine(h)), source: ref.source!, caller, cols });
    staging = await store.stage(meta);
    const skipped = { noAlt: 0, refCalls: 0, special: 0 };
    const warnings = new VcfWarningTally();
    const every = o.progressEvery ?? 100_000;
    const ctx = { header: h, reference: ref, caller, cols };
    const append = (batch: RowBatch) => {
      staging!.addTsv(batch.variants, batch.calls, batch.rows, batch.rows);
      const before = meta.records;
      meta.records += batch.records;
      skipped.noAlt += batch.skipped.noAlt;
      skipped.refCalls += batch.skipped.refCalls;
      skipped.special += batch.skipped.special;
      warnings.merge(batch.warnings);
      if (o.onProgress && Math.floor(meta.records / every) > Math.floor(before / every)) o.onProgress(meta.records);
    };
    let buf: string[] = [];
    let bytes = 0;
    let firstLine = lineNo + 1;
    const submit = async () => {
      if (buf.length === 0) return;
      if (pool) {
        const p = pool.run({ seq: firstLine, text: buf.join('\n'), firstLine });
        p.catch(() => undefined); // awaited in order below; this only silences the early rejection
        inFlight.push(p);
        if (inFlight.length >= threads * 2) append(await inFlight.shift()!);
      } else {
        append(stageLines(buf, firstLine, ctx));
      }
      buf = [];
      bytes = 0;
    };
    for await (const [line, n] of { [Symbol.asyncIterator]: () => lines }) {
      if (buf.length === 0) firstLine = n;
      lineNo = n;
      buf.push(line);
      bytes += line.length;
      if (bytes >= BATCH_BYTES) await submit();
    }
    await submit();
    while (inFlight.length > 0) append(await inFlight.shift()!);
    const staged = await staging.finish();
    return { meta, staged, skipped, warnings: warnings.list() };
  } catch (err) {
    await staging?.abort().catch(() => undefined);
    await lines.return(undefined).catch(() => undefined);
    throw atLocation(err, name, lineNo > 0 ? lineNo : undefined);
  } finally {
    await pool?.close();
  }
}

/** Lines per batch handed to a worker: ~256 KiB of text, as the annotate pipeline batches. */
const BATCH_BYTES = 256 * 1024;

function columnsLine(h: VcfHeader): string {
  return ['#CHROM', 'POS', 'ID', 'REF', 'ALT', 'QUAL', 'FILTER', 'INFO', ...(h.samples.length > 0 ? ['FORMAT', ...h.samples] : [])].join('\t');
}

const STRELKA_KEYS = ['TIR', 'TAR', 'AU', 'TU'];

function resolveColumns(h: VcfHeader, o: StageVcfOptions): { caller: Caller; cols: SampleColumns; vcfSample: string } {
  if (h.samples.length === 0) throw invalidInput('VCF_NO_SAMPLES', 'header: the VCF has no sample columns (sites-only)', { field: '#CHROM' });
  const index = (name: string, field: string) => {
    const i = h.samples.indexOf(name);
    if (i < 0) throw invalidInput('VCF_SAMPLE_NOT_FOUND', `header: no sample column "${name}" (columns: ${h.samples.join(', ')})`, { field });
    return i;
  };
  const metaValue = (key: string) => h.metaLines.find((l) => l.startsWith(`##${key}=`))?.slice(key.length + 3);
  if (o.kind === 'germline') {
    if (!o.vcfSample && h.samples.length > 1) {
      throw invalidInput('VCF_SAMPLE_AMBIGUOUS', `header: ${h.samples.length} sample columns; say which is ${o.sampleId} (vcfSample)`, { field: 'vcfSample' });
    }
    const vcfSample = o.vcfSample ?? h.samples[0]!;
    return { caller: 'germline', cols: { sample: index(vcfSample, 'vcfSample') }, vcfSample };
  }
  const caller = o.caller ?? ([...h.format.keys()].some((k) => STRELKA_KEYS.includes(k)) ? 'strelka2' : 'mutect2');
  const tumour = o.vcfSample ?? metaValue('tumor_sample') ?? (h.samples.includes('TUMOR') ? 'TUMOR' : undefined);
  if (!tumour) throw invalidInput('VCF_SAMPLE_AMBIGUOUS', 'header: which column is the tumour? (no ##tumor_sample, no TUMOR column; give vcfSample)', { field: 'vcfSample' });
  const normal = o.normalSample ?? metaValue('normal_sample') ?? (h.samples.includes('NORMAL') ? 'NORMAL' : undefined);
  const cols: SampleColumns = { sample: index(tumour, 'vcfSample') };
  if (normal !== undefined) cols.normal = index(normal, 'normalSample');
  return { caller, cols, vcfSample: tumour };
}
