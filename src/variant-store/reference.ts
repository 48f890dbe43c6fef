import { basename } from 'node:path';
// fasta-file and gene-models are the annotation module's committed readers; switch to its
// index.ts (and to its reference bundle: engine + site tables) once that lands.
import { openFasta } from '../annotation/fasta-file.js';
import { readGeneModels } from '../annotation/gene-models.js';
import { noAnnotator, referenceAnnotator, transcriptOverlap } from './annotate.js';
import type { IngestReference } from './stage-vcf.js';

/**
 * The reference a worker normalises against (FASTA, plain or bgzip) and, with gene models, the
 * gene/transcript overlap annotation. Consequences, ClinVar and population AFs come with the
 * annotation module's bundle (referenceAnnotator's `engine` and `sites`).
 */
export async function openIngestReference(options: { fasta: string; geneModels?: string }): Promise<IngestReference & { close(): void }> {
  const fasta = await openFasta(options.fasta);
  if (!options.geneModels) return { reader: fasta.reader, annotator: noAnnotator, close: () => fasta.close() };
  const transcripts = await readGeneModels(options.geneModels);
  const annotator = referenceAnnotator({
    version: `${basename(options.fasta)}+${basename(options.geneModels)}`,
    reader: fasta.reader,
    transcripts: transcriptOverlap(transcripts),
  });
  return { reader: fasta.reader, annotator, close: () => fasta.close() };
}
