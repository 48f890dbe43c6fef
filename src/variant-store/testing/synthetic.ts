import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import { generateGenome, vcfLines, type SyntheticGenome } from '../../genomics/synthetic/index.js';
import { consequenceEngine, referenceAnnotator, transcriptOverlap } from '../annotate.js';
import type { IngestReference } from '../stage-vcf.js';

/** A deterministic synthetic genome and its reference (engine + gene overlap), for kill tests and benchmarks. */
export function syntheticReference(options: { seed: number; contigs: number; contigLengthBp: number }): { genome: SyntheticGenome; reference: IngestReference } {
  const genome = generateGenome(options);
  const reference: IngestReference = {
    reader: genome.reader,
    annotator: referenceAnnotator({
      version: `synthetic-${options.seed}`,
      reader: genome.reader,
      transcripts: transcriptOverlap(genome.transcripts),
      engine: consequenceEngine(),
    }),
  };
  return { genome, reference };
}

/** Streams a single-sample synthetic VCF to `path` (gzip when it ends in .gz), with backpressure. */
export async function writeSyntheticVcf(genome: SyntheticGenome, path: string, count: number, seed = 7): Promise<void> {
  const file = createWriteStream(path);
  const out = path.endsWith('.gz') ? createGzip({ level: 1 }) : undefined;
  out?.pipe(file);
  const sink = out ?? file;
  let buf = '';
  for (const line of vcfLines(genome, { seed, count, samples: 1 })) {
    buf += line + '\n';
    if (buf.length > 1 << 20) {
      if (!sink.write(buf)) await once(sink, 'drain');
      buf = '';
    }
  }
  sink.end(buf);
  await once(file, 'finish');
}
