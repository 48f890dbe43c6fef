/** Deterministic synthetic genomes, gene models, GFF3/FASTA/VCF text for tests and benchmarks. */
export { Prng } from './prng.js';
export {
  generateGenome,
  memoryReader,
  type SyntheticContig,
  type SyntheticGene,
  type SyntheticGenome,
  type SyntheticGenomeOptions,
} from './genome.js';
export { gff3Lines, gtfLines, fastaLines } from './render.js';
export { vcfLines, type SyntheticVcfOptions } from './vcf.js';
