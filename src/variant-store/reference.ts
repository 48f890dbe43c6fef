import { basename, join } from 'node:path';
import { loadReferenceBundle, openFasta, readGeneModels, SiteTableReader } from '../annotation/index.js';
// The bundle's encoded transcripts and their overlap index are not exported by annotation's
// index.ts yet (requested); these two files are its committed, stable readers.
import { TranscriptStore } from '../annotation/transcript-codec.js';
import { TranscriptIndex } from '../annotation/transcript-index.js';
import { consequenceEngine, noAnnotator, referenceAnnotator, transcriptOverlap } from './annotate.js';
import type { IngestReference } from './stage-vcf.js';

export type ReferenceSource = { bundle: string } | { fasta: string; geneModels?: string };

/**
 * What an ingest normalises against and annotates with. With a reference bundle (`kiban
 * reference build`): its FASTA, transcripts with the consequence engine, ClinVar and population
 * site tables, and the bundle's creation time as the annotation version. With a FASTA alone:
 * normalisation only; with gene models too, consequences without ClinVar or population AFs.
 */
export async function openIngestReference(source: ReferenceSource): Promise<IngestReference & { close(): void }> {
  if ('bundle' in source) {
    const bundle = loadReferenceBundle(source.bundle);
    const m = bundle.manifest;
    const fasta = await openFasta(m.sequence.path);
    const sites = m.sites.map((s) => {
      const table = new SiteTableReader(join(source.bundle, s.file));
      return { name: s.name, kind: s.kind, lookup: table.lookup.bind(table) };
    });
    const annotator = referenceAnnotator({
      version: `bundle:${basename(source.bundle)}@${m.createdAt}`,
      reader: fasta.reader,
      transcripts: boundedIndex(new TranscriptStore(bundle.transcriptsBytes)),
      engine: consequenceEngine(),
      sites,
    });
    return { reader: fasta.reader, annotator, source, close: () => fasta.close() };
  }
  const fasta = await openFasta(source.fasta);
  if (!source.geneModels) return { reader: fasta.reader, annotator: noAnnotator, source, close: () => fasta.close() };
  const annotator = referenceAnnotator({
    version: `${basename(source.fasta)}+${basename(source.geneModels)}`,
    reader: fasta.reader,
    transcripts: transcriptOverlap(await readGeneModels(source.geneModels)),
    engine: consequenceEngine(),
  });
  return { reader: fasta.reader, annotator, source, close: () => fasta.close() };
}

/**
 * Decoded transcripts are held until released; a sorted VCF moves along the genome, so dropping
 * them past 4,096 (as the annotate worker does) keeps memory flat for a whole genome.
 */
const MAX_HELD_TRANSCRIPTS = 4096;

function boundedIndex(store: TranscriptStore): { overlapping: TranscriptIndex['overlapping'] } {
  const index = new TranscriptIndex(store);
  return {
    overlapping(chrom, start0, end0) {
      if (store.builtCount > MAX_HELD_TRANSCRIPTS) store.release();
      return index.overlapping(chrom, start0, end0);
    },
  };
}
