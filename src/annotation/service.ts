import { once } from 'node:events';
import { createWriteStream, existsSync, renameSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { atLocation, invalidInput, KibanError } from '../errors.js';
import { BGZF_EOF, compressBgzf } from '../genomics/bgzf/index.js';
import { VcfWarningTally, warningText, type VcfWarning } from '../genomics/vcf/index.js';
import { extraCsqFields } from './annotator.js';
import { loadReferenceBundle } from './bundle.js';
import { createCsqEngine, csqHeaderLine } from './engine.js';
import { geneModelFormatOf, readGeneModels } from './gene-models.js';
import type { GeneModelFormat } from '../genomics/gff3/index.js';
import { openVcfInput } from './input-batches.js';
import { encodeTranscripts } from './transcript-codec.js';
import { WorkerPool } from './worker-pool.js';
import { deserializeError, type BatchReply, type WorkerInit } from './worker-protocol.js';

export interface AnnotateOptions {
  input: string;
  output: string;
  /** A bundle from `kiban reference build`, or gene models + FASTA directly. */
  reference?: string;
  geneModels?: string;
  /** Default: from the file name (`.gtf[.gz]` is GTF). */
  geneModelFormat?: GeneModelFormat;
  fasta?: string;
  threads?: number;
  /** Batches in flight per worker (the fixed queue depth is threads × this). */
  depthPerWorker?: number;
  commandLine?: string;
  /** HGVSp in HGVS's predicted form p.(…), as VEP's --hgvsp_use_prediction. Default: VEP's default form. */
  hgvspPredicted?: boolean;
  /** Each non-fatal input finding, once per field (`file:line: field: problem (warning…)`). */
  onWarning?: (text: string) => void;
  onProgress?: (p: AnnotateProgress) => void;
}

export interface AnnotateProgress {
  records: number;
  bytesRead: number;
  totalBytes: number;
}

export interface AnnotateResult {
  records: number;
  /** Non-fatal input findings, all occurrences (each field was reported once through onWarning). */
  warnings: number;
  threads: number;
  elapsedMs: number;
}

/**
 * `kiban annotate`: stream a VCF through worker threads and write it with INFO/CSQ, in input
 * order. Output goes to a temporary file in the output's folder, renamed into place at the end and
 * removed on any error, so a failed run leaves no output behind.
 */
export async function annotateVcf(options: AnnotateOptions): Promise<AnnotateResult> {
  const started = Date.now();
  const threads = Math.max(1, options.threads ?? availableParallelism());
  const { init, sources } = await prepareWorkerInit(options);
  const input = await openVcfInput(options.input);
  const bgzf = /\.(gz|bgz)$/i.test(options.output);
  const tmp = join(dirname(options.output), `.${basename(options.output)}.tmp-${process.pid}-${Date.now()}`);
  const out = createWriteStream(tmp);
  let pool: WorkerPool | undefined;
  try {
    const fields = [...createCsqEngine().fields, ...extraCsqFields(init.sites)];
    const headerText = outputHeader(input.headerLines, fields, sources, options.commandLine);
    await write(out, bgzf ? compressBgzf(Buffer.from(headerText)) : Buffer.from(headerText));
    pool = await WorkerPool.start(threads, { ...init, headerLines: input.headerLines, bgzf, hgvspPredicted: options.hgvspPredicted === true });
    const warnings = new VcfWarningTally();
    const report = (w: VcfWarning) => options.onWarning?.(warningText(options.input, w));
    const tally = { merge: (list: VcfWarning[]) => warnings.merge(list).forEach(report) };
    const records = await runBatches(pool, input, out, threads * (options.depthPerWorker ?? 3), options.onProgress, options.input, tally);
    if (bgzf) await write(out, BGZF_EOF);
    out.end();
    await once(out, 'finish');
    renameSync(tmp, options.output);
    return { records, warnings: warnings.total, threads, elapsedMs: Date.now() - started };
  } catch (err) {
    input.destroy();
    out.destroy();
    rmSync(tmp, { force: true });
    throw err;
  } finally {
    await pool?.close();
  }
}

async function runBatches(
  pool: WorkerPool,
  input: Awaited<ReturnType<typeof openVcfInput>>,
  out: NodeJS.WritableStream,
  depth: number,
  onProgress: AnnotateOptions['onProgress'],
  inputPath: string,
  tally: { merge(list: VcfWarning[]): void },
): Promise<number> {
  const replies = new Map<number, BatchReply>();
  // Input bytes read when each batch was cut: progress counts what has been written, not read ahead.
  const readAtDispatch = new Map<number, ReturnType<typeof input.progress>>();
  let dispatched = 0;
  let written = 0;
  let records = 0;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const signal = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  let writing = Promise.resolve();
  const drain = () => {
    writing = writing.then(async () => {
      for (let r = replies.get(written); r && !failure; r = replies.get(written)) {
        replies.delete(written);
        if ('error' in r) {
          const err = deserializeError(r.error);
          const line = err instanceof KibanError && typeof err.details.line === 'number' ? err.details.line : undefined;
          failure = atLocation(err, inputPath, line);
          break;
        }
        await write(out, r.output);
        tally.merge(r.warnings);
        records += r.records;
        written++;
        const read = readAtDispatch.get(written - 1)!;
        readAtDispatch.delete(written - 1);
        onProgress?.({ records, ...read });
      }
      signal();
    });
  };
  for await (const batch of input.batches) {
    while (dispatched - written >= depth && !failure) await new Promise<void>((resolve) => (wake = resolve));
    if (failure) break;
    const seq = dispatched++;
    readAtDispatch.set(seq, input.progress());
    pool.run({ seq, firstLine: batch.firstLine, bytes: batch.bytes }).then(
      (reply) => {
        replies.set(reply.seq, reply);
        drain();
      },
      (err: unknown) => {
        failure ??= err;
        signal();
      },
    );
  }
  while (written < dispatched && !failure) await new Promise<void>((resolve) => (wake = resolve));
  await writing;
  if (failure) throw failure;
  return records;
}

async function write(out: NodeJS.WritableStream, bytes: Uint8Array): Promise<void> {
  if (!out.write(bytes)) await once(out, 'drain');
}

/** Gene models, sequence and site tables, from a bundle or from GFF3/GTF + FASTA. */
async function prepareWorkerInit(options: AnnotateOptions): Promise<{ init: Omit<WorkerInit, 'headerLines' | 'bgzf'>; sources: string[] }> {
  if (options.reference) {
    const bundle = loadReferenceBundle(options.reference);
    const m = bundle.manifest;
    return {
      init: {
        transcripts: bundle.transcriptsBytes,
        fastaPath: m.sequence.path,
        sites: m.sites.map((s) => ({ name: s.name, kind: s.kind, path: join(options.reference!, s.file) })),
      },
      sources: m.sources.map((s) => `${s.role}:${s.name}${s.version ? `@${s.version}` : ''}:sha256=${s.sha256.slice(0, 16)}`),
    };
  }
  if (!options.geneModels || !options.fasta) {
    throw invalidInput('USAGE', 'give --reference DIR, or both --gff3 (or --gtf) and --fasta', { field: 'reference' });
  }
  if (!existsSync(options.fasta)) throw invalidInput('NOT_FOUND', `${options.fasta}: no such file`, { field: 'fasta' });
  const transcripts = await readGeneModels(options.geneModels, options.geneModelFormat ?? geneModelFormatOf(options.geneModels));
  return {
    init: { transcripts: encodeTranscripts(transcripts), fastaPath: options.fasta, sites: [] },
    sources: [`annotation:${basename(options.geneModels)}`, `sequence:${basename(options.fasta)}`],
  };
}

const REPLACED_INFO = /^##INFO=<ID=(CSQ|OLD_MULTIALLELIC|OLD_VARIANT),/;

function outputHeader(headerLines: string[], fields: string[], sources: string[], commandLine?: string): string {
  const meta = headerLines.slice(0, -1).filter((l) => !REPLACED_INFO.test(l));
  meta.push(
    '##INFO=<ID=OLD_MULTIALLELIC,Number=1,Type=String,Description="Original chr:pos:ref/alt encoding">',
    '##INFO=<ID=OLD_VARIANT,Number=.,Type=String,Description="Original chr:pos:ref/alt encoding">',
    csqHeaderLine(fields),
    `##kiban_annotateVersion=0.1.0;sources=${sources.join(',')}`,
  );
  if (commandLine) meta.push(`##kiban_annotateCommand=${commandLine}`);
  return `${[...meta, headerLines[headerLines.length - 1]!].join('\n')}\n`;
}
