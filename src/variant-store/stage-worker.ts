/**
 * A staging worker thread: opens the reference from its files, then turns batches of VCF lines
 * into rows (stage-lines.ts) for the main thread to append. See stage-pool.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { parseVcfHeaderLines } from '../genomics/vcf/index.js';
import { openIngestReference } from './reference.js';
import { stageLines, type LineContext } from './stage-lines.js';
import { serializeError, type StageWorkerInit, type StageWorkerMessage, type StageRequest } from './stage-pool.js';

const port = parentPort;
if (!port) throw new Error('stage-worker must run in a worker thread');
const init = workerData as StageWorkerInit;

openIngestReference(init.source).then(
  (reference) => {
    const ctx: LineContext = { header: parseVcfHeaderLines(init.headerLines), reference, caller: init.caller, cols: init.cols };
    port.on('message', (req: StageRequest) => {
      try {
        const batch = stageLines(req.text.split('\n'), req.firstLine, ctx);
        port.postMessage({ seq: req.seq, batch } satisfies StageWorkerMessage);
      } catch (err) {
        port.postMessage({ seq: req.seq, error: serializeError(err) } satisfies StageWorkerMessage);
      }
    });
    port.postMessage({ ready: true } satisfies StageWorkerMessage);
  },
  (err: unknown) => port.postMessage({ initError: serializeError(err) } satisfies StageWorkerMessage),
);
