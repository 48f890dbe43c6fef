import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fastaLines, generateGenome, gff3Lines, type SyntheticGene } from '../genomics/synthetic/index.js';

/**
 * A synthetic genome whose coding genes carry real gene names, for prioritisation tests and the
 * bench: variants are planted at start codons (A of ATG → G: start_lost, HIGH impact), whose
 * consequence does not depend on the rest of the gene model.
 */
export interface SyntheticCase {
  gff3: string;
  fasta: string;
  /** Named plus-strand coding genes, in genome order. */
  genes: SyntheticGene[];
  /** 1-based positions of the start codon's three bases of a gene's canonical transcript. */
  startCodon(gene: SyntheticGene): [number, number, number];
  base(chrom: string, pos1: number): string;
}

export function writeSyntheticCase(dir: string, names: string[], seed = 7, contigLengthBp = 400_000): SyntheticCase {
  const genome = generateGenome({ seed, contigs: 2, contigLengthBp, genesPerMb: 60, twoTranscriptFraction: 0, nonCodingFraction: 0 });
  const usable = genome.genes.filter((g) => g.strand === 1 && g.transcripts.some((t) => t.canonical && t.cds.length > 0));
  if (usable.length < names.length) throw new Error(`synthetic genome has ${usable.length} usable genes, ${names.length} names asked`);
  usable.slice(0, names.length).forEach((g, k) => (g.name = names[k]!));
  const gff3 = join(dir, 'genes.gff3');
  const fasta = join(dir, 'ref.fa');
  writeFileSync(gff3, `${[...gff3Lines(genome)].join('\n')}\n`);
  writeFileSync(fasta, `${[...fastaLines(genome)].join('\n')}\n`);
  const seq = new Map(genome.contigs.map((c) => [c.name, c.sequence]));
  return {
    gff3, fasta, genes: usable.slice(0, names.length),
    startCodon: (g) => {
      const t = g.transcripts.find((x) => x.canonical)!;
      const p = t.cds[0]!.start0 + 1;
      return [p, p + 1, p + 2];
    },
    base: (chrom, pos1) => seq.get(chrom)![pos1 - 1]!,
  };
}
