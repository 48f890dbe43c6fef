/**
 * Annotation worker thread: annotates batches of VCF lines (bytes in, bytes out: annotateBatch)
 * and returns the output bytes, already BGZF-compressed when the output is .gz, so that
 * compression runs on all cores.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { compressBgzf } from '../genomics/bgzf/index.js';
import { parseVcfHeaderLines, VcfWarningTally } from '../genomics/vcf/index.js';
import { annotateBatch, type AnnotationContext } from './annotator.js';
import { createCsqEngine } from './engine.js';
import { openFasta } from './fasta-file.js';
import { SiteTableReader } from './site-table.js';
import { TranscriptStore } from './transcript-codec.js';
import { TranscriptIndex } from './transcript-index.js';
import { serializeError, type BatchRequest, type WorkerInit, type WorkerMessage } from './worker-protocol.js';

const port = parentPort;
if (!port) throw new Error('annotate-worker must run in a worker thread');
const init = workerData as WorkerInit;

/**
 * Decoded and prepared transcripts kept between batches. A sorted WGS VCF moves along the genome,
 * so transcripts left behind are dropped once this many are held (~2 KB each prepared, plus their
 * lazily fetched cDNA): memory stays flat whatever the input size.
 */
const MAX_HELD_TRANSCRIPTS = 4096;

async function start(): Promise<AnnotationContext & { store: TranscriptStore; engine: ReturnType<typeof createCsqEngine>; warnings: VcfWarningTally }> {
  const fasta = await openFasta(init.fastaPath);
  const sites = init.sites.map((s) => {
    const table = new SiteTableReader(s.path);
    return { name: s.name, kind: s.kind, lookup: table.lookup.bind(table) };
  });
  const store = new TranscriptStore(init.transcripts);
  return {
    store,
    header: parseVcfHeaderLines(init.headerLines),
    transcripts: new TranscriptIndex(store),
    reader: fasta.reader,
    sites,
    engine: createCsqEngine({ hgvspPredicted: init.hgvspPredicted === true }),
    warnings: new VcfWarningTally(),
  };
}

start().then(
  (ctx) => {
    port.on('message', (req: BatchRequest) => {
      let reply: WorkerMessage;
      try {
        const out = annotateBatch(req.bytes, req.firstLine, ctx);
        if (ctx.store.builtCount > MAX_HELD_TRANSCRIPTS) {
          ctx.store.release();
          ctx.engine.reset();
        }
        const output = init.bgzf ? new Uint8Array(compressBgzf(out.output)) : out.output;
        reply = { seq: req.seq, output, records: out.records, warnings: ctx.warnings.drain() };
        port.postMessage(reply, [output.buffer as ArrayBuffer]);
      } catch (err) {
        ctx.warnings.drain();
        reply = { seq: req.seq, error: serializeError(err) };
        port.postMessage(reply);
      }
    });
    port.postMessage({ ready: true } satisfies WorkerMessage);
  },
  (err: unknown) => port.postMessage({ initError: serializeError(err) } satisfies WorkerMessage),
);
